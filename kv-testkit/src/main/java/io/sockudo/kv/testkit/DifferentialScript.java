package io.sockudo.kv.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A differential test script: commands sent to redis-server and to sockudo-kv, replies compared
 * byte for byte.
 *
 * <p>Format, one step per line:
 * <ul>
 *   <li>{@code # ...} and blank lines are ignored.</li>
 *   <li>A command in redis-cli syntax: arguments split on spaces, {@code "double quotes"} with
 *       {@code \n \r \t \\ \" \xHH} escapes, {@code 'single quotes'}. Inside any argument,
 *       {@code {{rep:TEXT:N}}} expands to TEXT repeated N times (for big values).</li>
 *   <li>{@code @sorted <command>}: the reply is an array whose elements are compared as a
 *       multiset (KEYS, SMEMBERS...). Nested arrays are sorted at the top level only.</li>
 *   <li>{@code @type <command>}: only the reply's type byte (and, for arrays, the length) is compared
 *       (RANDOMKEY, SPOP...).</li>
 *   <li>{@code @ignore <command>}: sent to both, reply not compared (TIME, HELLO...).</li>
 *   <li>{@code @scan <command with cursor 0>}: a SCAN-family command iterated to cursor 0 on each
 *       server; the union of the elements is compared as a multiset.</li>
 *   <li>{@code @sleep <ms>}: waits (expiry tests).</li>
 *   <li>{@code @raw <text>}: sends the bytes of TEXT (with the double-quote escapes applied, no
 *       quotes needed) on a fresh connection and compares everything received until the server
 *       closes it or goes quiet for 300 ms (malformed protocol).</li>
 *   <li>{@code @on NAME <command>}: the command runs on connection NAME (opened on first use, one
 *       per server, kept for the script) instead of the script's default connection: a
 *       subscriber, a second client. {@code @on NAME @ignore <command>} does not compare the reply.
 *       In any {@code @on} command, {@code {{id:OTHER}}} stands for connection OTHER's client id on
 *       each server (CLIENT TRACKING REDIRECT, CLIENT KILL ID).</li>
 *   <li>{@code @acllog <command>}: an ACL LOG reply, compared with each entry's {@code age-seconds}
 *       and {@code client-info} values left out (they name times, ports and ids).</li>
 *   <li>{@code @pushes NAME}: compares everything that arrived on connection NAME without being
 *       asked for (pub/sub messages, invalidations) until it goes quiet for 300 ms.</li>
 * </ul>
 * Each script starts on fresh connections after {@code FLUSHALL}.
 */
public final class DifferentialScript {
    /** How a step's replies are compared. */
    public enum Mode { EXACT, SORTED, TYPE, IGNORE, SCAN, SLEEP, RAW, PUSHES, ACLLOG }

    /** One line of a script. */
    public record Step(int line, Mode mode, List<byte[]> args, byte[] raw, long sleepMillis, String text,
                       String connection) {
        Step(int line, Mode mode, List<byte[]> args, byte[] raw, long sleepMillis, String text) {
            this(line, mode, args, raw, sleepMillis, text, null);
        }
    }

    private static final Pattern REP = Pattern.compile("\\{\\{rep:(.*?):(\\d+)}}");

    private DifferentialScript() {
    }

    public static List<Step> parse(String content) {
        List<Step> steps = new ArrayList<>();
        String[] lines = content.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Mode mode = Mode.EXACT;
            String rest = line;
            if (line.startsWith("@")) {
                int sp = line.indexOf(' ');
                String directive = (sp < 0 ? line.substring(1) : line.substring(1, sp)).toLowerCase(Locale.ROOT);
                rest = sp < 0 ? "" : line.substring(sp + 1);
                switch (directive) {
                    case "sorted" -> mode = Mode.SORTED;
                    case "type" -> mode = Mode.TYPE;
                    case "acllog" -> mode = Mode.ACLLOG;
                    case "ignore" -> mode = Mode.IGNORE;
                    case "scan" -> mode = Mode.SCAN;
                    case "sleep" -> {
                        steps.add(new Step(i + 1, Mode.SLEEP, List.of(), null, Long.parseLong(rest.trim()), line));
                        continue;
                    }
                    case "raw" -> {
                        steps.add(new Step(i + 1, Mode.RAW, List.of(), unescape(rest), 0, line));
                        continue;
                    }
                    case "pushes" -> {
                        steps.add(new Step(i + 1, Mode.PUSHES, List.of(), null, 0, line, rest.trim()));
                        continue;
                    }
                    case "on" -> {
                        int sp2 = rest.indexOf(' ');
                        if (sp2 < 0) {
                            throw new IllegalArgumentException("line " + (i + 1) + ": @on NAME <command>");
                        }
                        String onCommand = rest.substring(sp2 + 1);
                        Mode onMode = Mode.EXACT;
                        if (onCommand.startsWith("@ignore ")) {
                            onMode = Mode.IGNORE;
                            onCommand = onCommand.substring("@ignore ".length());
                        }
                        List<byte[]> onArgs = split(onCommand);
                        if (onArgs == null || onArgs.isEmpty()) {
                            throw new IllegalArgumentException("line " + (i + 1) + ": cannot parse '" + line + "'");
                        }
                        steps.add(new Step(i + 1, onMode, onArgs, null, 0, line, rest.substring(0, sp2)));
                        continue;
                    }
                    default -> throw new IllegalArgumentException("line " + (i + 1) + ": unknown directive @" + directive);
                }
            }
            List<byte[]> args = split(rest);
            if (args == null || args.isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": cannot parse '" + line + "'");
            }
            steps.add(new Step(i + 1, mode, args, null, 0, line));
        }
        return steps;
    }

    private static String expand(String s) {
        Matcher m = REP.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1).repeat(Integer.parseInt(m.group(2)))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Applies double-quote escapes to a whole string (for @raw). */
    static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String e = expand(s);
        for (int i = 0; i < e.length(); i++) {
            char c = e.charAt(i);
            if (c == '\\' && i + 1 < e.length()) {
                char n = e.charAt(++i);
                switch (n) {
                    case 'n' -> b.write('\n');
                    case 'r' -> b.write('\r');
                    case 't' -> b.write('\t');
                    case 'x' -> {
                        b.write(Integer.parseInt(e.substring(i + 1, i + 3), 16));
                        i += 2;
                    }
                    default -> b.write(n);
                }
            } else {
                b.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return b.toByteArray();
    }

    /** Splits a command line like redis-cli; null on unbalanced quotes. */
    static List<byte[]> split(String line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            ByteArrayOutputStream cur = new ByteArrayOutputStream();
            StringBuilder plain = new StringBuilder();
            char quote = 0;
            while (i < n) {
                char c = line.charAt(i);
                if (quote == '"') {
                    if (c == '\\' && i + 1 < n) {
                        char e = line.charAt(++i);
                        flush(plain, cur);
                        switch (e) {
                            case 'n' -> cur.write('\n');
                            case 'r' -> cur.write('\r');
                            case 't' -> cur.write('\t');
                            case 'x' -> {
                                cur.write(Integer.parseInt(line.substring(i + 1, i + 3), 16));
                                i += 2;
                            }
                            default -> plain.append(e);
                        }
                    } else if (c == '"') {
                        quote = 0;
                    } else {
                        plain.append(c);
                    }
                } else if (quote == '\'') {
                    if (c == '\'') {
                        quote = 0;
                    } else {
                        plain.append(c);
                    }
                } else if (Character.isWhitespace(c)) {
                    break;
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else {
                    plain.append(c);
                }
                i++;
            }
            if (quote != 0) {
                return null;
            }
            flush(plain, cur);
            out.add(cur.toByteArray());
        }
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream cur) {
        if (plain.length() > 0) {
            cur.writeBytes(expand(plain.toString()).getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
        }
    }

    /** Runs a script against two servers; returns one message per mismatch (empty when equal). */
    public static List<String> run(String name, List<Step> steps, int redisPort, int kvPort)
            throws IOException, InterruptedException {
        List<String> mismatches = new ArrayList<>();
        java.util.Map<String, RespClient[]> named = new java.util.LinkedHashMap<>();
        try (RespClient redis = new RespClient(redisPort); RespClient kv = new RespClient(kvPort)) {
            redis.callText("FLUSHALL");
            kv.callText("FLUSHALL");
            for (Step s : steps) {
                if (s.connection() != null) {
                    RespClient[] pair = connection(named, s.connection(), redisPort, kvPort);
                    if (s.mode() == Mode.PUSHES) {
                        compare(name, s, pair[0].readAvailable(300), pair[1].readAvailable(300), mismatches);
                    } else {
                        byte[] a = pair[0].call(withIds(s.args(), named, 0, redisPort, kvPort));
                        byte[] b = pair[1].call(withIds(s.args(), named, 1, redisPort, kvPort));
                        if (s.mode() != Mode.IGNORE) {
                            compare(name, s, a, b, mismatches);
                        }
                    }
                    continue;
                }
                switch (s.mode()) {
                    case SLEEP -> Thread.sleep(s.sleepMillis());
                    case RAW -> {
                        byte[] a;
                        byte[] b;
                        try (RespClient r = new RespClient(redisPort); RespClient k = new RespClient(kvPort)) {
                            r.sendRaw(s.raw());
                            k.sendRaw(s.raw());
                            a = r.readAvailable(300);
                            b = k.readAvailable(300);
                        }
                        compare(name, s, a, b, mismatches);
                    }
                    case SCAN -> {
                        List<String> a = scanAll(redis, s.args());
                        List<String> b = scanAll(kv, s.args());
                        if (!a.equals(b)) {
                            mismatches.add(name + ":" + s.line() + " `" + s.text() + "`\n  redis:      " + a
                                    + "\n  sockudo-kv: " + b);
                        }
                    }
                    default -> {
                        byte[] a = redis.call(s.args());
                        byte[] b = kv.call(s.args());
                        switch (s.mode()) {
                            case IGNORE -> {
                            }
                            case TYPE -> compare(name, s, typeOf(a), typeOf(b), mismatches);
                            case ACLLOG -> compare(name, s, withoutVolatileLogFields(a),
                                    withoutVolatileLogFields(b), mismatches);
                            case SORTED -> compare(name, s, RespValue.sortedTopLevel(a), RespValue.sortedTopLevel(b), mismatches);
                            default -> compare(name, s, a, b, mismatches);
                        }
                    }
                }
            }
        } finally {
            for (RespClient[] pair : named.values()) {
                IDS.remove(pair[0]);
                IDS.remove(pair[1]);
                pair[0].close();
                pair[1].close();
            }
        }
        return mismatches;
    }

    private static final Pattern ID = Pattern.compile("\\{\\{id:([^}]+)}}");
    /** Client ids of the named connections, read when they open (before they may subscribe). */
    private static final java.util.Map<RespClient, Long> IDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static RespClient[] connection(java.util.Map<String, RespClient[]> named, String name, int redisPort,
                                           int kvPort) throws IOException {
        RespClient[] pair = named.get(name);
        if (pair == null) {
            pair = new RespClient[]{new RespClient(redisPort), new RespClient(kvPort)};
            for (RespClient c : pair) {
                IDS.put(c, Long.parseLong(c.callText("CLIENT", "ID").trim().substring(1)));
            }
            named.put(name, pair);
        }
        return pair;
    }

    /** Replaces {@code {{id:NAME}}} in the arguments with connection NAME's client id on server {@code side}. */
    private static List<byte[]> withIds(List<byte[]> args, java.util.Map<String, RespClient[]> named, int side,
                                        int redisPort, int kvPort) throws IOException {
        List<byte[]> out = new ArrayList<>(args.size());
        for (byte[] a : args) {
            String s = new String(a, StandardCharsets.ISO_8859_1);
            Matcher m = ID.matcher(s);
            if (!m.find()) {
                out.add(a);
                continue;
            }
            m.reset();
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                connection(named, m.group(1), redisPort, kvPort);
                m.appendReplacement(sb, Long.toString(IDS.get(named.get(m.group(1))[side])));
            }
            m.appendTail(sb);
            out.add(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    /** An ACL LOG reply as text, without the values of age-seconds and client-info. */
    private static byte[] withoutVolatileLogFields(byte[] reply) {
        if (reply.length == 0 || reply[0] == '-') {
            return reply;
        }
        StringBuilder sb = new StringBuilder();
        render(RespValue.parse(reply), sb);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void render(Object v, StringBuilder sb) {
        if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                Object e = l.get(i);
                render(e, sb);
                sb.append(' ');
                if (e instanceof byte[] k) {
                    String key = new String(k, StandardCharsets.ISO_8859_1);
                    if ((key.equals("age-seconds") || key.equals("client-info")) && i + 1 < l.size()) {
                        i++;
                        sb.append("<masked> ");
                    }
                }
            }
            sb.append(']');
        } else if (v instanceof byte[] b) {
            sb.append(new String(b, StandardCharsets.ISO_8859_1));
        } else {
            sb.append(v);
        }
    }

    private static byte[] typeOf(byte[] reply) {
        if (reply.length == 0) {
            return reply;
        }
        if (reply[0] == '*' || reply[0] == '~' || reply[0] == '%') {
            int end = 0;
            while (end < reply.length && reply[end] != '\r') {
                end++;
            }
            return Arrays.copyOf(reply, end);
        }
        return new byte[]{reply[0]};
    }

    private static List<String> scanAll(RespClient c, List<byte[]> args) throws IOException {
        List<String> all = new ArrayList<>();
        List<byte[]> a = new ArrayList<>(args);
        String cursor = "0";
        int cursorIdx = RespValue.isKeyScan(a) ? 1 : 2;
        for (int guard = 0; guard < 100_000; guard++) {
            a.set(cursorIdx, cursor.getBytes(StandardCharsets.US_ASCII));
            List<Object> reply = RespValue.parse(c.call(a));
            cursor = new String((byte[]) reply.get(0), StandardCharsets.US_ASCII);
            @SuppressWarnings("unchecked")
            List<Object> items = (List<Object>) reply.get(1);
            for (Object o : items) {
                all.add(new String((byte[]) o, StandardCharsets.ISO_8859_1));
            }
            if (cursor.equals("0")) {
                break;
            }
        }
        all.sort(null);
        return all;
    }

    private static void compare(String name, Step s, byte[] a, byte[] b, List<String> mismatches) {
        if (!Arrays.equals(a, b)) {
            mismatches.add(name + ":" + s.line() + " `" + s.text() + "`\n  redis:      " + show(a)
                    + "\n  sockudo-kv: " + show(b));
        }
    }

    /** Printable form of protocol bytes (CR LF shown as \r\n). */
    public static String show(byte[] b) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(b.length, 600);
        for (int i = 0; i < n; i++) {
            int c = b[i] & 0xff;
            if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c < 32 || c > 126) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        if (b.length > n) {
            sb.append("...(").append(b.length).append(" bytes)");
        }
        return sb.toString();
    }
}
