package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.RespClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Helpers of the replication tests: data of every core type, INFO fields, digests, bounded waits. */
final class Repl {
    private Repl() {
    }

    static String call(int port, String... args) throws IOException {
        try (RespClient c = new RespClient(port)) {
            return c.callText(args);
        }
    }

    /** A field of INFO replication (or stats), or null. */
    static String info(int port, String section, String field) throws IOException {
        String text = call(port, "INFO", section);
        for (String line : text.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        return null;
    }

    static String digest(int port) throws IOException {
        return call(port, "DEBUG", "DIGEST").trim();
    }

    /** Waits (bounded) until {@code check} holds. */
    static void await(String what, long seconds, Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("timed out waiting for " + what);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void awaitLinkUp(int replicaPort) throws Exception {
        await("master_link_status:up", 30, () -> "up".equals(info(replicaPort, "replication", "master_link_status")));
    }

    /** Same offsets and the same digest on both sides. */
    static void awaitSame(int masterPort, int replicaPort) throws Exception {
        await("the replica to catch up", 30, () -> {
            String mo = info(masterPort, "replication", "master_repl_offset");
            String ro = info(replicaPort, "replication", "master_repl_offset");
            return mo != null && mo.equals(ro) && digest(masterPort).equals(digest(replicaPort));
        });
        assertEquals(digest(masterPort), digest(replicaPort));
        assertNotEquals("0000000000000000000000000000000000000000", digest(replicaPort), "the replica has data");
    }

    /** Writes {@code n} keys of every core type under {@code prefix}, in several databases, with a transaction. */
    static void populate(int port, String prefix, int n) throws IOException {
        try (RespClient c = new RespClient(port)) {
            for (int i = 0; i < n; i++) {
                String k = prefix + i;
                c.callText("SET", k + ":s", "value-" + i);
                c.callText("RPUSH", k + ":l", "a", "b", "c" + i);
                c.callText("HSET", k + ":h", "f1", "v1", "f2", Integer.toString(i));
                c.callText("SADD", k + ":set", "m1", "m2", Integer.toString(i));
                c.callText("ZADD", k + ":z", "1", "one", Double.toString(i + 0.5), "x");
                c.callText("INCRBY", k + ":counter", Integer.toString(i));
            }
            c.callText("XADD", prefix + ":stream", "*", "field", "value");
            c.callText("XGROUP", "CREATE", prefix + ":stream", "g1", "0");
            c.callText("PFADD", prefix + ":hll", "a", "b", "c");
            c.callText("SETBIT", prefix + ":bits", "100", "1");
            c.callText("SET", prefix + ":ttl", "v", "EX", "1000");
            c.callText("SELECT", "3");
            c.callText("SET", prefix + ":db3", "x");
            c.callText("LPUSH", prefix + ":db3list", "1", "2");
            c.callText("SELECT", "0");
            c.callText("MULTI");
            c.callText("INCR", prefix + ":tx");
            c.callText("LPUSH", prefix + ":txl", "a");
            c.callText("EXEC");
            c.callText("DEL", prefix + "0:s");
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
