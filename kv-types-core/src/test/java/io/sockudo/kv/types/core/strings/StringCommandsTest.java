package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command handlers against a fake context: WRONGTYPE (no other type exists yet), keyspace events,
 * replication rewriting, TTL handling and encodings, which the differential scripts cannot see.
 */
class StringCommandsTest {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private FakeContext ctx;

    /** A value of some other type. */
    private static final KvValue OTHER = new KvValue() {
        @Override
        public ValueType type() {
            return () -> "list";
        }

        @Override
        public String encoding() {
            return "listpack";
        }

        @Override
        public long memoryUsage() {
            return 0;
        }

        @Override
        public KvValue copy() {
            return this;
        }
    };

    @BeforeEach
    void setUp() {
        ctx = new FakeContext();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String run(CommandHandler h, String... words) {
        return ctx.run(h, words);
    }

    private String value(String key) {
        KvValue v = ctx.db.get(b(key));
        return v == null ? null : FakeContext.str(((StringValue) v).bytes());
    }

    private String encoding(String key) {
        return ctx.db.get(b(key)).encoding();
    }

    @Test
    void wrongTypeForEveryCommand() {
        ctx.db.put(b("l"), OTHER);
        assertEquals(WRONGTYPE, run(GetSetCommands::get, "GET", "l"));
        assertEquals(WRONGTYPE, run(GetSetCommands::set, "SET", "l", "v", "GET"));
        assertEquals(WRONGTYPE, run(GetSetCommands::getset, "GETSET", "l", "v"));
        assertEquals(WRONGTYPE, run(GetSetCommands::getdel, "GETDEL", "l"));
        assertEquals(WRONGTYPE, run(GetSetCommands::getex, "GETEX", "l", "EX", "10"));
        assertEquals(WRONGTYPE, run(CounterCommands::incr, "INCR", "l"));
        assertEquals(WRONGTYPE, run(CounterCommands::decr, "DECR", "l"));
        assertEquals(WRONGTYPE, run(CounterCommands::incrby, "INCRBY", "l", "2"));
        assertEquals(WRONGTYPE, run(CounterCommands::decrby, "DECRBY", "l", "2"));
        assertEquals(WRONGTYPE, run(CounterCommands::incrbyfloat, "INCRBYFLOAT", "l", "2"));
        assertEquals(WRONGTYPE, run(RangeCommands::append, "APPEND", "l", "x"));
        assertEquals(WRONGTYPE, run(RangeCommands::strlen, "STRLEN", "l"));
        assertEquals(WRONGTYPE, run(RangeCommands::getrange, "GETRANGE", "l", "0", "1"));
        assertEquals(WRONGTYPE, run(RangeCommands::setrange, "SETRANGE", "l", "0", "x"));
        assertEquals(WRONGTYPE, run(RangeCommands::setrange, "SETRANGE", "l", "0", ""));
        assertEquals("-ERR The specified keys must contain string values\r\n", run(LcsCommand::lcs, "LCS", "l", "x"));
        assertEquals("-ERR The specified keys must contain string values\r\n", run(LcsCommand::lcs, "LCS", "x", "l", "BAD"));
        // argument errors come before the type check where Redis checks them first
        assertEquals("-ERR value is not an integer or out of range\r\n", run(CounterCommands::incrby, "INCRBY", "l", "x"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run(RangeCommands::getrange, "GETRANGE", "l", "a", "1"));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::getex, "GETEX", "l", "NX"));
        // MGET answers nil for other types; SET without GET and MSET overwrite them
        assertEquals("*2\r\n$-1\r\n$-1\r\n", run(MultiKeyCommands::mget, "MGET", "l", "missing"));
        assertEquals(":0\r\n", run(MultiKeyCommands::msetnx, "MSETNX", "l", "v"));
        assertEquals(":0\r\n", run(GetSetCommands::setnx, "SETNX", "l", "v"));
        assertTrue(ctx.db.get(b("l")) == OTHER, "unchanged after the errors");
        assertEquals("+OK\r\n", run(GetSetCommands::set, "SET", "l", "v"));
        assertEquals("v", value("l"));
    }

