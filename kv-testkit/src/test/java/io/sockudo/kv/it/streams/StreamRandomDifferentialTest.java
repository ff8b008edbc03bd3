package io.sockudo.kv.it.streams;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random stream workloads (explicit IDs, trims, deletes, groups, claims, small node limits) sent
 * to redis-server and sockudo-kv; every reply must be byte-identical. Deterministic per seed;
 * nothing time-dependent is compared (no idle times, no auto IDs, no consumer fields of XINFO).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class StreamRandomDifferentialTest {
    private static final int SEEDS = 12;
    private static final int STEPS = 2000;

    @Test
    void randomWorkloadsMatchRedis() throws Exception {
        List<String> mismatches = new ArrayList<>();
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start();
             RespClient r = new RespClient(redis.port());
             RespClient k = new RespClient(kv.port())) {
            for (int seed = 1; seed <= SEEDS && mismatches.isEmpty(); seed++) {
                run(seed, r, k, mismatches);
            }
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private static void run(int seed, RespClient r, RespClient k, List<String> mismatches) throws Exception {
        Random rnd = new Random(seed);
        String entries = pick(rnd, "2", "3", "5", "100");
        String bytes = pick(rnd, "60", "200", "4096");
        for (RespClient c : List.of(r, k)) {
            c.callText("FLUSHALL");
            c.callText("CONFIG", "SET", "stream-node-max-entries", entries);
            c.callText("CONFIG", "SET", "stream-node-max-bytes", bytes);
        }
        long[] ms = new long[2];
        for (int step = 0; step < STEPS; step++) {
            int ki = rnd.nextInt(2);
            String key = "s" + ki;
            String g = "g" + rnd.nextInt(3);
            String c = "c" + rnd.nextInt(3);
            List<String> a = new ArrayList<>();
            double op = rnd.nextDouble();
            if (op < 0.3) {
                ms[ki] += rnd.nextInt(3);
                a.add("XADD");
                a.add(key);
                if (rnd.nextDouble() < 0.2) {
                    boolean maxlen = rnd.nextBoolean();
                    a.add(maxlen ? "MAXLEN" : "MINID");
                    boolean approx = rnd.nextBoolean();
                    a.add(approx ? "~" : "=");
                    a.add(maxlen ? Integer.toString(rnd.nextInt(16)) : id(rnd, ms[ki]));
                    if (approx && rnd.nextBoolean()) {
                        a.add("LIMIT");
                        a.add(Integer.toString(rnd.nextInt(11)));
                    }
                }
                a.add(pick(rnd, ms[ki] + "-*", ms[ki] + "-" + rnd.nextInt(6), Long.toString(ms[ki])));
                switch (rnd.nextInt(3)) {
                    case 0 -> a.addAll(List.of("f", "v"));
                    case 1 -> a.addAll(List.of("f", Integer.toString(step)));
                    default -> a.addAll(List.of("a", "x".repeat(rnd.nextInt(81)), "b", "1"));
                }
            } else if (op < 0.38) {
                a.addAll(List.of("XDEL", key));
                for (int i = rnd.nextInt(3); i >= 0; i--) {
                    a.add(id(rnd, ms[ki]));
                }
            } else if (op < 0.42) {
                boolean maxlen = rnd.nextBoolean();
                a.addAll(List.of("XTRIM", key, maxlen ? "MAXLEN" : "MINID", rnd.nextBoolean() ? "=" : "~",
                        maxlen ? Integer.toString(rnd.nextInt(21)) : id(rnd, ms[ki])));
            } else if (op < 0.5) {
                a.addAll(List.of(rnd.nextBoolean() ? "XRANGE" : "XREVRANGE", key, bound(rnd, ms[ki]), bound(rnd, ms[ki])));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("COUNT", Integer.toString(rnd.nextInt(7) - 1)));
                }
            } else if (op < 0.55) {
                a.addAll(List.of("XGROUP", "CREATE", key, g, pick(rnd, "0", "$", id(rnd, ms[ki]))));
                if (rnd.nextBoolean()) {
                    a.add("MKSTREAM");
                }
            } else if (op < 0.68) {
                a.addAll(List.of("XREADGROUP", "GROUP", g, c));
                if (rnd.nextDouble() < 0.7) {
                    a.addAll(List.of("COUNT", Integer.toString(1 + rnd.nextInt(4))));
                }
                if (rnd.nextDouble() < 0.1) {
                    a.add("NOACK");
                }
                a.addAll(List.of("STREAMS", key, pick(rnd, ">", ">", "0", id(rnd, ms[ki]))));
            } else if (op < 0.74) {
                a.addAll(List.of("XACK", key, g));
                for (int i = rnd.nextInt(3); i >= 0; i--) {
                    a.add(id(rnd, ms[ki]));
                }
            } else if (op < 0.78) {
                a.addAll(List.of("XCLAIM", key, g, c, "0"));
                for (int i = rnd.nextInt(3); i >= 0; i--) {
                    a.add(id(rnd, ms[ki]));
                }
                switch (rnd.nextInt(4)) {
                    case 0 -> { }
                    case 1 -> a.add("JUSTID");
                    case 2 -> a.addAll(List.of("FORCE", "JUSTID"));
                    default -> a.addAll(List.of("LASTID", id(rnd, ms[ki]), "JUSTID"));
                }
            } else if (op < 0.82) {
                a.addAll(List.of("XAUTOCLAIM", key, g, c, "0", rnd.nextBoolean() ? "0" : id(rnd, ms[ki]),
                        "COUNT", Integer.toString(1 + rnd.nextInt(5))));
                if (rnd.nextBoolean()) {
                    a.add("JUSTID");
                }
            } else if (op < 0.86) {
                a.addAll(List.of("XPENDING", key, g));
            } else if (op < 0.9) {
                a.addAll(List.of("XINFO", "GROUPS", key));
            } else if (op < 0.93) {
                a.addAll(List.of("XINFO", "STREAM", key));
            } else if (op < 0.95) {
                a.addAll(List.of("XREAD", "COUNT", Integer.toString(rnd.nextInt(4)), "STREAMS", key, id(rnd, ms[ki])));
            } else if (op < 0.96) {
                a.addAll(List.of("XGROUP", "SETID", key, g, pick(rnd, "0", "$", id(rnd, ms[ki]))));
                if (rnd.nextBoolean()) {
                    a.addAll(List.of("ENTRIESREAD", Integer.toString(rnd.nextInt(12) - 1)));
                }
            } else if (op < 0.97) {
                a.addAll(List.of("XGROUP", rnd.nextBoolean() ? "DELCONSUMER" : "CREATECONSUMER", key, g, c));
            } else if (op < 0.975) {
                a.addAll(List.of("XGROUP", "DESTROY", key, g));
            } else if (op < 0.98) {
                a.addAll(List.of("XSETID", key, (ms[ki] + rnd.nextInt(4) - 1) + "-" + rnd.nextInt(4)));
            } else {
                a.addAll(List.of("XLEN", key));
            }
            List<byte[]> args = new ArrayList<>();
            for (String s : a) {
                args.add(s.getBytes(StandardCharsets.UTF_8));
            }
            String theirs = new String(r.call(args), StandardCharsets.UTF_8);
            String ours = new String(k.call(args), StandardCharsets.UTF_8);
            if (!theirs.equals(ours)) {
                mismatches.add("seed " + seed + " step " + step + ": " + String.join(" ", a)
                        + "\n  redis:      " + theirs.replace("\r\n", "\\r\\n")
                        + "\n  sockudo-kv: " + ours.replace("\r\n", "\\r\\n"));
                return;
            }
        }
    }

    private static String pick(Random rnd, String... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static String id(Random rnd, long maxMs) {
        long m = rnd.nextInt((int) maxMs + 3);
        return rnd.nextDouble() < 0.8 ? m + "-" + rnd.nextInt(4) : Long.toString(m);
    }

    private static String bound(Random rnd, long maxMs) {
        double r = rnd.nextDouble();
        if (r < 0.15) {
            return "-";
        }
        if (r < 0.3) {
            return "+";
        }
        if (r < 0.45) {
            return "(" + id(rnd, maxMs);
        }
        return id(rnd, maxMs);
    }
}
