package io.sockudo.kv.kernel;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/** A value of a test type ({@code TYPE} prints "string"), for kernel tests that need keys to exist. */
public record TestValue(String s) implements KvValue {
    public static final ValueType TYPE = () -> "string";

    public TestValue() {
        this("");
    }

    @Override
    public ValueType type() {
        return TYPE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public long memoryUsage() {
        return 16;
    }

    @Override
    public KvValue copy() {
        return new TestValue(s);
    }
}
