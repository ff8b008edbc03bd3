package com.example.greeter;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.ValueTypeConformance;

import java.util.List;
import java.util.Set;

/**
 * The kernel's conformance suite for the {@code greeting} type: TYPE, OBJECT ENCODING, DUMP/RESTORE
 * through its codec, persistence, MEMORY USAGE, WRONGTYPE, keyspace events, COPY/RENAME, MULTI and
 * the propagated form. Every value type of a plugin should have one of these.
 */
class GreetingConformanceTest extends ValueTypeConformance {
    @Override
    protected EmbeddedServer startServer(String... overrides) {
        return EmbeddedServer.startWithPlugin(GreeterPluginTest.jar(), overrides);
    }

    @Override
    protected String typeName() {
        return "greeting";
    }

    @Override
    protected Set<String> encodings() {
        return Set.of("raw");
    }

    @Override
    protected List<List<String>> create(String key) {
        return List.of(List.of("GREET.HELLO", key, "Ada"), List.of("GREET.HELLO", key, "Bob"));
    }

    @Override
    protected List<List<String>> describe(String key) {
        return List.of(List.of("GREET.GET", key));
    }

    @Override
    protected List<String> write(String key) {
        return List.of("GREET.HELLO", key, "Eve");
    }

    @Override
    protected String createEvent() {
        return "greet.hello";
    }
}
