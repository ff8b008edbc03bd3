package io.sockudo.kv.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Minimal RESP parsing for test comparisons: arrays become lists, strings byte[], integers Long. */
public final class RespValue {
    private RespValue() {
    }

    /** An error reply, decoded ({@link #decode}). */
    public record Error(String message) {
        @Override
        public String toString() {
            return "-" + message;
        }
    }

    /**
     * One reply decoded for plugin tests: bulk and simple strings as {@code String} (UTF-8),
     * integers as {@code Long}, doubles (RESP3) as {@code Double}, booleans as {@code Boolean},
     * arrays, sets and pushes as {@code List}, maps as {@code java.util.Map} (insertion order),
     * errors as {@link Error}, nulls as null.
     */
    public static Object decode(byte[] reply) {
        return decoded(reply, new int[] {0});
    }

    private static Object decoded(byte[] b, int[] pos) {
        String l = line(b, pos);
        char t = l.charAt(0);
        String body = l.substring(1);
        switch (t) {
            case '$', '=': {
                int len = Integer.parseInt(body);
                if (len < 0) {
                    return null;
                }
                String s = new String(b, pos[0], len, StandardCharsets.UTF_8);
                pos[0] += len + 2;
                return t == '=' ? s.substring(4) : s;
            }
            case '*', '~', '>': {
                int n = Integer.parseInt(body);
                if (n < 0) {
                    return null;
                }
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(decoded(b, pos));
                }
                return out;
            }
            case '%': {
                int n = Integer.parseInt(body);
                java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    out.put(decoded(b, pos), decoded(b, pos));
                }
                return out;
            }
            case ':':
                return Long.parseLong(body);
            case ',':
                return body.equals("inf") ? Double.POSITIVE_INFINITY : body.equals("-inf")
                        ? Double.NEGATIVE_INFINITY : Double.parseDouble(body);
            case '#':
                return body.equals("t");
            case '_':
                return null;
            case '-':
                return new Error(body);
            default:
                return new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    public static List<Object> parse(byte[] reply) {
        int[] pos = {0};
        Object v = value(reply, pos);
        if (v instanceof List<?> l) {
            @SuppressWarnings("unchecked")
            List<Object> out = (List<Object>) l;
            return out;
        }
        List<Object> single = new ArrayList<>();
        single.add(v);
        return single;
    }

    private static String line(byte[] b, int[] pos) {
        int start = pos[0];
        int i = start;
        while (!(b[i] == '\r' && b[i + 1] == '\n')) {
            i++;
        }
        pos[0] = i + 2;
        return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
    }

    private static Object value(byte[] b, int[] pos) {
        String l = line(b, pos);
        char t = l.charAt(0);
        String body = l.substring(1);
        switch (t) {
            case '$':
            case '=': {
                int len = Integer.parseInt(body);
                if (len < 0) {
                    return null;
                }
                byte[] s = Arrays.copyOfRange(b, pos[0], pos[0] + len);
                pos[0] += len + 2;
                return s;
            }
            case '*':
            case '~':
            case '>':
            case '%': {
                int n = Integer.parseInt(body);
                if (n < 0) {
                    return null;
                }
                if (t == '%') {
                    n *= 2;
                }
                List<Object> out = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    out.add(value(b, pos));
                }
                return out;
            }
            case ':':
                return Long.parseLong(body);
            case '_':
                return null;
            default:
                return body.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * For an array reply: the header plus its top-level elements' raw bytes sorted, so two
     * replies with the same elements in another order compare equal. Other replies unchanged.
     */
    public static byte[] sortedTopLevel(byte[] reply) {
        if (reply.length == 0 || (reply[0] != '*' && reply[0] != '~')) {
            return reply;
        }
        int[] pos = {0};
        String header = line(reply, pos);
        int n = Integer.parseInt(header.substring(1));
        List<String> elems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int start = pos[0];
            value(reply, pos);
            elems.add(new String(reply, start, pos[0] - start, StandardCharsets.ISO_8859_1));
        }
        elems.sort(null);
        StringBuilder sb = new StringBuilder(header).append("\r\n");
        elems.forEach(sb::append);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** True for SCAN (cursor at index 1), false for HSCAN/SSCAN/ZSCAN (cursor at index 2). */
    static boolean isKeyScan(List<byte[]> args) {
        return new String(args.get(0), StandardCharsets.US_ASCII).equalsIgnoreCase("scan");
    }
}
