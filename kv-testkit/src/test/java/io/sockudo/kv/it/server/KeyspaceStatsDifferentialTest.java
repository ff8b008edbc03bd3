package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INFO stats keyspace_hits / keyspace_misses and total_net_input_bytes against redis-server:
 * the same commands must move the counters by the same amounts on both servers (Redis counts
 * read lookups only, some commands once per key).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KeyspaceStatsDifferentialTest {
    private static EmbeddedServer kv;
    private static RedisServerProcess redis;

    /** Each line one command; after each, both servers' counter deltas must agree. */
    private static final String[] SCRIPT = {
        "SET s v", "GET s", "GET nx", "MGET s nx s nx2",
        "EXISTS s nx s", "TYPE s", "TYPE nx", "TTL s", "TTL nx", "PTTL nx", "EXPIRETIME s", "PEXPIRETIME nx",
        "STRLEN s", "STRLEN nx", "GETRANGE s 0 1", "GETRANGE nx 0 1", "SUBSTR nx 0 1",
        "GETEX s", "GETEX nx", "GETEX s PERSIST", "GETDEL nx", "SET d v", "GETDEL d", "GETSET g v", "GETSET g w",
        "SET s v GET", "SET n2 v GET", "SET s v NX", "SET s v XX", "SETNX s v", "SETNX n3 v", "SETEX e 100 v",
        "PSETEX e2 100000 v", "MSET a 1 b 2", "MSETNX a 1 c 3", "APPEND s x", "APPEND n4 x", "INCR i", "INCRBY i 2",
        "DECR i", "INCRBYFLOAT f 1.5", "SETRANGE s 0 z", "SETRANGE n5 0 z", "LCS s a", "LCS nx s",
        "TOUCH s nx a", "OBJECT ENCODING s", "OBJECT ENCODING nx", "OBJECT REFCOUNT s", "OBJECT IDLETIME nx",
        "COPY s t", "COPY nx t2", "COPY s t REPLACE", "RENAME t t3", "RENAME nx t4", "RENAMENX t3 s", "MOVE t3 3",
        "MOVE nx 3", "EXPIRE s 100", "EXPIRE nx 100", "PEXPIREAT s 99999999999999", "PERSIST s", "PERSIST nx",
        "DEL nx a", "UNLINK nx b", "RANDOMKEY", "KEYS *", "SCAN 0", "DBSIZE", "GET i", "GET f",
        "SET w 1", "GET w",
    };

    @BeforeAll
    static void start() throws Exception {
        kv = EmbeddedServer.start();
        redis = RedisServerProcess.start();
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

    private static String call(RespClient c, String line) throws IOException {
        return c.callText(line.split(" "));
    }

    /** A field of INFO stats as a number. */
    private static long stat(RespClient c, String field) throws IOException {
        List<Object> reply = RespValue.parse(c.call(List.of("INFO".getBytes(StandardCharsets.UTF_8),
                "stats".getBytes(StandardCharsets.UTF_8))));
        String text = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        for (String l : text.split("\r\n")) {
            if (l.startsWith(field + ":")) {
                return Long.parseLong(l.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no " + field + " in INFO stats");
    }

    private static long[] counts(RespClient c) throws IOException {
        return new long[] {stat(c, "keyspace_hits"), stat(c, "keyspace_misses")};
    }

    @Test
    void hitsAndMissesMoveAsInRedis() throws Exception {
        try (RespClient k = new RespClient(kv.port()); RespClient r = new RespClient(redis.port())) {
            for (RespClient c : List.of(k, r)) {
                call(c, "FLUSHALL");
                call(c, "CONFIG RESETSTAT");
                assertEquals(0, counts(c)[0] + counts(c)[1], "RESETSTAT clears the counters");
            }
            List<String> diffs = new ArrayList<>();
            for (String line : SCRIPT) {
                long[] kb = counts(k);
                long[] rb = counts(r);
                call(k, line);
                call(r, line);
                long[] ka = counts(k);
                long[] ra = counts(r);
                String kd = (ka[0] - kb[0]) + "/" + (ka[1] - kb[1]);
                String rd = (ra[0] - rb[0]) + "/" + (ra[1] - rb[1]);
                if (!kd.equals(rd)) {
                    diffs.add(line + ": hits/misses +" + kd + ", redis +" + rd);
                }
            }
            assertEquals(List.of(), diffs);
            long[] kTotal = counts(k);
            assertTrue(kTotal[0] > 10 && kTotal[1] > 10, "the script exercised both counters");
            assertEquals(counts(r)[0], kTotal[0]);
            assertEquals(counts(r)[1], kTotal[1]);
            call(k, "CONFIG RESETSTAT");
            assertEquals(0, counts(k)[0]);
            assertEquals(0, counts(k)[1]);
        }
    }

    @Test
    void netInputBytesCountWhatWasRead() throws Exception {
        try (RespClient k = new RespClient(kv.port()); RespClient r = new RespClient(redis.port())) {
            long[] delta = new long[2];
            int i = 0;
            for (RespClient c : List.of(k, r)) {
                call(c, "CONFIG RESETSTAT");
                long before = stat(c, "total_net_input_bytes");
                call(c, "SET netkey 0123456789");
                call(c, "GET netkey");
                delta[i++] = stat(c, "total_net_input_bytes") - before;
            }
            // Other clients' traffic (none here) aside, both count every byte read.
            assertEquals(delta[1], delta[0]);
            assertTrue(delta[0] > 0);
        }
    }

    @Test
    void avgTtlBecomesAnEstimateOfTheTtls() throws Exception {
        try (RespClient k = new RespClient(kv.port())) {
            call(k, "SELECT 7");
            for (int i = 0; i < 50; i++) {
                call(k, "SET ttl" + i + " v EX 1000");
            }
            long avg = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (avg == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                avg = avgTtl(k, 7);
            }
            assertTrue(avg > 900_000 && avg <= 1_000_000, "avg_ttl " + avg);
            call(k, "FLUSHDB");
        }
    }

    private static long avgTtl(RespClient c, int db) throws IOException {
        List<Object> reply = RespValue.parse(c.call(List.of("INFO".getBytes(StandardCharsets.UTF_8),
                "keyspace".getBytes(StandardCharsets.UTF_8))));
        String text = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        for (String l : text.split("\r\n")) {
            if (l.startsWith("db" + db + ":")) {
                return Long.parseLong(l.substring(l.indexOf("avg_ttl=") + 8));
            }
        }
        return 0;
    }
}
