package io.sockudo.kv.search.util;

import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;

/**
 * Walks command arguments left to right (RediSearch's ArgsCursor): keyword matching is
 * case-insensitive; numbers parse as RediSearch parses them, with its error texts.
 */
public final class ArgCursor {
    private final byte[][] argv;
    private final int end;
    private int pos;

    public ArgCursor(byte[][] argv, int from, int end) {
        this.argv = argv;
        this.pos = from;
        this.end = end;
    }

    public boolean atEnd() {
        return pos >= end;
    }

    public int remaining() {
        return end - pos;
    }

    public int position() {
        return pos;
    }

    public void seek(int p) {
        pos = p;
    }

    /** The next argument without consuming it (null at the end). */
    public byte[] peekBytes() {
        return pos < end ? argv[pos] : null;
    }

    public String peek() {
        return pos < end ? str(argv[pos]) : null;
    }

    /** Consumes the next argument if it equals {@code keyword} (case-insensitive). */
    public boolean advanceIf(String keyword) {
        if (pos < end && equalsIgnoreCase(argv[pos], keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    public byte[] nextBytes() {
        return argv[pos++];
    }

    public String next() {
        return str(argv[pos++]);
    }

    /** The next argument as a string, or the error {@code Bad arguments for <what>: Expected an argument...}. */
    public String nextOr(String what) {
        if (atEnd()) {
            throw new KvException(badArgs(what, NOARG));
        }
        return next();
    }

    public static final String PARSE = "Could not convert argument to expected type";
    public static final String NOARG = "Expected an argument, but none provided";
    public static final String ELIMIT = "Value is outside acceptable bounds";

    public static String badArgs(String what, String why) {
        return "Bad arguments for " + what + ": " + why;
    }

    /** A non-negative integer argument (RediSearch's AC_GetU64 / unsigned). */
    public long nextUnsigned(String what) {
        if (atEnd()) {
            throw new KvException(badArgs(what, NOARG));
        }
        String s = next();
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new KvException(badArgs(what, PARSE));
        }
        if (v < 0) {
            throw new KvException(badArgs(what, ELIMIT));
        }
        return v;
    }

    /** A signed integer argument. */
    public long nextLong(String what) {
        if (atEnd()) {
            throw new KvException(badArgs(what, NOARG));
        }
        String s = next();
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new KvException(badArgs(what, PARSE));
        }
    }

    public double nextDouble(String what) {
        if (atEnd()) {
            throw new KvException(badArgs(what, NOARG));
        }
        Double d = parseDouble(next());
        if (d == null) {
            throw new KvException(badArgs(what, PARSE));
        }
        return d;
    }

    /** strtod-like parsing of a whole argument (inf, -inf, +inf accepted); null when invalid. */
    public static Double parseDouble(String s) {
        if (plainDecimal(s)) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String t = s.trim();
        if (t.isEmpty() || !t.equals(s)) {
            return null;
        }
        switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char last = t.charAt(t.length() - 1);
        if (last == 'd' || last == 'D' || last == 'f' || last == 'F') {
            return null;
        }
        if (t.toLowerCase(java.util.Locale.ROOT).contains("nan")) {
            return null;
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X") || t.startsWith("-0x") || t.startsWith("-0X")) {
                return (double) Long.decode(t);
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Only digits, signs, dots and exponent marks (the common case, parsed without the checks). */
    private static boolean plainDecimal(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    public static boolean equalsIgnoreCase(byte[] a, String s) {
        if (a.length != s.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int c = a[i];
            int d = s.charAt(i);
            if (c != d && Character.toUpperCase((char) (c & 0xff)) != Character.toUpperCase((char) d)) {
                return false;
            }
        }
        return true;
    }
}
