package io.sockudo.kv.kernel.config;

import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.ServerConfigView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every configuration option of the server (the kernel's and the modules'), with its current
 * value. Values are strings as Redis shows them; typed reads parse them on demand (hot paths
 * cache what they need through {@link #onChange}).
 */
public final class ConfigRegistry implements ServerConfigView {
    private final Map<String, ConfigOption> byName = new ConcurrentHashMap<>();
    private final Map<String, ConfigOption> canonical = new LinkedHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    /** Registers an option with its default value. Fails if the name is taken. */
    public synchronized void register(ConfigOption option) {
        if (byName.containsKey(option.name())) {
            throw new IllegalArgumentException("config option '" + option.name() + "' is already registered");
        }
        byName.put(option.name(), option);
        for (String a : option.aliases()) {
            byName.put(a.toLowerCase(Locale.ROOT), option);
        }
        canonical.put(option.name(), option);
        values.put(option.name(), option.defaultValue());
    }

    /** Removes an option (module unload). */
    public synchronized void unregister(String name) {
        ConfigOption o = canonical.remove(name);
        if (o != null) {
            byName.remove(o.name());
            o.aliases().forEach(a -> byName.remove(a.toLowerCase(Locale.ROOT)));
            values.remove(o.name());
            listeners.remove(o.name());
        }
    }

    /** The option for a name or alias (any case), or null. */
    public ConfigOption option(String name) {
        return byName.get(name.toLowerCase(Locale.ROOT));
    }

    /** Every option, in registration order. */
    public synchronized Collection<ConfigOption> options() {
        return new ArrayList<>(canonical.values());
    }

    @Override
    public String get(String name) {
        ConfigOption o = option(name);
        return o == null ? null : values.get(o.name());
    }

    @Override
    public long getLong(String name) {
        String v = get(name);
        if (v == null) {
            throw new IllegalArgumentException("no config option " + name);
        }
        Long parsed = MemoryUnits.parse(v);
        if (parsed == null) {
            throw new IllegalStateException("config option " + name + " is not numeric: " + v);
        }
        return parsed;
    }

    /**
     * Validates and sets a value.
     *
     * @return null on success, otherwise the reason (without "ERR")
     */
    public String set(String name, String value) {
        ConfigOption o = option(name);
        if (o == null) {
            return "Unknown option or number of arguments for CONFIG SET - '" + name + "'";
        }
        String err = o.validator().apply(value);
        if (err != null) {
            return err;
        }
        values.put(o.name(), value);
        List<Consumer<String>> ls = listeners.get(o.name());
        if (ls != null) {
            for (Consumer<String> l : ls) {
                l.accept(value);
            }
        }
        return null;
    }

    /** Calls {@code listener} now with the current value and after every change. */
    public void onChange(String name, Consumer<String> listener) {
        ConfigOption o = option(name);
        if (o == null) {
            throw new IllegalArgumentException("no config option " + name);
        }
        listeners.computeIfAbsent(o.name(), k -> new CopyOnWriteArrayList<>()).add(listener);
        listener.accept(values.get(o.name()));
    }
}
