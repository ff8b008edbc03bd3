package io.sockudo.kv.kernel.config;

import io.sockudo.kv.spi.ConfigOption;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation, normalisation and atomic multi-set of the registry. */
class ConfigRegistryTest {
    private static ConfigRegistry registry() {
        ConfigRegistry r = new ConfigRegistry();
        KernelConfig.registerAll(r);
        return r;
    }

    @Test
    void normalisesLikeRedis() {
        ConfigRegistry r = registry();
        assertNull(r.set("hz", "1000"));
        assertEquals("500", r.get("hz"));
        assertNull(r.set("hz", "0"));
        assertEquals("1", r.get("hz"));
        assertNull(r.set("maxmemory", "2mb"));
        assertEquals("2097152", r.get("maxmemory"));
        assertNull(r.set("maxmemory", "3k"));
        assertEquals("3000", r.get("maxmemory"));
        assertNull(r.set("maxmemory", ""));
        assertEquals("0", r.get("maxmemory"));
        assertNull(r.set("appendfsync", "ALWAYS"));
        assertEquals("always", r.get("appendfsync"));
        assertNull(r.set("notify-keyspace-events", "Ex$"));
        assertEquals("$xE", r.get("notify-keyspace-events"));
        assertNull(r.set("notify-keyspace-events", "g$lshzxetdn"));
        assertEquals("A", r.get("notify-keyspace-events"));
        assertNull(r.set("lua-time-limit", "7000"));
        assertEquals("7000", r.get("busy-reply-threshold"));
    }

    @Test
    void validatesLikeRedis() {
        ConfigRegistry r = registry();
        assertEquals("argument couldn't be parsed into an integer", r.set("hz", "05"));
        assertEquals("argument couldn't be parsed into an integer", r.set("hz", " 5"));
        assertEquals("argument must be between 0 and 2147483647 inclusive", r.set("hz", "-1"));
        assertEquals("argument must be a memory value", r.set("maxmemory", "-1"));
        assertEquals("argument must be a memory value", r.set("maxmemory", "1.5gb"));
        assertEquals("argument must be between 1048576 and 9223372036854775807 inclusive",
                r.set("proto-max-bulk-len", "100"));
        assertEquals("Invalid save parameters", r.set("save", "100"));
        assertEquals("Invalid save parameters", r.set("save", "  200 3"));
        assertEquals("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.", r.set("notify-keyspace-events", "y"));
        assertEquals("dbfilename can't be a path, just a filename", r.set("dbfilename", "a/b"));
        assertTrue(r.set("nosuch", "1").startsWith("Unknown option"));
    }

    @Test
    void setAllIsAllOrNothing() {
        ConfigRegistry r = registry();
        List<String> seen = new ArrayList<>();
        r.onChange("hz", seen::add);
        ConfigRegistry.SetFailure f = r.setAll(List.of(r.option("hz"), r.option("maxmemory-samples")),
                List.of("20", "0"));
        assertEquals(1, f.index());
        assertEquals("10", r.get("hz"));
        assertEquals(List.of("10"), seen, "no listener runs when the set fails");
        assertNull(r.setAll(List.of(r.option("hz"), r.option("maxmemory-samples")), List.of("20", "7")));
        assertEquals("20", r.get("hz"));
        assertEquals("7", r.get("maxmemory-samples"));
    }

    @Test
    void namesIncludeAliasesAndModuleOptionsInferTheirType() {
        ConfigRegistry r = registry();
        assertTrue(r.allNames().containsAll(List.of("replicaof", "slaveof", "busy-reply-threshold", "lua-time-limit")));
        r.register(ConfigOption.bool("mod-flag", false));
        assertNull(r.set("mod-flag", "YES"));
        assertEquals("yes", r.get("mod-flag"));
        assertEquals(OptionType.BOOL, r.type(r.option("mod-flag")));
    }

    @Test
    void memoryUnitsFollowMemtoull() {
        assertEquals(1024L, MemoryUnits.parseStrict("1kb"));
        assertEquals(1000L, MemoryUnits.parseStrict("1K"));
        assertEquals(5L, MemoryUnits.parseStrict("5b"));
        assertEquals(0L, MemoryUnits.parseStrict("gb"));
        assertNull(MemoryUnits.parseStrict("-1"));
        assertNull(MemoryUnits.parseStrict("1 kb"));
        assertNull(MemoryUnits.parseStrict("1tb"));
        assertNull(MemoryUnits.parseStrict("99999999999999999999"));
    }
}