    @Test
    void setWithExpiryPropagatesPxatAndFiresEvents() {
        assertEquals("+OK\r\n", run(GetSetCommands::set, "SET", "k", "v", "EX", "10"));
        long at = ctx.now + 10_000;
        assertEquals(at, ctx.db.expireAt(b("k")));
        assertEquals(List.of("SET k v PXAT " + at), ctx.propagated);
        assertEquals(List.of("STRING:set:k", "GENERIC:expire:k"), ctx.events);

        assertEquals("+OK\r\n", run(GetSetCommands::setex, "SETEX", "k", "5", "v"));
        assertEquals(List.of("SET k v PXAT " + (ctx.now + 5000)), ctx.propagated);
        assertEquals("+OK\r\n", run(GetSetCommands::psetex, "PSETEX", "k", "5", "v"));
        assertEquals(List.of("SET k v PXAT " + (ctx.now + 5)), ctx.propagated);
        assertEquals("+OK\r\n", run(GetSetCommands::set, "SET", "k", "v", "EXAT", "1800000000"));
        assertEquals(List.of("SET k v PXAT 1800000000000"), ctx.propagated);
        assertEquals("-ERR invalid expire time in 'setex' command\r\n", run(GetSetCommands::setex, "SETEX", "k", "0", "v"));
        assertEquals("-ERR invalid expire time in 'psetex' command\r\n", run(GetSetCommands::psetex, "PSETEX", "k", "-1", "v"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n",
                run(GetSetCommands::set, "SET", "k", "v", "PX", "9223372036854775807"));
        assertEquals("-ERR invalid expire time in 'set' command\r\n",
                run(GetSetCommands::set, "SET", "k", "v", "EX", "9223372036854776"));
    }

    @Test
    void setKeepTtlAndPlainSetClearsTtl() {
        run(GetSetCommands::set, "SET", "k", "v", "PX", "1000");
        run(GetSetCommands::set, "SET", "k", "w", "KEEPTTL");
        assertEquals(ctx.now + 1000, ctx.db.expireAt(b("k")));
        assertEquals(List.of(), ctx.propagated, "propagated as received");
        run(GetSetCommands::set, "SET", "k", "x");
        assertEquals(-1, ctx.db.expireAt(b("k")));
    }

    @Test
    void setGetNxXx() {
        assertEquals("$-1\r\n", run(GetSetCommands::set, "SET", "k", "1", "GET"));
        assertEquals(List.of("SET k 1"), ctx.propagated);
        assertEquals("$1\r\n1\r\n", run(GetSetCommands::set, "SET", "k", "2", "GET", "NX"));
        assertEquals("1", value("k"));
        assertEquals(List.of(), ctx.events);
        assertEquals("$1\r\n1\r\n", run(GetSetCommands::set, "SET", "k", "3", "xx", "get", "GET"));
        assertEquals(List.of("SET k 3 xx"), ctx.propagated);
        assertEquals("$-1\r\n", run(GetSetCommands::set, "SET", "m", "3", "XX"));
        assertNull(ctx.db.get(b("m")));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::set, "SET", "k", "v", "NX", "XX"));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::set, "SET", "k", "v", "KEEPTTL", "EX", "1"));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::set, "SET", "k", "v", "EX"));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::set, "SET", "k", "v", "PERSIST"));
        assertEquals("-ERR value is not an integer or out of range\r\n", run(GetSetCommands::set, "SET", "k", "v", "EX", "1.5"));
        assertEquals(":1\r\n", run(GetSetCommands::setnx, "SETNX", "n", "v"));
        assertEquals(":0\r\n", run(GetSetCommands::setnx, "SETNX", "n", "w"));
    }

    @Test
    void getexRewritesToPexpireatDelOrPersist() {
        run(GetSetCommands::set, "SET", "k", "v");
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getex, "GETEX", "k", "PX", "100"));
        assertEquals(List.of("PEXPIREAT k " + (ctx.now + 100)), ctx.propagated);
        assertEquals(List.of("GENERIC:expire:k"), ctx.events);
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getex, "GETEX", "k", "PERSIST"));
        assertEquals(List.of("PERSIST k"), ctx.propagated);
        assertEquals(List.of("GENERIC:persist:k"), ctx.events);
        assertEquals(-1, ctx.db.expireAt(b("k")));
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getex, "GETEX", "k", "PERSIST"));
        assertEquals(List.of(), ctx.propagated, "nothing changed");
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getex, "GETEX", "k"));
        assertEquals(List.of(), ctx.events);
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getex, "GETEX", "k", "EXAT", "1"));
        assertEquals(List.of("DEL k"), ctx.propagated);
        assertEquals(List.of("GENERIC:del:k"), ctx.events);
        assertNull(ctx.db.get(b("k")));
        assertEquals("$-1\r\n", run(GetSetCommands::getex, "GETEX", "k", "EX", "-1"));
        assertEquals(List.of("KEY_MISS:keymiss:k"), ctx.events);
        run(GetSetCommands::set, "SET", "k", "v");
        assertEquals("-ERR invalid expire time in 'getex' command\r\n", run(GetSetCommands::getex, "GETEX", "k", "EX", "-1"));
        assertEquals("-ERR syntax error\r\n", run(GetSetCommands::getex, "GETEX", "k", "EX", "1", "PERSIST"));
    }

    @Test
    void getdelAndGetset() {
        run(GetSetCommands::set, "SET", "k", "v", "EX", "100");
        assertEquals("$1\r\nv\r\n", run(GetSetCommands::getset, "GETSET", "k", "w"));
        assertEquals(-1, ctx.db.expireAt(b("k")), "GETSET clears the TTL");
        assertEquals(List.of("SET k w"), ctx.propagated);
        assertEquals(List.of("STRING:set:k"), ctx.events);
        assertEquals("$1\r\nw\r\n", run(GetSetCommands::getdel, "GETDEL", "k"));
        assertEquals(List.of("DEL k"), ctx.propagated);
        assertEquals(List.of("GENERIC:del:k"), ctx.events);
        assertEquals("$-1\r\n", run(GetSetCommands::getdel, "GETDEL", "k"));
        assertEquals(List.of(), ctx.propagated);
    }

    @Test
    void countersKeepTtlAndEncoding() {
        run(GetSetCommands::set, "SET", "n", "10", "EX", "100");
        assertEquals(":11\r\n", run(CounterCommands::incr, "INCR", "n"));
        assertEquals(List.of("STRING:incrby:n"), ctx.events);
        assertEquals(ctx.now + 100_000, ctx.db.expireAt(b("n")));
        assertEquals("int", encoding("n"));
        assertEquals(":-9\r\n", run(CounterCommands::decrby, "DECRBY", "n", "20"));
        assertEquals("-ERR decrement would overflow\r\n", run(CounterCommands::decrby, "DECRBY", "n", "-9223372036854775808"));
        run(GetSetCommands::set, "SET", "n", "9223372036854775807");
        assertEquals("-ERR increment or decrement would overflow\r\n", run(CounterCommands::incr, "INCR", "n"));
        for (String bad : new String[]{" 1", "01", "+1", "1.0", "", "-0", "abc"}) {
            ctx.db.put(b("s"), StringValue.of(b(bad)));
            assertEquals("-ERR value is not an integer or out of range\r\n", run(CounterCommands::incr, "INCR", "s"), bad);
        }
        ctx.db.put(b("r"), StringValue.raw(b("5")));
        assertEquals("raw", encoding("r"));
        assertEquals(":6\r\n", run(CounterCommands::incr, "INCR", "r"));
        assertEquals("int", encoding("r"));
    }

    @Test
    void incrbyfloatPropagatesSetKeepttl() {
        run(GetSetCommands::set, "SET", "f", "10.5", "PX", "5000");
        assertEquals("$4\r\n10.6\r\n", run(CounterCommands::incrbyfloat, "INCRBYFLOAT", "f", "0.1"));
        assertEquals(List.of("SET f 10.6 KEEPTTL"), ctx.propagated);
        assertEquals(List.of("STRING:incrbyfloat:f"), ctx.events);
        assertEquals(ctx.now + 5000, ctx.db.expireAt(b("f")));
        assertEquals("$2\r\n11\r\n", run(CounterCommands::incrbyfloat, "INCRBYFLOAT", "f", "0.4"));
        assertEquals("embstr", encoding("f"), "INCRBYFLOAT results are never int encoded");
        assertEquals("-ERR value is not a valid float\r\n", run(CounterCommands::incrbyfloat, "INCRBYFLOAT", "f", "1 "));
        assertEquals("-ERR increment would produce NaN or Infinity\r\n", run(CounterCommands::incrbyfloat, "INCRBYFLOAT", "f", "inf"));
        assertEquals("11", value("f"));
    }

    @Test
    void appendAndSetrange() {
        assertEquals(":2\r\n", run(RangeCommands::append, "APPEND", "a", "12"));
        assertEquals("int", encoding("a"));
        assertEquals(List.of("STRING:append:a"), ctx.events);
        assertEquals(":3\r\n", run(RangeCommands::append, "APPEND", "a", "3"));
        assertEquals("raw", encoding("a"));
        assertEquals(":3\r\n", run(RangeCommands::append, "APPEND", "a", ""));
        assertEquals(":4\r\n", run(RangeCommands::setrange, "SETRANGE", "s", "2", "ab"));
        assertEquals("\0\0ab", value("s"));
        assertEquals("raw", encoding("s"));
        assertEquals(List.of("STRING:setrange:s"), ctx.events);
        assertEquals(":4\r\n", run(RangeCommands::setrange, "SETRANGE", "s", "100", ""));
        assertEquals(List.of(), ctx.events);
        assertEquals(":0\r\n", run(RangeCommands::setrange, "SETRANGE", "none", "100", ""));
        assertNull(ctx.db.get(b("none")));
        assertEquals("-ERR offset is out of range\r\n", run(RangeCommands::setrange, "SETRANGE", "s", "-1", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
                run(RangeCommands::setrange, "SETRANGE", "s", "536870912", "x"));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
                run(RangeCommands::setrange, "SETRANGE", "s", "9223372036854775807", "x"));
        ctx.config.put("proto-max-bulk-len", "1048576");
        ctx.db.put(b("big"), StringValue.of(new byte[1048576]));
        assertEquals("-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n",
                run(RangeCommands::append, "APPEND", "big", "x"));
        assertEquals(":1048576\r\n", run(RangeCommands::append, "APPEND", "big", ""));
    }

    @Test
    void lcsReplies() {
        run(MultiKeyCommands::mset, "MSET", "a", "ohmytext", "b", "mynewtext");
        assertEquals("$6\r\nmytext\r\n", run(LcsCommand::lcs, "LCS", "a", "b"));
        assertEquals(":6\r\n", run(LcsCommand::lcs, "LCS", "a", "b", "LEN"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
                + "$3\r\nlen\r\n:6\r\n", run(LcsCommand::lcs, "LCS", "a", "b", "IDX"));
        assertEquals("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n",
                run(LcsCommand::lcs, "LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"));
        assertEquals("-ERR If you want both the length and indexes, please just use IDX.\r\n",
                run(LcsCommand::lcs, "LCS", "a", "b", "IDX", "LEN"));
        assertEquals("$0\r\n\r\n", run(LcsCommand::lcs, "LCS", "x", "y"));
        ctx.config.put("proto-max-bulk-len", "16");
        assertEquals("-ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len\r\n",
                run(LcsCommand::lcs, "LCS", "a", "b"));
    }

    @Test
    void readMissesFireKeymiss() {
        run(GetSetCommands::get, "GET", "nope");
        assertEquals(List.of("KEY_MISS:keymiss:nope"), ctx.events);
        run(CounterCommands::incr, "INCR", "nope");
        assertEquals(List.of("STRING:incrby:nope"), ctx.events, "write lookups fire no keymiss");
    }

    /** Which lookups count as keyspace hits/misses: Redis's lookupKeyRead ones only. */
    @Test
    void readLookupsCountHitsAndMisses() {
        run(GetSetCommands::set, "SET", "k", "v");
        assertCounts(0, 0);
        run(GetSetCommands::get, "GET", "k");
        assertCounts(1, 0);
        run(GetSetCommands::get, "GET", "nope");
        assertCounts(1, 1);
        run(MultiKeyCommands::mget, "MGET", "k", "nope", "k");
        assertCounts(3, 2);
        run(RangeCommands::strlen, "STRLEN", "nope");
        run(RangeCommands::getrange, "GETRANGE", "k", "0", "1");
        assertCounts(4, 3);
        run(GetSetCommands::getex, "GETEX", "nope");
        run(GetSetCommands::getdel, "GETDEL", "nope");
        run(GetSetCommands::getset, "GETSET", "g", "v");
        assertCounts(4, 6);
        assertEquals(List.of("KEY_MISS:keymiss:g", "STRING:set:g"), ctx.events, "keymiss fired once");
        run(GetSetCommands::set, "SET", "k", "w", "GET");
        assertCounts(5, 6);
        // write lookups count nothing
        run(GetSetCommands::set, "SET", "k", "w", "NX");
        run(GetSetCommands::setnx, "SETNX", "k", "w");
        run(CounterCommands::incr, "INCR", "n");
        run(RangeCommands::append, "APPEND", "a", "x");
        run(RangeCommands::setrange, "SETRANGE", "r", "0", "x");
        assertCounts(5, 6);
    }

    private void assertCounts(long hits, long misses) {
        assertEquals(hits, ctx.db.hits, "hits");
        assertEquals(misses, ctx.db.misses, "misses");
    }
}
