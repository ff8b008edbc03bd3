package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/**
 * One counter: its value plus how often it was incremented and reset. Mutated in place by the
 * CNT.* handlers, which hold the key's lock and call {@code Keyspace.modified} afterwards.
 */
public final class CounterValue implements KvValue {
    /** Object header plus three longs, as a 64-bit JVM with compressed oops lays it out. */
    private static final long SIZE = 16 + 3 * Long.BYTES;

    long value;
    long increments;
    long resets;

    CounterValue(long value, long increments, long resets) {
        this.value = value;
        this.increments = increments;
        this.resets = resets;
    }

    @Override
    public ValueType type() {
        return CounterType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "int64";
    }

    @Override
    public long memoryUsage() {
        return SIZE;
    }

    @Override
    public KvValue copy() {
        return new CounterValue(value, increments, resets);
    }
}
