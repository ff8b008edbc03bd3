package io.sockudo.kv.kernel.config;

import io.sockudo.kv.spi.ConfigOption;

import java.util.List;
import java.util.Locale;

/**
 * The kernel's own configuration options, with Redis's names, defaults and ranges.
 * Immutable ones can only be set in the config file or on the command line.
 */
public final class KernelConfig {
    private KernelConfig() {
    }

    private static ConfigOption fixed(String name, String def) {
        return new ConfigOption(name, List.of(), def, v -> null, false);
    }

    private static ConfigOption fixedInt(String name, long def, long min, long max) {
        ConfigOption o = ConfigOption.integer(name, def, min, max);
        return new ConfigOption(o.name(), o.aliases(), o.defaultValue(), o.validator(), false);
    }

    private static ConfigOption memory(String name, String def, long min, long max) {
        return new ConfigOption(name, List.of(), def, v -> {
            Long parsed = MemoryUnits.parse(v);
            if (parsed == null) {
                return "argument must be a memory value";
            }
            return parsed < min || parsed > max ? "argument must be between " + min + " and " + max + " inclusive" : null;
        }, true);
    }

    private static ConfigOption enumOption(String name, String def, String... allowed) {
        return new ConfigOption(name, List.of(), def, v -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return null;
                }
            }
            return "argument(s) must be one of the following: " + String.join(", ", allowed);
        }, true);
    }

    public static void registerAll(ConfigRegistry r) {
        r.register(fixedInt("port", 6379, 0, 65535));
        r.register(fixed("bind", "* -::*"));
        r.register(fixedInt("databases", 16, 1, Integer.MAX_VALUE));
        r.register(ConfigOption.string("requirepass", ""));
        r.register(ConfigOption.bool("protected-mode", true));
        r.register(ConfigOption.integer("hz", 10, 1, 500));
        r.register(ConfigOption.bool("dynamic-hz", true));
        r.register(ConfigOption.integer("active-expire-effort", 1, 1, 10));
        r.register(memory("maxmemory", "0", 0, Long.MAX_VALUE));
        r.register(enumOption("maxmemory-policy", "noeviction", "volatile-lru", "volatile-lfu",
                "volatile-random", "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction"));
        r.register(ConfigOption.integer("maxmemory-samples", 5, 1, 64));
        r.register(memory("proto-max-bulk-len", "536870912", 1024 * 1024, Long.MAX_VALUE));
        r.register(memory("client-query-buffer-limit", "1073741824", 1024 * 1024, Long.MAX_VALUE));
        r.register(ConfigOption.integer("maxclients", 10000, 1, Integer.MAX_VALUE));
        r.register(ConfigOption.integer("timeout", 0, 0, Integer.MAX_VALUE));
        r.register(ConfigOption.integer("tcp-keepalive", 300, 0, Integer.MAX_VALUE));
        r.register(fixedInt("tcp-backlog", 511, 0, Integer.MAX_VALUE));
        r.register(ConfigOption.string("notify-keyspace-events", ""));
        r.register(enumOption("loglevel", "notice", "debug", "verbose", "notice", "warning", "nothing"));
        r.register(fixed("logfile", ""));
        r.register(ConfigOption.string("dir", System.getProperty("user.dir")));
        r.register(ConfigOption.string("dbfilename", "dump.rdb"));
        r.register(ConfigOption.string("save", "3600 1 300 100 60 10000"));
        r.register(ConfigOption.bool("appendonly", false));
        r.register(enumOption("appendfsync", "everysec", "always", "everysec", "no"));
        r.register(ConfigOption.string("appendfilename", "appendonly.aof"));
        r.register(ConfigOption.string("appenddirname", "appendonlydir"));
        r.register(ConfigOption.bool("lazyfree-lazy-user-flush", false));
        r.register(ConfigOption.bool("lazyfree-lazy-user-del", false));
        r.register(fixed("daemonize", "no"));
        r.register(fixed("pidfile", ""));
        r.register(fixed("cluster-enabled", "no"));
        r.register(fixed("cluster-config-file", "nodes.conf"));
        r.register(ConfigOption.string("replicaof", "", "slaveof"));
        r.register(ConfigOption.integer("lua-time-limit", 5000, 0, Long.MAX_VALUE, "busy-reply-threshold"));
        r.register(ConfigOption.integer("slowlog-log-slower-than", 10000, -1, Long.MAX_VALUE));
        r.register(ConfigOption.integer("slowlog-max-len", 128, 0, Long.MAX_VALUE));
        r.register(fixedInt("event-loop-threads", 1, 1, 256));
        r.register(fixedInt("keyspace-shards", 16, 1, 64));
    }

    /** True when a yes/no value is "yes". */
    public static boolean yes(String v) {
        return v != null && v.toLowerCase(Locale.ROOT).equals("yes");
    }
}
