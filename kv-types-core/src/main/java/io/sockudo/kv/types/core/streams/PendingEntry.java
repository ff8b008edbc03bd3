package io.sockudo.kv.types.core.streams;

/** An entry delivered to a consumer and not acknowledged yet (Redis's streamNACK). */
final class PendingEntry {
    final StreamId id;
    long deliveryTime;
    long deliveryCount;
    Consumer consumer;

    PendingEntry(StreamId id, long deliveryTime, long deliveryCount, Consumer consumer) {
        this.id = id;
        this.deliveryTime = deliveryTime;
        this.deliveryCount = deliveryCount;
        this.consumer = consumer;
    }
}
