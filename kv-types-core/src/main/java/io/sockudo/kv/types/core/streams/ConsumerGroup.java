package io.sockudo.kv.types.core.streams;

import java.util.Map;
import java.util.TreeMap;

/**
 * A consumer group: its last delivered ID, its logical read counter, the pending entries list
 * (PEL) of the whole group and its consumers ordered by name.
 *
 * <p>The PEL and the consumers change only through this class's methods ({@link #addPending},
 * {@link #removePending}, {@link #createConsumer}, {@link #deleteConsumer}...; moving an entry
 * between consumers does not change the count): each keeps the owning stream's running byte
 * total ({@link StreamValue#groupBytes}) current, so {@link StreamValue#memoryUsage()}, called on
 * every write of the key, never walks groups or PELs. Readers may use the maps directly.
 */
final class ConsumerGroup {
    /** Redis's SCG_INVALID_ENTRIES_READ. */
    static final long INVALID = -1;

    /**
     * A group without consumers or pending entries: this object (12-byte header, 5 references,
     * 2 longs: 48), its two TreeMaps (48 each), its entry in the stream's group map (40) and
     * its last-ID object (32); its name array is added apart.
     */
    static final long GROUP_BYTES = 48 + 2 * 48 + 40 + 32;
    /**
     * A pending entry: the PendingEntry (40), its StreamId (32), its TreeMap entry in the group's
     * PEL (40) and the one in its consumer's PEL (40; counted even while no consumer owns it).
     */
    static final long PEL_BYTES = 40 + 32 + 40 + 40;
    /** A consumer: the object (40), its PEL TreeMap (48) and its entry in the group's map (40); name apart. */
    static final long CONSUMER_BYTES = 40 + 48 + 40;

    private final StreamValue stream;
    final byte[] name;
    StreamId lastId;
    long entriesRead;
    /** Read freely; change only through this class (see the class comment). */
    final TreeMap<StreamId, PendingEntry> pel = new TreeMap<>();
    /** Read freely; change only through this class (see the class comment). */
    final TreeMap<byte[], Consumer> consumers = new TreeMap<>(StreamValue.NAME_ORDER);
    /** Sum of the consumers' name arrays (header and alignment included). */
    private long consumerNameBytes;

    ConsumerGroup(StreamValue stream, byte[] name, StreamId lastId, long entriesRead) {
        this.stream = stream;
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
        return addConsumer(new Consumer(name, now));
    }

    /** Looks a consumer up, creating it if needed. */
    Consumer consumerOrCreate(byte[] name, long now) {
        Consumer c = consumers.get(name);
        return c != null ? c : addConsumer(new Consumer(name, now));
    }

    private Consumer addConsumer(Consumer c) {
        consumers.put(c.name, c);
        long b = StreamValue.arrayBytes(c.name);
        consumerNameBytes += b;
        stream.groupBytes += CONSUMER_BYTES + b;
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
        long b = StreamValue.arrayBytes(c.name);
        consumerNameBytes -= b;
        stream.groupBytes -= CONSUMER_BYTES + b + c.pel.size() * PEL_BYTES;
        return c.pel.size();
    }

    /**
     * Adds a pending entry for {@code id}, which must not be pending yet, owned by {@code c}
     * (null: no owner yet, as FORCE claims and loading create them).
     */
    PendingEntry addPending(StreamId id, long deliveryTime, long deliveryCount, Consumer c) {
        PendingEntry p = new PendingEntry(id, deliveryTime, deliveryCount, c);
        pel.put(id, p);
        if (c != null) {
            c.pel.put(id, p);
        }
        stream.groupBytes += PEL_BYTES;
        return p;
    }

    /** Removes the pending entry of {@code id} from the group and its owner; returns it, or null. */
    PendingEntry removePending(StreamId id) {
        PendingEntry p = pel.remove(id);
        if (p != null) {
            if (p.consumer != null) {
                p.consumer.pel.remove(id);
            }
            stream.groupBytes -= PEL_BYTES;
        }
        return p;
    }

    /** Gives a pending entry to {@code c} (no change in size). */
    static void transfer(PendingEntry p, Consumer c) {
        if (p.consumer != c) {
            if (p.consumer != null) {
                p.consumer.pel.remove(p.id);
            }
            c.pel.put(p.id, p);
            p.consumer = c;
        }
    }

    /** O(1): what the group holds (see the constants), from its counts and running name total. */
    long memoryUsage() {
        return GROUP_BYTES + StreamValue.arrayBytes(name) + pel.size() * PEL_BYTES
                + consumers.size() * CONSUMER_BYTES + consumerNameBytes;
    }

    /** {@link #memoryUsage()} recomputed by walking the consumers (tests). */
    long recomputeMemoryUsage() {
        long n = GROUP_BYTES + StreamValue.arrayBytes(name) + pel.size() * PEL_BYTES;
        for (Consumer c : consumers.values()) {
            n += CONSUMER_BYTES + StreamValue.arrayBytes(c.name);
        }
        return n;
    }

    /** A deep copy belonging to {@code owner} (whose group total the caller sets). */
    ConsumerGroup copy(StreamValue owner) {
        ConsumerGroup g = new ConsumerGroup(owner, name, lastId, entriesRead);
        for (Map.Entry<byte[], Consumer> e : consumers.entrySet()) {
            Consumer src = e.getValue();
            Consumer c = new Consumer(src.name, src.seenTime);
            c.activeTime = src.activeTime;
            g.consumers.put(e.getKey(), c);
        }
        g.consumerNameBytes = consumerNameBytes;
        for (PendingEntry p : pel.values()) {
            Consumer c = g.consumers.get(p.consumer.name);
            PendingEntry q = new PendingEntry(p.id, p.deliveryTime, p.deliveryCount, c);
            g.pel.put(p.id, q);
            c.pel.put(p.id, q);
        }
        return g;
    }
}
