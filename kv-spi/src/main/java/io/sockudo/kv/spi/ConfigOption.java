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
 */
public record ConfigOption(String name, List<String> aliases, String defaultValue,
                           Function<String, String> validator, boolean mutable) {

    public ConfigOption {
        name = name.toLowerCase(Locale.ROOT);
        aliases = List.copyOf(aliases);
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
