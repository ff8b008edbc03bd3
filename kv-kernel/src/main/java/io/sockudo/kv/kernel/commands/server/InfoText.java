package io.sockudo.kv.kernel.commands.server;

import java.util.Locale;

/**
 * Builds INFO text as Redis does: {@code # Section} headers, {@code name:value} lines, CRLF line
 * ends, a blank line between sections and none after the last.
 */
final class InfoText {
    private final StringBuilder sb = new StringBuilder(4096);
    private int sections;

    void section(String title) {
        if (sections++ > 0) {
            sb.append("\r\n");
        }
        sb.append("# ").append(title).append("\r\n");
    }

    InfoText field(String name, String value) {
        sb.append(name).append(':').append(value).append("\r\n");
        return this;
    }

    InfoText field(String name, long value) {
        sb.append(name).append(':').append(value).append("\r\n");
        return this;
    }

    /** A value printed with two decimals (C's {@code %.2f}). */
    InfoText field2(String name, double value) {
        return field(name, String.format(Locale.ROOT, "%.2f", value));
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Redis's {@code bytesToHuman}: 1023B, 1.00K, 2.50M... */
    static String human(long n) {
        if (n < 1024) {
            return n + "B";
        }
        String[] units = {"K", "M", "G", "T", "P"};
        double d = n;
        int u = -1;
        while (d >= 1024 && u < units.length - 1) {
            d /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f%s", d, units[u]);
    }

    /** CPU seconds as Redis prints them ({@code %ld.%06ld}). */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.6f", s);
    }
}
