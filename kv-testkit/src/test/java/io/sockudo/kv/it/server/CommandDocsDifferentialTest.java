package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * For every command and subcommand both servers know, {@code COMMAND DOCS <name>} must be byte
 * for byte redis-server 7.0.15's (summary, since, group, complexity, doc flags, deprecation,
 * history and the nested argument specs), in RESP2 and in RESP3. Redis prints a container's
 * subcommands in dict hash order, so before comparing, the entries of the {@code subcommands}
 * map are sorted by name; everything else is compared as sent.
 *
 * <p>The only exceptions are the subcommand lists shared with {@link CommandInfoDifferentialTest}:
 * subcommands newer than 7.0 that we implement (7.0 has no docs for them, so they are dropped
 * from our container's map) and 7.0 subcommands not implemented yet (dropped from Redis's).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommandDocsDifferentialTest {

    @Test
    void everySharedCommandHasRedisDocs() throws Exception {
        List<String> mismatches = new ArrayList<>();
        int compared = 0;
        try (RedisServerProcess redis = RedisServerProcess.start();
             EmbeddedServer kv = EmbeddedServer.start()) {
            for (String protocol : List.of("2", "3")) {
                try (RespClient r = new RespClient(redis.port());
                     RespClient k = new RespClient(kv.port())) {
                    r.call(List.of(b("HELLO"), b(protocol)));
                    k.call(List.of(b("HELLO"), b(protocol)));
                    for (String name : names(k)) {
                        byte[] theirs = r.call(List.of(b("COMMAND"), b("DOCS"), b(name)));
                        if (RespValue.parse(theirs).isEmpty()) {
                            continue; // not a Redis 7.0 command
                        }
                        byte[] ours = k.call(List.of(b("COMMAND"), b("DOCS"), b(name)));
                        compared++;
                        String a = show(normalise(theirs, CommandInfoDifferentialTest.NOT_YET));
                        String o = show(normalise(ours, CommandInfoDifferentialTest.NEWER_THAN_7_0));
                        if (!a.equals(o)) {
                            int at = firstDifference(a, o);
                            mismatches.add(name + " (RESP" + protocol + ") differs at char " + at
                                    + ":\n  redis:      ..." + around(a, at) + "\n  sockudo-kv: ..." + around(o, at)
                                    + "\n  whole redis reply: " + a);
                        }
                    }
                }
            }
        }
        assertTrue(compared > 100, "only " + compared + " commands compared");
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    /** Every command and subcommand name the server lists (COMMAND LIST includes subcommands). */
    private static List<String> names(RespClient c) throws Exception {
        List<String> out = new ArrayList<>();
        for (Object o : RespValue.parse(c.call(List.of(b("COMMAND"), b("LIST"))))) {
            out.add(new String((byte[]) o, StandardCharsets.ISO_8859_1));
        }
        out.sort(null);
        return out;
    }

    /**
     * The reply of {@code COMMAND DOCS <one name>} with its {@code subcommands} entries sorted by
     * name and those named in {@code drop} removed; all other bytes unchanged.
     */
    static byte[] normalise(byte[] reply, Set<String> drop) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int p = copyHeader(reply, 0, out);     // the reply: one name -> docs pair
        int end = skip(reply, p);              // the command name
        out.write(reply, p, end - p);
        p = end;
        int fields = count(reply, p);          // the docs: key/value pairs
        p = copyHeader(reply, p, out);
        for (int i = 0; i < fields; i++) {
            int keyEnd = skip(reply, p);
            boolean subcommands = bulkText(reply, p).equals("subcommands");
            out.write(reply, p, keyEnd - p);
            p = keyEnd;
            int valueEnd = skip(reply, p);
            if (subcommands) {
                sortedSubcommands(reply, p, drop, out);
            } else {
                out.write(reply, p, valueEnd - p);
            }
            p = valueEnd;
        }
        return out.toByteArray();
    }

    private static void sortedSubcommands(byte[] reply, int p, Set<String> drop, ByteArrayOutputStream out) {
        boolean map = reply[p] == '%';
        int n = count(reply, p);
        p = lineEnd(reply, p);
        List<byte[]> entries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = bulkText(reply, p);
            int end = skip(reply, skip(reply, p));
            if (!drop.contains(name)) {
                entries.add(Arrays.copyOfRange(reply, p, end));
                names.add(name);
            }
            p = end;
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparing(names::get));
        out.writeBytes(((map ? "%" + entries.size() : "*" + 2 * entries.size()) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        for (int i : order) {
            out.writeBytes(entries.get(i));
        }
    }

    /** The number of key/value pairs (RESP3 map) or elements / 2 (RESP2 flat array) at {@code p}. */
    private static int count(byte[] b, int p) {
        int n = Integer.parseInt(line(b, p).substring(1));
        return b[p] == '%' ? n : n / 2;
    }

    private static int copyHeader(byte[] b, int p, ByteArrayOutputStream out) {
        int end = lineEnd(b, p);
        out.write(b, p, end - p);
        return end;
    }

    private static String bulkText(byte[] b, int p) {
        int start = lineEnd(b, p);
        int len = Integer.parseInt(line(b, p).substring(1));
        return len < 0 ? "" : new String(b, start, len, StandardCharsets.ISO_8859_1);
    }

    /** The position just after the value that starts at {@code p}. */
    private static int skip(byte[] b, int p) {
        String l = line(b, p);
        int next = lineEnd(b, p);
        switch (l.charAt(0)) {
            case '$', '=', '!' -> {
                int len = Integer.parseInt(l.substring(1));
                return len < 0 ? next : next + len + 2;
            }
            case '*', '~', '>', '%' -> {
                int n = Integer.parseInt(l.substring(1)) * (l.charAt(0) == '%' ? 2 : 1);
                for (int i = 0; i < n; i++) {
                    next = skip(b, next);
                }
                return next;
            }
            default -> {
                return next;
            }
        }
    }

    private static String line(byte[] b, int p) {
        int i = p;
        while (b[i] != '\r') {
            i++;
        }
        return new String(b, p, i - p, StandardCharsets.ISO_8859_1);
    }

    private static int lineEnd(byte[] b, int p) {
        int i = p;
        while (b[i] != '\r') {
            i++;
        }
        return i + 2;
    }

    private static int firstDifference(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static String around(String s, int at) {
        return s.substring(Math.max(0, at - 60), Math.min(s.length(), at + 60));
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r\n", " ");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
