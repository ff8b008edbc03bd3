package io.sockudo.kv.it.zsets;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random command streams sent to redis-server 7.0.15 and sockudo-kv, replies compared
 * byte for byte: score ranges, ranks, pops and set operations across encoding changes
 * (including OBJECT ENCODING after every write), lexicographic ranges, and geo searches near
 * the poles and the antimeridian.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ZSetRandomDifferentialTest {
    private RespClient redis;
    private RespClient kv;
    private final List<String> diffs = new ArrayList<>();

    private void both(String... args) throws Exception {
        List<byte[]> a = new ArrayList<>(args.length);
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        String x = new String(redis.call(a), StandardCharsets.ISO_8859_1);
        String y = new String(kv.call(a), StandardCharsets.ISO_8859_1);
        if (!x.equals(y) && diffs.size() < 10) {
            diffs.add(String.join(" ", args) + "\n  redis:      " + x + "\n  sockudo-kv: " + y);
        }
    }

    private void config(String entries) throws Exception {
        both("CONFIG", "SET", "zset-max-listpack-entries", entries);
    }

    @Test
    void randomStreams() throws Exception {
        try (RedisServerProcess r = RedisServerProcess.start();
             EmbeddedServer k = EmbeddedServer.start()) {
            redis = new RespClient(r.port());
            kv = new RespClient(k.port());
            try {
                both("FLUSHALL");
                scores(new Random(1));
                lex(new Random(2));
                geo(new Random(3));
                config("128");
            } finally {
                redis.close();
                kv.close();
            }
        }
        assertTrue(diffs.isEmpty(), String.join("\n", diffs));
    }

    private void scores(Random rnd) throws Exception {
        String[] scores = {"1", "2", "-3", "0.5", "1e3", "inf", "-inf", "-0"};
        for (int i = 0; i < 4000; i++) {
            if (i % 1000 == 0) {
                config(new String[]{"0", "8", "128"}[rnd.nextInt(3)]);
            }
            String key = "z" + rnd.nextInt(3);
            String m = "m" + rnd.nextInt(150);
            String s = rnd.nextInt(3) == 0 ? scores[rnd.nextInt(scores.length)]
                    : String.format(Locale.ROOT, "%.3f", rnd.nextDouble() * 100 - 50);
            switch (rnd.nextInt(12)) {
                case 0, 1, 2, 3 -> both("ZADD", key, s, m);
                case 4 -> both("ZREM", key, m);
                case 5 -> both("ZRANGE", key, Integer.toString(rnd.nextInt(40) - 20),
                        Integer.toString(rnd.nextInt(40) - 20), "WITHSCORES");
                case 6 -> both("ZRANGEBYSCORE", key, new String[]{"-inf", "(1", "0", "10"}[rnd.nextInt(4)],
                        new String[]{"+inf", "(50", "20"}[rnd.nextInt(3)], "WITHSCORES", "LIMIT",
                        Integer.toString(rnd.nextInt(5)), Integer.toString(rnd.nextInt(11) - 1));
                case 7 -> {
                    both("ZRANK", key, m);
                    both("ZREVRANK", key, m);
                    both("ZSCORE", key, m);
                }
                case 8 -> both("ZCOUNT", key, "(1", "+inf");
                case 9 -> both("ZREMRANGEBYRANK", key, Integer.toString(rnd.nextInt(10) - 5),
                        Integer.toString(rnd.nextInt(10) - 5));
                case 10 -> {
                    both("ZPOPMIN", key, Integer.toString(1 + rnd.nextInt(2)));
                    both("ZPOPMAX", key);
                }
                default -> {
                    both("ZUNIONSTORE", "u", "2", key, "z" + rnd.nextInt(3), "WEIGHTS", "1", "2");
                    both("ZRANGE", "u", "0", "-1", "WITHSCORES");
                    both("ZINTER", "2", key, "z0", "WITHSCORES");
                }
            }
            both("OBJECT", "ENCODING", key);
        }
    }

    private String lexBound(Random rnd) {
        int c = rnd.nextInt(10);
        if (c == 0) {
            return "-";
        }
        if (c == 1) {
            return "+";
        }
        StringBuilder sb = new StringBuilder(rnd.nextBoolean() ? "[" : "(");
        for (int i = rnd.nextInt(4); i > 0; i--) {
            sb.append("abc".charAt(rnd.nextInt(3)));
        }
        return sb.toString();
    }

    private void lex(Random rnd) throws Exception {
        for (int i = 0; i < 3000; i++) {
            if (i % 1000 == 0) {
                config(new String[]{"0", "16", "128"}[rnd.nextInt(3)]);
            }
            String key = "l" + rnd.nextInt(2);
            switch (rnd.nextInt(6)) {
                case 0, 1 -> {
                    StringBuilder m = new StringBuilder();
                    for (int j = 1 + rnd.nextInt(3); j > 0; j--) {
                        m.append("abc".charAt(rnd.nextInt(3)));
                    }
                    both("ZADD", key, "0", m.toString());
                }
                case 2 -> both("ZRANGEBYLEX", key, lexBound(rnd), lexBound(rnd), "LIMIT",
                        Integer.toString(rnd.nextInt(5) - 1), Integer.toString(rnd.nextInt(7) - 1));
                case 3 -> {
                    both("ZRANGE", key, lexBound(rnd), lexBound(rnd), "BYLEX", "REV");
                    both("ZLEXCOUNT", key, lexBound(rnd), lexBound(rnd));
                }
                case 4 -> both("ZREMRANGEBYLEX", key, lexBound(rnd), lexBound(rnd));
                default -> both("ZREVRANGEBYLEX", key, lexBound(rnd), lexBound(rnd));
            }
        }
    }

    private double[] point(Random rnd) {
        double lon = rnd.nextDouble() * 360 - 180;
        double lat = rnd.nextDouble() * 170 - 85;
        if (rnd.nextInt(5) < 3) {
            double[] lons = {10 + rnd.nextDouble() * 10, 175 + rnd.nextDouble() * 5, -180 + rnd.nextDouble() * 5};
            double[] lats = {35 + rnd.nextDouble() * 10, 80 + rnd.nextDouble() * 5, -85 + rnd.nextDouble() * 5,
                -1 + rnd.nextDouble() * 2};
            lon = lons[rnd.nextInt(3)];
            lat = lats[rnd.nextInt(4)];
        }
        return new double[]{lon, lat};
    }

    private void geo(Random rnd) throws Exception {
        for (int i = 0; i < 2000; i++) {
            double[] p = point(rnd);
            both("GEOADD", "g", fmt(p[0], 6), fmt(p[1], 6), "m" + i);
        }
        String[][] opts = {{}, {"ASC"}, {"DESC"}, {"COUNT", "5"}, {"COUNT", "3", "ANY"}, {"WITHDIST", "ASC"},
            {"WITHCOORD", "WITHHASH", "DESC", "COUNT", "7"}};
        for (int q = 0; q < 150; q++) {
            double[] p = point(rnd);
            String radius = new String[]{"1", "50", "200", "1000", "5000", "15000"}[rnd.nextInt(6)];
            String unit = rnd.nextBoolean() ? "km" : "mi";
            String[] o = opts[rnd.nextInt(opts.length)];
            both(concat(new String[]{"GEORADIUS", "g", fmt(p[0], 5), fmt(p[1], 5), radius, unit}, o));
            both(concat(new String[]{"GEOSEARCH", "g", "FROMLONLAT", fmt(p[0], 5), fmt(p[1], 5), "BYBOX", radius,
                Integer.toString(Integer.parseInt(radius) / 2 + 1), unit}, o));
            String m = "m" + rnd.nextInt(2000);
            both(concat(new String[]{"GEORADIUSBYMEMBER", "g", m, radius, unit}, o));
            both("GEODIST", "g", m, "m" + rnd.nextInt(2000), unit);
            both("GEOPOS", "g", m);
            both("GEOHASH", "g", m);
        }
    }

    private static String fmt(double d, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
