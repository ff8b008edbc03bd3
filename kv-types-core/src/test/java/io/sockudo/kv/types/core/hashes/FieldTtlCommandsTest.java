package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.types.core.strings.FakeContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Field expiration commands on a fake context with a controlled clock: replies, events, propagation, passive expiry. */
class FieldTtlCommandsTest {
    private FakeContext ctx;

    @BeforeEach
    void setUp() {
        ctx = new FakeContext();
        ctx.config.put("hash-max-listpack-entries", "512");
        ctx.config.put("hash-max-listpack-value", "64");
    }

    private String run(io.sockudo.kv.spi.CommandHandler h, String... words) {
        return ctx.run(h, words);
    }

    @Test
    void hexpireCodesEventsAndPropagation() {
        run(BasicHashCommands::hset, "hset", "h", "a", "1", "b", "2");
        String r = run(c -> FieldTtlCommands.hexpire(c, "hexpire", true, 1000),
                "hexpire", "h", "10", "NX", "FIELDS", "2", "a", "zz");
        assertEquals("*2\r\n:1\r\n:-2\r\n", r);
        assertEquals(List.of("HASH:hexpire:h"), ctx.events);
        assertEquals(List.of("HPEXPIREAT h " + (ctx.now + 10_000) + " NX FIELDS 2 a zz"), ctx.propagated);
        r = run(c -> FieldTtlCommands.httl(c, true, 1), "hpttl", "h", "FIELDS", "3", "a", "b", "zz");
        assertEquals("*3\r\n:10000\r\n:-1\r\n:-2\r\n", r);
        r = run(c -> FieldTtlCommands.httl(c, false, 1000), "hexpiretime", "h", "FIELDS", "1", "a");
        assertEquals("*1\r\n:" + (ctx.now / 1000 + 10) + "\r\n", r);
        // past time: deleted (2); the last field takes the key with it
        r = run(c -> FieldTtlCommands.hexpire(c, "hpexpireat", false, 1), "hpexpireat", "h", "1", "FIELDS", "2", "a", "b");
        assertEquals("*2\r\n:2\r\n:2\r\n", r);
        assertEquals(List.of("HASH:hexpired:h", "GENERIC:del:h"), ctx.events);
        assertEquals("$-1\r\n", run(BasicHashCommands::hget, "hget", "h", "a"));
        assertEquals(":0\r\n", run(BasicHashCommands::hlen, "hlen", "h"));
    }

    @Test
    void passiveExpiryOnTheCommandClock() {
        run(BasicHashCommands::hset, "hset", "p", "a", "1", "b", "2");
        run(c -> FieldTtlCommands.hexpire(c, "hpexpire", true, 1), "hpexpire", "p", "100", "FIELDS", "1", "a");
        ctx.now += 100;
        // expired only once the expiry time is before now (Redis's rule for fields)
        assertEquals("$1\r\n1\r\n", run(BasicHashCommands::hget, "hget", "p", "a"));
        ctx.now += 1;
        assertEquals("$-1\r\n", run(BasicHashCommands::hget, "hget", "p", "a"));
        assertEquals(List.of("HASH:hexpired:p"), ctx.events);
        assertEquals(":1\r\n", run(BasicHashCommands::hlen, "hlen", "p"));
        assertEquals("*2\r\n$1\r\nb\r\n$1\r\n2\r\n", run(BasicHashCommands::hgetall, "hgetall", "p"));
    }

    @Test
    void hsetexAndHgetexPropagateAbsoluteTimes() {
        String r = run(FieldTtlCommands::hsetex, "hsetex", "s", "FNX", "EX", "5", "FIELDS", "1", "a", "1");
        assertEquals(":1\r\n", r);
        assertEquals(List.of("HASH:hset:s", "HASH:hexpire:s"), ctx.events);
        assertEquals(List.of("hsetex s FNX PXAT " + (ctx.now + 5000) + " FIELDS 1 a 1"), ctx.propagated);
        r = run(FieldTtlCommands::hgetex, "hgetex", "s", "PX", "70", "FIELDS", "2", "a", "zz");
        assertEquals("*2\r\n$1\r\n1\r\n$-1\r\n", r);
        assertEquals(List.of("hgetex s PXAT " + (ctx.now + 70) + " FIELDS 2 a zz"), ctx.propagated);
        r = run(FieldTtlCommands::hgetex, "hgetex", "s", "PERSIST", "FIELDS", "1", "a");
        assertEquals("*1\r\n$1\r\n1\r\n", r);
        assertEquals(List.of("HASH:hpersist:s"), ctx.events);
        r = run(c -> FieldTtlCommands.httl(c, true, 1000), "httl", "s", "FIELDS", "1", "a");
        assertEquals("*1\r\n:-1\r\n", r);
        r = run(FieldTtlCommands::hsetex, "hsetex", "s", "FXX", "KEEPTTL", "FIELDS", "1", "b", "2");
        assertEquals(":0\r\n", r);
        r = run(FieldTtlCommands::hgetdel, "hgetdel", "s", "FIELDS", "1", "a");
        assertEquals("*1\r\n$1\r\n1\r\n", r);
        assertEquals(List.of("HASH:hdel:s", "GENERIC:del:s"), ctx.events);
    }

    @Test
    void errors() {
        run(BasicHashCommands::hset, "hset", "e", "a", "1");
        assertEquals("-ERR invalid expire time, must be >= 0\r\n",
                run(c -> FieldTtlCommands.hexpire(c, "hexpire", true, 1000), "hexpire", "e", "-1", "FIELDS", "1", "a"));
        assertEquals("-ERR invalid expire time in 'hexpire' command\r\n",
                run(c -> FieldTtlCommands.hexpire(c, "hexpire", true, 1000), "hexpire", "e", "70368744177", "FIELDS", "1", "a"));
        assertEquals("-ERR value is not an integer or out of range\r\n",
                run(c -> FieldTtlCommands.hexpire(c, "hexpire", true, 1000), "hexpire", "e", "x", "FIELDS", "1", "a"));
        assertEquals("-ERR Mandatory argument FIELDS is missing or not at the right position\r\n",
                run(FieldTtlCommands::hgetex, "hgetex", "e", "PERSIST", "1", "FIELDS", "1", "a"));
        assertEquals("-ERR The `numfields` parameter must match the number of arguments\r\n",
                run(FieldTtlCommands::hgetex, "hgetex", "e", "FIELDS", "2", "a"));
        assertEquals("-ERR unknown argument\r\n",
                run(FieldTtlCommands::hsetex, "hsetex", "e", "NX", "FIELDS", "1", "a", "b"));
        assertTrue(ctx.db.get("e".getBytes()) instanceof HashValue);
    }
}
