package io.sockudo.kv.kernel.config;

import java.util.Locale;

/** Redis's memory-unit numbers: {@code 1k}=1000, {@code 1kb}=1024, {@code m/mb}, {@code g/gb}. */
public final class MemoryUnits {
    private MemoryUnits() {
    }

    /** The value in bytes, or null when malformed. */
    public static Long parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        long mul = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"},
                {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0]) && v.length() > u[0].length()) {
                mul = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
