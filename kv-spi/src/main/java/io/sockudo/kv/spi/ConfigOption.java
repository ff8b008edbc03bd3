package io.sockudo.kv.spi;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A configuration option: readable with {@code CONFIG GET}, settable in the config file and,
 * when mutable, with {@code CONFIG SET}. Values travel as strings, as in Redis.
 *
 * @param name lower-case option name, e.g. {@code list-max-listpack-size}
 * @param aliases other accepted names (e.g. {@code list-max-ziplist-size})
 * @param defaultValue the default, in the form {@code CONFIG GET} prints
 * @param validator returns null when a value is acceptable, otherwise the error text (without
 *                  the {@code ERR} prefix) and may normalise nothing; must not have side effects
 * @param mutable whether {@code CONFIG SET} may change it at run time
 * @param memory a size in bytes that accepts Redis's units ({@code 1kb}, {@code 2mb}...): the
 *               server stores and shows it in bytes and CONFIG REWRITE writes it with a unit
 */
public record ConfigOption(String name, List<String> aliases, String defaultValue,
                           Function<String, String> validator, boolean mutable, boolean memory) {

    public ConfigOption {
        name = name.toLowerCase(Locale.ROOT);
        aliases = List.copyOf(aliases);
    }

    /** An option that is not a memory size. */
    public ConfigOption(String name, List<String> aliases, String defaultValue,
                        Function<String, String> validator, boolean mutable) {
        this(name, aliases, defaultValue, validator, mutable, false);
    }

    /** Returned by {@link #parseMemory} for a value that is not a memory size. */
    public static final long NOT_MEMORY = -1;
    /** Returned by {@link #parseMemory} for a memory size beyond a signed 64-bit value. */
    public static final long MEMORY_OVERFLOW = -2;

    /**
     * Redis's {@code memtoull}: digits (no sign, no spaces) and an optional unit {@code b},
     * {@code k}=1000, {@code kb}=1024, {@code m}, {@code mb}, {@code g}, {@code gb} in any case.
     * Like C's {@code strtoull}, no digits at all read as 0 ({@code ""}, {@code "kb"}).
     *
     * @return the size in bytes, {@link #NOT_MEMORY} or {@link #MEMORY_OVERFLOW}
     */
    public static long parseMemory(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        long mul = switch (v.substring(i).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0) {
            return NOT_MEMORY;
        }
        long n = 0;
        for (int k = 0; k < i; k++) {
            int d = v.charAt(k) - '0';
            if (n > (Long.MAX_VALUE - d) / 10) {
                return MEMORY_OVERFLOW;
            }
            n = n * 10 + d;
        }
        return n > Long.MAX_VALUE / mul ? MEMORY_OVERFLOW : n * mul;
    }

    /** A mutable memory-size option within {@code [min, max]} bytes, with Redis's error texts. */
    public static ConfigOption memory(String name, long defaultValue, long min, long max, String... aliases) {
        return new ConfigOption(name, List.of(aliases), Long.toString(defaultValue), v -> {
            long parsed = parseMemory(v);
            if (parsed == NOT_MEMORY) {
                return "argument must be a memory value";
            }
            return parsed == MEMORY_OVERFLOW || parsed < min || parsed > max
                    ? "argument must be between " + min + " and " + max + " inclusive" : null;
        }, true, true);
    }

    /** A mutable integer option within {@code [min, max]}. */
    public static ConfigOption integer(String name, long defaultValue, long min, long max, String... aliases) {
        return new ConfigOption(name, List.of(aliases), Long.toString(defaultValue), v -> {
            long parsed;
            try {
                parsed = Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return "argument couldn't be parsed into an integer";
            }
            return parsed < min || parsed > max
                    ? "argument must be between " + min + " and " + max + " inclusive" : null;
        }, true);
    }

    /** A mutable yes/no option. */
    public static ConfigOption bool(String name, boolean defaultValue, String... aliases) {
        return new ConfigOption(name, List.of(aliases), defaultValue ? "yes" : "no", v -> {
            String s = v.toLowerCase(Locale.ROOT);
            return s.equals("yes") || s.equals("no") ? null : "argument must be 'yes' or 'no'";
        }, true);
    }

    /** A mutable free-form string option. */
    public static ConfigOption string(String name, String defaultValue, String... aliases) {
        return new ConfigOption(name, List.of(aliases), defaultValue, v -> null, true);
    }
}
