package io.sockudo.kv.types.core.streams;

import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group: its last delivered ID, its logical read counter, the pending entries list
 * (PEL) of the whole group and its consumers ordered by name.
 */
final class ConsumerGroup {
    /** Redis's SCG_INVALID_ENTRIES_READ. */
    static final long INVALID = -1;

    final byte[] name;
    StreamId lastId;
    long entriesRead;
    final TreeMap<StreamId, PendingEntry> pel = new TreeMap<>();
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(StreamValue.NAME_ORDER);

    ConsumerGroup(byte[] name, StreamId lastId, long entriesRead) {
        this.name = name;
        this.lastId = lastId;
        this.entriesRead = entriesRead;
    }

    Consumer consumer(byte[] name) {
        return consumers.get(name);
    }

    /** Creates a consumer; null if it exists. */
    Consumer createConsumer(byte[] name, long now) {
        if (consumers.containsKey(name)) {
            return null;
        }
        Consumer c = new Consumer(name, now);
        consumers.put(name, c);
        return c;
    }

    /** Looks a consumer up, creating it if needed. */
    Consumer consumerOrCreate(byte[] name, long now) {
        Consumer c = consumers.get(name);
        if (c == null) {
            c = new Consumer(name, now);
            consumers.put(name, c);
        }
        return c;
    }

    /** Deletes a consumer and its pending entries; returns how many were pending, or -1. */
    long deleteConsumer(byte[] name) {
        Consumer c = consumers.remove(name);
        if (c == null) {
            return -1;
        }
        for (StreamId id : c.pel.keySet()) {
            pel.remove(id);
        }
        return c.pel.size();
    }

    long memoryUsage() {
        return 128 + name.length + pel.size() * 120L + consumers.size() * 96L;
    }

    ConsumerGroup copy() {
        ConsumerGroup g = new ConsumerGroup(name, lastId, entriesRead);
        for (Map.Entry<byte[], Consumer> e : consumers.entrySet()) {
            Consumer src = e.getValue();
            Consumer c = new Consumer(src.name, src.seenTime);
            c.activeTime = src.activeTime;
            g.consumers.put(e.getKey(), c);
        }
        for (PendingEntry p : pel.values()) {
            Consumer c = g.consumers.get(p.consumer.name);
            PendingEntry q = new PendingEntry(p.id, p.deliveryTime, p.deliveryCount, c);
            g.pel.put(p.id, q);
            c.pel.put(p.id, q);
        }
        return g;
    }
}
