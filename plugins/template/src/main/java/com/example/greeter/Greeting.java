package com.example.greeter;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/** A greeting stored under a key: its text and how often the key was greeted. */
final class Greeting implements KvValue {
    String text;
    long times;

    Greeting(String text, long times) {
        this.text = text;
        this.times = times;
    }

    @Override
    public ValueType type() {
        return GreetingType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";                    // OBJECT ENCODING
    }

    @Override
    public long memoryUsage() {
        return 48 + 2L * text.length();  // MEMORY USAGE and eviction
    }

    @Override
    public KvValue copy() {
        return new Greeting(text, times); // COPY
    }
}
