package io.sockudo.kv.spi;

/** Read access to the current configuration, by option name. Cheap enough to call per command. */
public interface ServerConfigView {
    /** The current value of an option, or null if there is no such option. */
    String get(String name);

    /** The current value of an integer option (memory units such as {@code 1mb} are accepted). */
    long getLong(String name);

    /** The current value of a yes/no option. */
    default boolean getBoolean(String name) {
        return "yes".equalsIgnoreCase(get(name));
    }
}
