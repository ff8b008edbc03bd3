package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DUMP/RESTORE interoperability with redis-server 7.0.15, both directions, for every core type in
 * every encoding 7.0 chooses. Per scenario the same commands build key {@code k} on both servers,
 * then: the two DUMP payloads are byte-identical (where Redis's own order is deterministic: not for
 * hashtable-encoded hashes and sets, whose dict order is Redis's, nor for stream consumer groups,
 * whose times are each server's clock); each server RESTOREs the other's payload as {@code k2} with
 * the same encoding and the same DEBUG DIGEST-VALUE on both sides; and re-DUMPing the restored
 * value reproduces the payload it came from (the loaded encoding is kept exactly). Streams also
 * compare XINFO STREAM FULL, which shows the groups, PELs and consumers the digest leaves out.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DumpRestoreInteropTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private static RedisServerProcess redis;
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        kv = EmbeddedServer.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (kv != null) {
            kv.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /**
     * One way of building {@code k}. {@code sameBytes}: the payloads must be identical;
     * {@code ordered}: the payload has one possible layout for the contents, so a restored value
     * DUMPs back to the very bytes it was restored from.
     */
    record Scenario(String name, boolean sameBytes, boolean ordered, List<String[]> commands) {
    }

    private static String rep(String s, int n) {
        return s.repeat(n);
    }

    private static final class Builder {
        final List<Scenario> out = new ArrayList<>();

        Builder add(String name, boolean sameBytes, boolean ordered, String... commands) {
            List<String[]> cmds = new ArrayList<>();
            for (String c : commands) {
                cmds.add(c.split(" "));
            }
            out.add(new Scenario(name, sameBytes, ordered, cmds));
            return this;
        }

        Builder add(String name, boolean sameBytes, boolean ordered, List<String[]> commands) {
            out.add(new Scenario(name, sameBytes, ordered, commands));
            return this;
        }
    }

    /** {@code cmd key} followed by {@code n} generated arguments. */
    private static String[] many(String cmd, int n, java.util.function.IntFunction<String[]> args) {
        List<String> a = new ArrayList<>(List.of(cmd.split(" ")));
        for (int i = 0; i < n; i++) {
            a.addAll(Arrays.asList(args.apply(i)));
        }
        return a.toArray(new String[0]);
    }

    private static List<String[]> cmds(String[]... c) {
        return new ArrayList<>(Arrays.asList(c));
    }

    static List<Scenario> scenarios() {
        Builder b = new Builder();
        // strings: integer encodings, embstr, raw, LZF-compressed, binary, empty
        b.add("string int8", true, true, "SET k 100");
        b.add("string int32", true, true, "SET k -2147483648");
        b.add("string int64 as text", true, true, "SET k 9223372036854775807");
        b.add("string embstr", true, true, "SET k hello");
        b.add("string compressible", true, true, "SET k " + rep("abcdefgh", 300));
        b.add("string raw", true, true, "SET k " + rep("q9Zx2LmP7vR4kTn8", 1));
        b.add("string empty", true, true, List.<String[]>of(new String[] {"SET", "k", ""}));
        b.add("string append", true, true, "SET k 12", "APPEND k 34");
        b.add("bitmap", true, true, "SETBIT k 100000 1", "SETBIT k 7 1");
        b.add("hll sparse", true, true, "PFADD k a b c d e f");
        b.add("hll dense", true, true, cmds(many("PFADD k", 5000, i -> new String[] {"e" + i})));
        // lists: one node, integers of every width, many nodes, compressed inner nodes, count fill
        b.add("list listpack", true, true,
                "RPUSH k a 1 -1 127 128 -4096 4095 40000 -40000 8388607 8388608 2147483648 -9223372036854775808 xyz");
        b.add("list many nodes", true, true, cmds(many("RPUSH k", 600, i -> new String[] {"element-" + i + "-"
                + rep("x", i % 50)})));
        b.add("list pushes both ends and pops", true, true, cmds(
                many("RPUSH k", 300, i -> new String[] {rep("r", 40) + i}),
                many("LPUSH k", 300, i -> new String[] {rep("l", 40) + i}),
                new String[] {"LPOP", "k", "150"}, new String[] {"RPOP", "k", "7"}));
        b.add("list big elements", true, true, "RPUSH k " + rep("a", 9000) + " " + rep("b", 100) + " "
                + rep("c", 20000) + " d");
        b.add("list compress depth 1", true, true, cmds(new String[] {"CONFIG", "SET", "list-compress-depth", "1"},
                many("RPUSH k", 800, i -> new String[] {"compressible compressible compressible " + i})));
        b.add("list fill by count", true, true, cmds(new String[] {"CONFIG", "SET", "list-max-listpack-size", "5"},
                many("RPUSH k", 23, i -> new String[] {"v" + i})));
        // hashes: listpack, hashtable by count and by value length
        b.add("hash listpack", true, true, "HSET k f1 v1 f2 2 f3 -300 f4 " + rep("y", 60));
        b.add("hash hashtable one field", true, true, "HSET k f " + rep("z", 100));
        b.add("hash hashtable", false, false, cmds(many("HSET k", 600, i -> new String[] {"field" + i, "v" + i})));
        b.add("hash listpack after deletes", true, true, "HSET k a 1 b 2 c 3 d 4", "HDEL k b", "HSET k e 5 a 9");
        // sets: intsets of each width, hashtables
        b.add("set intset16", true, true, "SADD k 3 1 2 -5");
        b.add("set intset32", true, true, "SADD k 1 70000");
        b.add("set intset64", true, true, "SADD k 1 5000000000 -9223372036854775808");
        b.add("set hashtable one member", true, true, "SADD k member");
        b.add("set hashtable", false, false, "SADD k a b c d e f g h 1 2 3");
        b.add("set big intset", true, true, cmds(many("SADD k", 500, i -> new String[] {Integer.toString(i * 7)})));
        b.add("set over intset limit", false, false, cmds(many("SADD k", 600, i -> new String[] {Integer.toString(i)})));
        // sorted sets: listpack, skiplist by count and by member length; geo
        b.add("zset listpack", true, true,
                "ZADD k 1 a 2.5 bb -3 ccc 100000 123 inf pinf -inf ninf 1.1 b 12345678901234 e 0.1 f");
        b.add("zset skiplist", true, true, cmds(many("ZADD k", 200, i -> new String[] {Double.toString(i * 0.37),
                "m" + i})));
        b.add("zset skiplist long member", true, true, "ZADD k 1 a 2 " + rep("m", 100));
        b.add("geo", true, true, "GEOADD k 13.361389 38.115556 Palermo 15.087269 37.502669 Catania 2.35 48.85 Paris");
        // streams: one node, many nodes, deletions, trimming, groups without and with consumers
        b.add("stream small", true, true, "XADD k 1-1 f v", "XADD k 1-2 f v2 g w", "XADD k 2-0 a 1 b 2");
        b.add("stream many nodes", true, true, streamNodes());
        b.add("stream deletes and trims", true, true, "XADD k 1-1 a 1", "XADD k 2-1 a 2", "XADD k 3-1 a 3 b 4",
                "XADD k 4-1 a 5", "XDEL k 2-1", "XTRIM k MAXLEN 2", "XADD k 9-9 a x");
        b.add("stream emptied", true, true, "XADD k MAXLEN 0 1-1 f v", "XSETID k 5-5");
        b.add("stream groups", true, true, "XADD k 1-1 f v", "XADD k 2-1 f v", "XGROUP CREATE k g1 0",
                "XGROUP CREATE k g2 $", "XGROUP CREATE k g3 1-1 ENTRIESREAD 1");
        b.add("stream consumers and PEL", false, true, "XADD k 1-1 f v", "XADD k 2-1 f v", "XADD k 3-1 f v",
                "XGROUP CREATE k g 0", "XREADGROUP GROUP g alice COUNT 2 STREAMS k >",
                "XREADGROUP GROUP g bob STREAMS k >", "XACK k g 2-1", "XCLAIM k g carol 0 1-1 JUSTID",
                "XGROUP CREATECONSUMER k g dave", "XGROUP CREATE k other $");
        return b.out;
    }

    private static List<String[]> streamNodes() {
        List<String[]> c = new ArrayList<>();
        for (int i = 1; i <= 350; i++) {
            c.add(new String[] {"XADD", "k", i + "-" + (i % 3), "field", "value-" + i, "n", Integer.toString(i)});
        }
        c.add(new String[] {"XADD", "k", "400-0", "other", "fields"});
        c.add(new String[] {"XDEL", "k", "5-2", "150-0", "350-2"});
        return c;
    }

    private static final String[][] RESET = {
        {"FLUSHALL"},
        {"CONFIG", "SET", "list-compress-depth", "0"},
        {"CONFIG", "SET", "list-max-listpack-size", "-2"},
    };

    private static byte[] call(RespClient c, String... args) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return c.call(a);
    }

    private static byte[] dump(RespClient c, String key) throws IOException {
        List<Object> r = RespValue.parse(call(c, "DUMP", key));
        return (byte[]) r.get(0);
    }

    private static byte[] restore(RespClient c, String key, byte[] payload) throws IOException {
        return c.call(List.of("RESTORE".getBytes(StandardCharsets.US_ASCII), key.getBytes(StandardCharsets.US_ASCII),
                "0".getBytes(StandardCharsets.US_ASCII), payload));
    }

    /**
     * XINFO STREAM FULL as redis-server 7.0 prints it: the streams family also reports Redis 7.2's
     * consumer {@code active-time}, which 7.0 lacks (and which a v2 stream record does not carry).
     */
    static String without72Fields(String xinfo) {
        return xinfo.replaceAll("\\$11\r\nactive-time\r\n:-?\\d+\r\n", "")
                .replace("*10\r\n$4\r\nname\r\n", "*8\r\n$4\r\nname\r\n");
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @TestFactory
    Stream<DynamicTest> crossRestore() {
        return scenarios().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> check(s)));
    }

    private static void check(Scenario s) throws IOException {
        try (RespClient r = new RespClient(redis.port()); RespClient k = new RespClient(kv.port())) {
            for (String[] c : RESET) {
                call(r, c);
                call(k, c);
            }
            for (String[] c : s.commands()) {
                String a = text(call(r, c));
                String b = text(call(k, c));
                assertEquals(a, b, "reply to " + String.join(" ", c).substring(0,
                        Math.min(80, String.join(" ", c).length())));
            }
            byte[] fromRedis = dump(r, "k");
            byte[] fromKv = dump(k, "k");
            assertNotNull(fromRedis);
            assertNotNull(fromKv);
            if (s.sameBytes()) {
                assertEquals(HEX.formatHex(fromRedis), HEX.formatHex(fromKv), "DUMP payloads");
            }
            assertEquals(text(OK), text(restore(k, "k2", fromRedis)), "RESTORE of redis's payload");
            assertEquals(text(OK), text(restore(r, "k2", fromKv)), "redis-server RESTOREs our payload");
            assertEquals(text(OK), text(restore(r, "k3", fromRedis)));
            assertEquals(text(OK), text(restore(k, "k3", fromKv)));
            // a loaded value's encoding is the loader's choice (a raw "1234" loads as an int): compare
            // what each server makes of both payloads with what redis-server makes of its own
            String enc = text(call(r, "OBJECT", "ENCODING", "k3"));
            assertEquals(text(call(r, "OBJECT", "ENCODING", "k")), text(call(k, "OBJECT", "ENCODING", "k")),
                    "encoding of k");
            assertEquals(enc, text(call(k, "OBJECT", "ENCODING", "k2")), "encoding of redis's value restored here");
            assertEquals(enc, text(call(k, "OBJECT", "ENCODING", "k3")), "encoding of our value restored here");
            assertEquals(enc, text(call(r, "OBJECT", "ENCODING", "k2")), "encoding of our value restored in redis");
            String digests = text(call(r, "DEBUG", "DIGEST-VALUE", "k", "k2", "k3"));
            assertEquals(digests, text(call(k, "DEBUG", "DIGEST-VALUE", "k", "k2", "k3")), "digests");
            List<Object> d = RespValue.parse(call(k, "DEBUG", "DIGEST-VALUE", "k", "k2", "k3"));
            assertEquals(text((byte[]) d.get(0)), text((byte[]) d.get(1)), "digest of k2 is k's");
            assertEquals(text((byte[]) d.get(0)), text((byte[]) d.get(2)), "digest of k3 is k's");
            if (s.ordered()) {
                assertEquals(HEX.formatHex(fromRedis), HEX.formatHex(dump(k, "k2")),
                        "redis's payload restored here DUMPs back to the same bytes");
                assertEquals(HEX.formatHex(fromKv), HEX.formatHex(dump(r, "k2")),
                        "our payload restored in redis DUMPs back to the same bytes");
            }
            if (text(call(r, "TYPE", "k")).equals("+stream\r\n")) {
                assertEquals(text(call(r, "XINFO", "STREAM", "k", "FULL")),
                        without72Fields(text(call(k, "XINFO", "STREAM", "k2", "FULL"))), "redis's stream restored here");
                assertEquals(without72Fields(text(call(k, "XINFO", "STREAM", "k", "FULL"))),
                        text(call(r, "XINFO", "STREAM", "k2", "FULL")), "our stream restored in redis");
            }
            assertEquals(text(call(r, "DEBUG", "DIGEST")), text(call(k, "DEBUG", "DIGEST")), "dataset digests");
            for (String[] c : RESET) {
                call(r, c);
                call(k, c);
            }
        }
    }

    /** LZF output byte for byte: long strings of many shapes, DUMPed by both servers (rdbcompression yes). */
    @Test
    void lzfMatchesRedis() throws IOException {
        java.util.Random rnd = new java.util.Random(20261207);
        try (RespClient r = new RespClient(redis.port()); RespClient k = new RespClient(kv.port())) {
            for (int i = 0; i < 300; i++) {
                int len = 21 + rnd.nextInt(i < 200 ? 400 : 30000);
                int alphabet = 1 + rnd.nextInt(i % 3 == 0 ? 4 : 60);
                byte[] v = new byte[len];
                for (int j = 0; j < len; j++) {
                    // runs and repeats as well as noise
                    v[j] = j > 8 && rnd.nextInt(4) == 0 ? v[j - 1 - rnd.nextInt(8)] : (byte) ('!' + rnd.nextInt(alphabet));
                }
                List<byte[]> set = List.of("SET".getBytes(), "lz".getBytes(), v);
                r.call(set);
                k.call(set);
                assertEquals(HEX.formatHex(dump(r, "lz")), HEX.formatHex(dump(k, "lz")), "string " + i + " of " + len);
            }
            call(r, "DEL", "lz");
            call(k, "DEL", "lz");
        }
    }

    /** IDLETIME and FREQ set the access data as objectSetLRUOrLFU does (bounds allow a clock tick). */
    @Test
    void idleTimeAndFrequency() throws IOException {
        try (RespClient k = new RespClient(kv.port())) {
            call(k, "FLUSHALL");
            call(k, "SET", "src", "v");
            byte[] p = dump(k, "src");
            assertArrayEquals(OK, k.call(List.of("RESTORE".getBytes(), "a".getBytes(), "0".getBytes(), p,
                    "IDLETIME".getBytes(), "1000".getBytes())));
            long idle = Long.parseLong(text(call(k, "OBJECT", "IDLETIME", "a")).trim().substring(1));
            assertTrue(idle >= 1000 && idle <= 1002, "idle " + idle);
            try {
                call(k, "CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
                assertArrayEquals(OK, k.call(List.of("RESTORE".getBytes(), "b".getBytes(), "0".getBytes(), p,
                        "FREQ".getBytes(), "100".getBytes())));
                long freq = Long.parseLong(text(call(k, "OBJECT", "FREQ", "b")).trim().substring(1));
                assertTrue(freq == 100 || freq == 99, "freq " + freq);
                // IDLETIME under LFU changes nothing (the key keeps the counter of a new key)
                assertArrayEquals(OK, k.call(List.of("RESTORE".getBytes(), "c".getBytes(), "0".getBytes(), p,
                        "IDLETIME".getBytes(), "1000".getBytes())));
                assertEquals(":5\r\n", text(call(k, "OBJECT", "FREQ", "c")), "LFU_INIT_VAL");
            } finally {
                call(k, "CONFIG", "SET", "maxmemory-policy", "noeviction");
            }
        }
    }
}
