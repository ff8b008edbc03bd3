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
import java.util.function.UnaryOperator;

/**
 * Every configuration option of the server (the kernel's and the modules'), with its current
 * value. Values are strings as Redis shows them: a value is validated, then normalised to the
 * form CONFIG GET prints ({@code 1gb} is stored as {@code 1073741824}). Typed reads parse on
 * demand (hot paths cache what they need through {@link #onChange}).
 */
public final class ConfigRegistry implements ServerConfigView {
    private final Map<String, ConfigOption> byName = new ConcurrentHashMap<>();
    private final Map<String, ConfigOption> canonical = new LinkedHashMap<>();
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** Redis's apply functions: run once per CONFIG SET after the values are stored; an error undoes it. */
    private final Map<String, java.util.function.Supplier<String>> appliers = new ConcurrentHashMap<>();
    private final Map<String, Meta> meta = new ConcurrentHashMap<>();
    /** Redis's HIDDEN_CONFIG options: CONFIG GET finds them by exact name only, never by pattern. */
    private final java.util.Set<String> hidden = ConcurrentHashMap.newKeySet();

    /**
     * Why {@link #setAll} refused.
     *
     * @param index the position of the offending value
     * @param reason the error text (without "ERR")
     */
    public record SetFailure(int index, String reason) {
    }

    /** Kernel-side facts about an option the SPI record does not carry. */
    private record Meta(OptionType type, UnaryOperator<String> adjust, boolean isProtected) {
    }

    /** Registers an option with its default value. Fails if the name is taken. */
    public synchronized void register(ConfigOption option) {
        register(option, option.memory() ? OptionType.MEMORY : OptionType.infer(option.defaultValue()), null, false);
    }

    /**
     * Registers a kernel option with its type (normalisation and CONFIG REWRITE format).
     *
     * @param adjust applied after normalisation (e.g. {@code hz} is clamped to 1..500), or null
     * @param isProtected Redis's PROTECTED_CONFIG: CONFIG SET needs {@code enable-protected-configs}
     */
    public synchronized void register(ConfigOption option, OptionType type, UnaryOperator<String> adjust,
                                      boolean isProtected) {
        if (byName.containsKey(option.name())) {
            throw new IllegalArgumentException("config option '" + option.name() + "' is already registered");
        }
        byName.put(option.name(), option);
        for (String a : option.aliases()) {
            byName.put(a.toLowerCase(Locale.ROOT), option);
        }
        canonical.put(option.name(), option);
        meta.put(option.name(), new Meta(type, adjust, isProtected));
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
            meta.remove(o.name());
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

    /** Directives a subsystem owns (not options), with the lines CONFIG REWRITE writes for them. */
    private final Map<String, java.util.function.Supplier<List<String>>> rewrittenDirectives =
            new ConcurrentHashMap<>();

    /**
     * Declares that the lines of directive {@code name} (e.g. {@code user}) belong to a subsystem:
     * CONFIG REWRITE replaces them all with what {@code lines} returns at that moment (every line
     * complete, directive name included), dropping the file's others.
     */
    public void rewriteDirective(String name, java.util.function.Supplier<List<String>> lines) {
        rewrittenDirectives.put(name, lines);
    }

    /** The directives declared with {@link #rewriteDirective}. */
    public Map<String, java.util.function.Supplier<List<String>>> rewrittenDirectives() {
        return rewrittenDirectives;
    }

    /** Marks a registered option hidden from CONFIG GET patterns (Redis's debugging options). */
    public void hide(String name) {
        hidden.add(name);
    }

    /** Every name and alias CONFIG GET patterns match against, options in registration order. */
    public synchronized List<String> allNames() {
        List<String> out = new ArrayList<>();
        for (ConfigOption o : canonical.values()) {
            if (hidden.contains(o.name())) {
                continue;
            }
            out.add(o.name());
            for (String a : o.aliases()) {
                out.add(a.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /** The option's type (how it is normalised and rewritten). */
    public OptionType type(ConfigOption o) {
        Meta m = meta.get(o.name());
        return m == null ? OptionType.STRING : m.type;
    }

    /** True for Redis's protected options (dir, dbfilename). */
    public boolean isProtected(ConfigOption o) {
        Meta m = meta.get(o.name());
        return m != null && m.isProtected;
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
     * Checks a value without setting it.
     *
     * @return null when acceptable, otherwise the reason (without "ERR")
     */
    public String validate(ConfigOption o, String value) {
        return o.validator().apply(value);
    }

    /** The form a valid value is stored and shown in. */
    public String normalize(ConfigOption o, String value) {
        Meta m = meta.get(o.name());
        if (m == null) {
            return value;
        }
        String v = m.type.normalize(value);
        return m.adjust == null ? v : m.adjust.apply(v);
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
        String err = validate(o, value);
        if (err != null) {
            return err;
        }
        store(o, normalize(o, value));
        return null;
    }

    /**
     * Sets several validated values at once (CONFIG SET with several pairs): every value is
     * validated first, and nothing changes unless all are valid.
     *
     * @return null on success, otherwise which value is invalid and why
     */
    public synchronized SetFailure setAll(List<ConfigOption> options, List<String> newValues) {
        List<String> normalized = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            ConfigOption o = options.get(i);
            String err = validate(o, newValues.get(i));
            if (err != null) {
                return new SetFailure(i, err);
            }
            normalized.add(normalize(o, newValues.get(i)));
        }
        List<String> previous = new ArrayList<>(options.size());
        for (int i = 0; i < options.size(); i++) {
            previous.add(values.get(options.get(i).name()));
            store(options.get(i), normalized.get(i));
        }
        // Each apply function once (several options may share one, as Redis's TLS options do).
        List<java.util.function.Supplier<String>> ran = new ArrayList<>();
        for (int i = 0; i < options.size(); i++) {
            java.util.function.Supplier<String> apply = appliers.get(options.get(i).name());
            if (apply == null || ran.contains(apply)) {
                continue;
            }
            ran.add(apply);
            String err = apply.get();
            if (err != null) {
                // As Redis: the old values come back (their listeners see them again).
                for (int j = options.size() - 1; j >= 0; j--) {
                    store(options.get(j), previous.get(j));
                }
                for (java.util.function.Supplier<String> undo : ran) {
                    undo.get();
                }
                return new SetFailure(i, err);
            }
        }
        return null;
    }

    /**
     * Sets what CONFIG SET runs after storing a new value of {@code name} (Redis's apply
     * function): null when the change took effect, otherwise the error, and the values set by
     * that CONFIG SET are restored. Several options may share one function (it runs once).
     */
    public void onApply(String name, java.util.function.Supplier<String> apply) {
        ConfigOption o = option(name);
        if (o == null) {
            throw new IllegalArgumentException("no config option " + name);
        }
        appliers.put(o.name(), apply);
    }

    private void store(ConfigOption o, String value) {
        values.put(o.name(), value);
        List<Consumer<String>> ls = listeners.get(o.name());
        if (ls != null) {
            for (Consumer<String> l : ls) {
                l.accept(value);
            }
        }
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
