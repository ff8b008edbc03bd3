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

    /**
     * Redis's {@code memtoull}: digits only (no sign, no spaces) followed by an optional unit
     * ({@code b k kb m mb g gb}, any case); no digits at all is 0, as in Redis. Returns null when
     * malformed or beyond a signed 64-bit value.
     */
    public static Long parseStrict(String s) {
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        String unit = s.substring(i).toLowerCase(Locale.ROOT);
        long mul = switch (unit) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (mul < 0) {
            return null;
        }
        if (i == 0) {
            return 0L; // like strtoull, no digits at all reads as 0 ("", "kb")
        }
        try {
            return Math.multiplyExact(Long.parseLong(s.substring(0, i)), mul);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
