package io.sockudo.kv.it.bitmaps;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random bitmap commands (small values, offsets and ranges around their edges, all BITFIELD types
 * and overflow modes) sent to redis-server and sockudo-kv; every reply and the final values must
 * be byte-identical.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BitmapRandomDifferentialTest {
    private static final String[] KEYS = {"rb:a", "rb:b", "rb:c"};
    private static final String[] OVERFLOW = {"WRAP", "SAT", "FAIL"};

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String num(SplittableRandom r, long around) {
        return Long.toString(around + r.nextLong(-20, 21));
    }

    private static String type(SplittableRandom r) {
        boolean signed = r.nextBoolean();
        int bits = signed ? 1 + r.nextInt(64) : 1 + r.nextInt(63);
        return (signed ? "i" : "u") + bits;
    }

    private static String value(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Long.toString(r.nextLong());
            case 1 -> Long.toString(r.nextLong(-300, 300));
            case 2 -> Long.toString((1L << r.nextInt(63)) + r.nextLong(-2, 3));
            default -> Long.toString(-(1L << r.nextInt(63)) + r.nextLong(-2, 3));
        };
    }

    private static List<String> command(SplittableRandom r) {
        String key = KEYS[r.nextInt(KEYS.length)];
        List<String> c = new ArrayList<>();
        switch (r.nextInt(7)) {
            case 0 -> c.addAll(List.of("SETBIT", key, Long.toString(r.nextLong(300)), Integer.toString(r.nextInt(2))));
            case 1 -> c.addAll(List.of("GETBIT", key, Long.toString(r.nextLong(320))));
            case 2 -> {
                c.addAll(List.of("BITCOUNT", key));
                if (r.nextBoolean()) {
                    c.add(num(r, 0));
                    c.add(num(r, r.nextBoolean() ? 0 : 200));
                    if (r.nextBoolean()) {
                        c.add(r.nextBoolean() ? "BIT" : "BYTE");
                    }
                }
            }
            case 3 -> {
                c.addAll(List.of("BITPOS", key, Integer.toString(r.nextInt(2))));
                int extra = r.nextInt(4);
                if (extra >= 1) {
                    c.add(num(r, 0));
                }
                if (extra >= 2) {
                    c.add(num(r, r.nextBoolean() ? 0 : 200));
                }
                if (extra == 3) {
                    c.add(r.nextBoolean() ? "BIT" : "BYTE");
                }
            }
            case 4 -> {
                String[] ops = {"AND", "OR", "XOR", "NOT"};
                String op = ops[r.nextInt(4)];
                c.addAll(List.of("BITOP", op, KEYS[r.nextInt(KEYS.length)], key));
                if (!op.equals("NOT")) {
                    c.add(KEYS[r.nextInt(KEYS.length)]);
                }
            }
            case 5 -> c.addAll(List.of("SET", key, randomBytes(r)));
            default -> {
                c.addAll(List.of(r.nextInt(5) == 0 ? "BITFIELD_RO" : "BITFIELD", key));
                int n = 1 + r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (r.nextInt(3) == 0) {
                        c.addAll(List.of("OVERFLOW", OVERFLOW[r.nextInt(3)]));
                    }
                    String t = type(r);
                    String off = r.nextInt(4) == 0 ? "#" + r.nextInt(6) : Integer.toString(r.nextInt(200));
                    switch (r.nextInt(3)) {
                        case 0 -> c.addAll(List.of("GET", t, off));
                        case 1 -> c.addAll(List.of("SET", t, off, value(r)));
                        default -> c.addAll(List.of("INCRBY", t, off, value(r)));
                    }
                }
            }
        }
        return c;
    }

    private static String randomBytes(SplittableRandom r) {
        char[] c = new char[r.nextInt(30)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) (r.nextInt(3) == 0 ? 0xFF : r.nextInt(256));
        }
        return new String(c);
    }

    @Test
    void randomCommandsMatchRedisServer() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start();
             RespClient theirs = new RespClient(redis.port());
             RespClient ours = new RespClient(kv.port())) {
            SplittableRandom r = new SplittableRandom(77);
            for (int step = 0; step < 4000; step++) {
                List<String> cmd = command(r);
                List<byte[]> args = new ArrayList<>();
                for (String s : cmd) {
                    args.add(b(s));
                }
                String expected = new String(theirs.call(args), StandardCharsets.ISO_8859_1);
                String actual = new String(ours.call(args), StandardCharsets.ISO_8859_1);
                assertEquals(expected, actual, "step " + step + ": " + cmd);
            }
            for (String key : KEYS) {
                List<byte[]> get = List.of(b("GET"), b(key));
                assertEquals(new String(theirs.call(get), StandardCharsets.ISO_8859_1),
                        new String(ours.call(get), StandardCharsets.ISO_8859_1));
            }
        }
    }
}
