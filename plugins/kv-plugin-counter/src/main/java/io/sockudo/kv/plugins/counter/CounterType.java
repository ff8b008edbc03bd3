package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.ValueType;

/**
 * The counter value type. Its name is nine characters, as Redis requires of module type names,
 * so it would also fit an RDB module-type record.
 */
public final class CounterType implements ValueType {
    public static final CounterType INSTANCE = new CounterType();

    private CounterType() {
    }

    @Override
    public String name() {
        return "kvcounter";
    }

    // codec(): not persisted yet (the default null), so counters do not survive a restart.
}
