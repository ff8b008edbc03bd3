package io.sockudo.kv.types.core.streams;

import java.util.TreeMap;

/** A consumer of a group: its name, its pending entries and when it was last seen / active. */
final class Consumer {
    final byte[] name;
    /** Last time the consumer attempted an interaction (read, claim...). */
    long seenTime;
    /** Last time the consumer actually read or claimed an entry; -1 if never (Redis 7.2). */
    long activeTime = -1;
    final TreeMap<StreamId, PendingEntry> pel = new TreeMap<>();

    Consumer(byte[] name, long now) {
        this.name = name;
        this.seenTime = now;
    }
}
