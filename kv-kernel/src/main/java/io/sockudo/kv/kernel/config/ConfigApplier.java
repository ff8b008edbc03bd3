package io.sockudo.kv.kernel.config;

import io.sockudo.kv.spi.ConfigOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies directives from the config file and command line to the registry. Directives for
 * options not registered yet (module options, before the module loads) are returned so they can
 * be applied later; {@code loadmodule} lines are collected separately. Errors carry the
 * directive's file and line (Redis's FATAL CONFIG FILE ERROR block).
 */
public final class ConfigApplier {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigApplier.class);

    /** Options whose value is the rest of the line (several arguments). */
    private static final Set<String> MULTI_ARG = Set.of("bind", "save", "replicaof", "slaveof",
            "client-output-buffer-limit", "oom-score-adj-values");

    private final ConfigRegistry registry;
    private final List<Directive> loadModules = new ArrayList<>();
    private final List<List<String>> users = new ArrayList<>();
    private final List<Directive> renames = new ArrayList<>();
    private final List<Directive> ignored = new ArrayList<>();
    /** Redis: the first {@code save} line replaces the default, later ones add to it. */
    private boolean saveSeen;

    public ConfigApplier(ConfigRegistry registry) {
        this.registry = registry;
    }

    /** {@code rename-command from to} directives seen so far (applied once the commands are registered). */
    public List<Directive> renames() {
        return renames;
    }

    /** The arguments of the {@code user name rule...} directives seen so far (the ACL loads them). */
    public List<List<String>> users() {
        return users;
    }

    /** {@code loadmodule path [args...]} directives seen so far. */
    public List<Directive> loadModules() {
        return loadModules;
    }

    /** Redis directives that were accepted but ignored because sockudo-kv does not implement them. */
    public List<Directive> ignored() {
        return ignored;
    }

    /**
     * Applies what can be applied now.
     *
     * @return directives naming options that are not (yet) registered
     */
    public List<Directive> apply(List<Directive> directives) {
        List<Directive> pending = new ArrayList<>();
        for (Directive d : directives) {
            if (d.name().equals("rename-command")) {
                if (d.args().size() != 2) {
                    throw ConfigFile.ConfigException.at(d, "Bad directive or wrong number of arguments");
                }
                renames.add(d);
                continue;
            }
            if (d.name().equals("user")) {
                if (d.args().isEmpty()) {
                    throw ConfigFile.ConfigException.at(d, "Bad directive or wrong number of arguments");
                }
                // "--user 'name rules...'" on the command line arrives as one argument: split it as a line.
                List<String> words = new ArrayList<>();
                List<byte[]> split = io.sockudo.kv.kernel.util.SplitArgs.split(
                        String.join(" ", d.args()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                if (split == null) {
                    throw ConfigFile.ConfigException.at(d, "Unbalanced quotes in configuration line");
                }
                for (byte[] w : split) {
                    words.add(new String(w, java.nio.charset.StandardCharsets.UTF_8));
                }
                users.add(words);
                continue;
            }
            if (d.name().equals("loadmodule")) {
                if (d.args().isEmpty()) {
                    throw ConfigFile.ConfigException.at(d, "Bad directive or wrong number of arguments");
                }
                loadModules.add(d);
                continue;
            }
            ConfigOption o = registry.option(d.name());
            if (o == null) {
                pending.add(d);
                continue;
            }
            applyOne(o, d);
        }
        return pending;
    }

    /**
     * Applies directives that must all be known now (after the modules registered their
     * options). Redis directives sockudo-kv does not implement are skipped with a warning; any
     * other unknown directive is fatal.
     */
    public void applyStrict(List<Directive> directives) {
        for (Directive d : directives) {
            ConfigOption o = registry.option(d.name());
            if (o == null) {
                if (RedisOnlyDirectives.NAMES.contains(d.name())) {
                    ignored.add(d);
                    LOG.warn("{}:{}: '{}' is a Redis directive sockudo-kv does not implement; ignored",
                            d.source(), d.line(), d.name());
                    continue;
                }
                throw ConfigFile.ConfigException.at(d, "Bad directive or wrong number of arguments");
            }
            applyOne(o, d);
        }
    }

    private void applyOne(ConfigOption o, Directive d) {
        String value;
        if (MULTI_ARG.contains(o.name())) {
            if (d.args().isEmpty()) {
                throw ConfigFile.ConfigException.at(d, "wrong number of arguments");
            }
            value = String.join(" ", d.args());
        } else if (d.args().size() != 1) {
            throw ConfigFile.ConfigException.at(d, "wrong number of arguments");
        } else {
            value = d.args().get(0);
        }
        if (o.name().equals("save")) {
            value = accumulateSave(value);
        }
        String err = registry.set(o.name(), value);
        if (err != null) {
            throw ConfigFile.ConfigException.at(d, err);
        }
    }

    private String accumulateSave(String value) {
        boolean first = !saveSeen;
        saveSeen = true;
        if (first || value.isEmpty()) {
            return value;
        }
        String current = registry.get("save");
        if (current == null || current.isEmpty() || SaveParams.validate(value) != null) {
            return value;
        }
        return current + " " + value;
    }
}
