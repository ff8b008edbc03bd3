package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MIGRATE with Redis 7.0's semantics, between two sockudo-kv servers and to and from redis-server:
 * the same scenario (single key, COPY, BUSYKEY from the target, REPLACE, KEYS with a missing key
 * and another database, NOKEY, option errors, AUTH/AUTH2, unreachable and silent targets) gives
 * the same replies and the same data whichever server is the source or the target. Also the
 * connection cache (one connection per target, SELECT only when the database changes, closed
 * after 10 s unused) and RESTORE-ASKING.
 */
class MigrateTest {
    /** Runs the scenario with {@code src} migrating to the server on {@code dstPort}; returns what was seen. */
    private static List<String> scenario(RespClient src, RespClient dst, int dstPort) throws IOException {
        String p = Integer.toString(dstPort);
        List<String> seen = new ArrayList<>();
        src.callText("FLUSHALL");
        dst.callText("FLUSHALL");
        src.callText("SET", "a", "1");
        src.callText("SET", "b", "2", "PX", "100000");
        src.callText("RPUSH", "l", "x", "y");
        src.callText("SADD", "s", "m");
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "a", "0", "5000"));
        seen.add(src.callText("EXISTS", "a") + dst.callText("GET", "a"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "b", "0", "5000", "COPY"));
        long ttl = Long.parseLong(dst.callText("PTTL", "b").substring(1).trim());
        seen.add(src.callText("EXISTS", "b") + dst.callText("GET", "b") + "ttl kept: " + (ttl > 90_000 && ttl <= 100_000));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "b", "0", "5000"));
        seen.add(src.callText("EXISTS", "b"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "b", "0", "5000", "REPLACE"));
        seen.add(src.callText("EXISTS", "b"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "", "3", "5000", "KEYS", "l", "missing", "s"));
        seen.add(src.callText("EXISTS", "l", "s"));
        dst.callText("SELECT", "3");
        seen.add(dst.callText("LRANGE", "l", "0", "-1") + dst.callText("SMEMBERS", "s"));
        dst.callText("SELECT", "0");
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "missing", "0", "5000"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "", "0", "5000", "KEYS", "gone1", "gone2"));
        src.callText("SET", "c", "3");
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "5000", "KEYS", "c"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "5000", "NOPE"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "5000", "AUTH"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "5000", "AUTH2", "user"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "x", "5000"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "soon"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "0", "COPY", "REPLACE"));
        // the target asks for no password: AUTH is refused (the key stays)
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "c", "0", "5000", "AUTH", "secret"));
        seen.add(src.callText("EXISTS", "c"));
        return seen;
    }

    /** MIGRATE to a target with {@code requirepass secret}. */
    private static List<String> authScenario(RespClient src, int dstPort) throws IOException {
        String p = Integer.toString(dstPort);
        List<String> seen = new ArrayList<>();
        try (RespClient dst = new RespClient(dstPort)) {
            assertEquals("+OK\r\n", dst.callText("AUTH", "secret"));
            dst.callText("FLUSHALL");
        }
        src.callText("FLUSHALL");
        src.callText("SET", "k1", "v");
        src.callText("SET", "k2", "v");
        src.callText("SET", "k3", "v");
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "k1", "0", "5000"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "k1", "0", "5000", "AUTH", "wrong"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "k1", "0", "5000", "AUTH", "secret"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "k2", "0", "5000", "AUTH2", "default", "secret"));
        seen.add(src.callText("MIGRATE", "127.0.0.1", p, "k3", "0", "5000", "AUTH2", "nobody", "secret"));
        seen.add(src.callText("EXISTS", "k1", "k2", "k3"));
        return seen;
    }

    /** Unreachable and silent targets. */
    private static List<String> failures(RespClient src) throws IOException {
        List<String> seen = new ArrayList<>();
        src.callText("FLUSHALL");
        src.callText("SET", "k", "v");
        int closed = RedisServerProcess.freePort();
        seen.add(src.callText("MIGRATE", "127.0.0.1", Integer.toString(closed), "k", "0", "1000"));
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            seen.add(src.callText("MIGRATE", "127.0.0.1", Integer.toString(silent.getLocalPort()), "k", "0", "300"));
            try (Socket accepted = silent.accept()) {
                accepted.setSoTimeout(1); // accepted and never answered
            }
        }
        seen.add(src.callText("EXISTS", "k"));
        return seen;
    }

    @Test
    void sameRepliesAndDataWhicheverServersAreInvolved() throws Exception {
        try (RedisServerProcess redisSrc = RedisServerProcess.start();
             RedisServerProcess redisDst = RedisServerProcess.start();
             EmbeddedServer kvSrc = EmbeddedServer.start();
             EmbeddedServer kvDst = EmbeddedServer.start();
             RespClient rs = new RespClient(redisSrc.port());
             RespClient rd = new RespClient(redisDst.port());
             RespClient ks = new RespClient(kvSrc.port());
             RespClient kd = new RespClient(kvDst.port())) {
            List<String> redisToRedis = scenario(rs, rd, redisDst.port());
            assertEquals("+OK\r\n", redisToRedis.get(0));
            assertEquals(redisToRedis, scenario(ks, kd, kvDst.port()), "sockudo-kv to sockudo-kv");
            assertEquals(redisToRedis, scenario(ks, rd, redisDst.port()), "sockudo-kv to redis-server");
            assertEquals(redisToRedis, scenario(rs, kd, kvDst.port()), "redis-server to sockudo-kv");
            List<String> failures = failures(rs);
            // redis-server 7.0's blocking connect reports a refused connection as connected: the
            // first write fails, so the reply speaks of writing
            assertEquals(List.of("-IOERR error or timeout writing to target instance\r\n",
                    "-IOERR error or timeout reading to target instance\r\n", ":1\r\n"), failures);
            assertEquals(failures, failures(ks));
        }
    }

    @Test
    void authAndAuth2() throws Exception {
        try (RedisServerProcess redisSrc = RedisServerProcess.start();
             RedisServerProcess redisDst = RedisServerProcess.start("--requirepass", "secret");
             EmbeddedServer kvSrc = EmbeddedServer.start();
             EmbeddedServer kvDst = EmbeddedServer.start("--requirepass", "secret");
             RespClient rs = new RespClient(redisSrc.port());
             RespClient ks = new RespClient(kvSrc.port())) {
            List<String> expected = authScenario(rs, redisDst.port());
            assertEquals("-ERR Target instance replied with error: NOAUTH Authentication required.\r\n", expected.get(0));
            assertEquals(expected, authScenario(ks, redisDst.port()), "sockudo-kv to redis-server");
            assertEquals(expected, authScenario(ks, kvDst.port()), "sockudo-kv to sockudo-kv");
        }
    }

    private static long selects(RespClient c) throws IOException {
        for (String line : c.callText("INFO", "commandstats").split("\r\n")) {
            if (line.startsWith("cmdstat_select:calls=")) {
                return Long.parseLong(line.substring("cmdstat_select:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    private static long connectedClients(RespClient c) throws IOException {
        for (String line : c.callText("INFO", "clients").split("\r\n")) {
            if (line.startsWith("connected_clients:")) {
                return Long.parseLong(line.substring("connected_clients:".length()).trim());
            }
        }
        throw new AssertionError("no connected_clients");
    }

    @Test
    void oneCachedConnectionPerTargetSelectOnlyWhenTheDatabaseChanges() throws Exception {
        try (EmbeddedServer src = EmbeddedServer.start();
             EmbeddedServer dst = EmbeddedServer.start();
             RespClient s = new RespClient(src.port());
             RespClient d = new RespClient(dst.port())) {
            String p = Integer.toString(dst.port());
            for (int i = 0; i < 5; i++) {
                s.callText("SET", "k" + i, "v");
            }
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k0", "0", "5000"));
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k1", "0", "5000"));
            assertEquals(2, connectedClients(d), "the test's client and one MIGRATE connection");
            assertEquals(1, selects(d), "SELECT only before the first RESTORE");
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k2", "4", "5000"));
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k3", "4", "5000"));
            assertEquals(2, selects(d));
            assertEquals(2, connectedClients(d));
            assertEquals(1, src.server().kernel().migrateConnections());
            // the cron closes a connection unused for more than 10 s (here: the clock 11 s ahead)
            src.server().kernel().closeIdleMigrateConnections(System.currentTimeMillis() + 11_000);
            assertEquals(0, src.server().kernel().migrateConnections());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (connectedClients(d) != 1) {
                assertTrue(System.nanoTime() < deadline, "the target still sees the MIGRATE connection");
                Thread.sleep(10);
            }
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k4", "4", "5000"));
            assertEquals(3, selects(d), "a new connection selects again");
            // a target that closed the cached connection: the MIGRATE retries on a new one
            d.callText("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
            s.callText("SET", "k5", "v");
            assertEquals("+OK\r\n", s.callText("MIGRATE", "127.0.0.1", p, "k5", "4", "5000"));
        }
    }

    @Test
    void restoreAskingIsRestore() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start();
             RespClient r = new RespClient(redis.port());
             RespClient k = new RespClient(kv.port())) {
            r.callText("RPUSH", "l", "a", "b");
            byte[] dump = r.call(List.of("DUMP".getBytes(), "l".getBytes()));
            int crlf = new String(dump, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("\r\n");
            byte[] payload = java.util.Arrays.copyOfRange(dump, crlf + 2, dump.length - 2);
            for (RespClient c : List.of(r, k)) {
                List<String> seen = new ArrayList<>();
                seen.add(new String(c.call(List.of("RESTORE-ASKING".getBytes(), "x".getBytes(), "0".getBytes(), payload))));
                seen.add(new String(c.call(List.of("RESTORE-ASKING".getBytes(), "x".getBytes(), "0".getBytes(), payload))));
                seen.add(c.callText("LRANGE", "x", "0", "-1"));
                assertEquals(List.of("+OK\r\n", "-BUSYKEY Target key name already exists.\r\n",
                        "*2\r\n$1\r\na\r\n$1\r\nb\r\n"), seen);
            }
        }
    }
}
