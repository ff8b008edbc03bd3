package io.sockudo.kv.kernel.config;

import io.sockudo.kv.spi.ConfigOption;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The kernel's own configuration options, with Redis 7.0's names, aliases, defaults, ranges,
 * mutability and error texts. Immutable ones can only be set in the config file or on the
 * command line.
 */
public final class KernelConfig {
    static final long INT_MAX = Integer.MAX_VALUE;
    static final long UINT_MAX = 4294967295L;

    private KernelConfig() {
    }

    // ---- validators with Redis's texts -------------------------------------------------------

    static Function<String, String> integer(long min, long max) {
        return v -> {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (!io.sockudo.kv.spi.Args.isLong(b)) {
                return "argument couldn't be parsed into an integer";
            }
            long n = Long.parseLong(v);
            return n < min || n > max ? range(min, max) : null;
        };
    }

    static Function<String, String> memory(long min, long max) {
        return v -> {
            Long n = MemoryUnits.parseStrict(v);
            if (n == null) {
                return "argument must be a memory value";
            }
            return n < min || n > max ? range(min, max) : null;
        };
    }

    /**
     * Redis's numeric option with MEMORY_CONFIG | PERCENT_CONFIG and bounds {@code -max%..max}:
     * a memory value first, then {@code N%} (kept as a percentage of maxmemory).
     */
    static Function<String, String> memoryOrPercent(long maxPercent) {
        return v -> {
            if (MemoryUnits.parseStrict(v) != null) {
                return null;
            }
            if (v.length() > 1 && v.endsWith("%")) {
                byte[] digits = v.substring(0, v.length() - 1).getBytes(StandardCharsets.UTF_8);
                if (io.sockudo.kv.spi.Args.isLong(digits) && Long.parseLong(new String(digits, StandardCharsets.UTF_8)) >= 0) {
                    long pct = Long.parseLong(new String(digits, StandardCharsets.UTF_8));
                    return pct > maxPercent ? "percentage argument must be less or equal to " + maxPercent : null;
                }
            }
            return "argument must be a memory or percent value";
        };
    }

    static Function<String, String> bool() {
        return v -> v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("no") ? null : "argument must be 'yes' or 'no'";
    }

    private static final List<String> SHUTDOWN_FLAGS = List.of("default", "save", "nosave", "now", "force");

    /** shutdown-on-sigterm/-sigint: one or more of Redis's flags (a multi-argument enum). */
    private static String shutdownFlags(String v) {
        String[] words = v.trim().toLowerCase(Locale.ROOT).split("\\s+");
        boolean ok = !v.isBlank();
        for (String w : words) {
            ok &= SHUTDOWN_FLAGS.contains(w);
        }
        return ok ? null : "argument(s) must be one of the following: " + String.join(", ", SHUTDOWN_FLAGS);
    }

    /** As Redis stores the flags: "default" counts only alone ("default now" reads back "now"). */
    private static String normalizeShutdownFlags(String v) {
        StringBuilder sb = new StringBuilder();
        for (String w : SHUTDOWN_FLAGS) {
            if (!w.equals("default") && List.of(v.trim().toLowerCase(Locale.ROOT).split("\\s+")).contains(w)) {
                sb.append(sb.length() == 0 ? "" : " ").append(w);
            }
        }
        return sb.length() == 0 ? "default" : sb.toString();
    }

    static Function<String, String> oneOf(String... allowed) {
        return v -> {
            for (String a : allowed) {
                if (a.equalsIgnoreCase(v)) {
                    return null;
                }
            }
            return "argument(s) must be one of the following: " + String.join(", ", allowed);
        };
    }

    /** {@link #oneOf} with Redis's text for the protected-command options (lower-case names). */
    private static Function<String, String> oneOfLower(String... allowed) {
        return v -> {
            String s = v.toLowerCase(Locale.ROOT);
            for (String a : allowed) {
                if (a.equals(s)) {
                    return null;
                }
            }
            return "argument(s) must be one of the following: " + String.join(", ", allowed);
        };
    }

    static Function<String, String> baseName(String name, String what) {
        return v -> v.contains("/") ? name + " can't be a path, just a " + what : null;
    }

    private static String range(long min, long max) {
        return "argument must be between " + min + " and " + max + " inclusive";
    }

    private static final Function<String, String> ANY = v -> null;

    // ---- registration ------------------------------------------------------------------------

    private static void add(ConfigRegistry r, String name, String def, boolean mutable, OptionType type,
                            Function<String, String> validator, String... aliases) {
        r.register(new ConfigOption(name, List.of(aliases), def, validator, mutable), type, null, false);
    }

    private static void intOpt(ConfigRegistry r, String name, long def, long min, long max, boolean mutable,
                               String... aliases) {
        add(r, name, Long.toString(def), mutable, OptionType.INTEGER, integer(min, max), aliases);
    }

    private static void boolOpt(ConfigRegistry r, String name, boolean def, boolean mutable) {
        add(r, name, def ? "yes" : "no", mutable, OptionType.BOOL, bool());
    }

    private static void enumOpt(ConfigRegistry r, String name, String def, boolean mutable, String... allowed) {
        add(r, name, def, mutable, OptionType.ENUM, oneOf(allowed));
    }

    private static void memOpt(ConfigRegistry r, String name, long def, long min, long max) {
        add(r, name, Long.toString(def), true, OptionType.MEMORY, memory(min, max));
    }

    public static void registerAll(ConfigRegistry r) {
        long longMax = Long.MAX_VALUE;
        intOpt(r, "port", 6379, 0, 65535, false);
        add(r, "bind", "* -::*", false, OptionType.WORDS, ANY);
        intOpt(r, "databases", 16, 1, INT_MAX, false);
        add(r, "requirepass", "", true, OptionType.STRING, ANY);
        // ACL: the users file (start-up only, as in Redis), ACL LOG's length, new users' channels
        add(r, "aclfile", "", false, OptionType.STRING, ANY);
        intOpt(r, "acllog-max-len", 128, 0, longMax, true);
        enumOpt(r, "acl-pubsub-default", "resetchannels", true, "allchannels", "resetchannels");
        boolOpt(r, "protected-mode", true, true);
        enumOpt(r, "enable-protected-configs", "no", false, "no", "yes", "local");
        // Redis clamps hz to 1..500 when applying it, and CONFIG GET shows the clamped value.
        r.register(new ConfigOption("hz", List.of(), "10", integer(0, INT_MAX), true), OptionType.INTEGER,
                v -> Long.toString(Math.max(1, Math.min(500, Long.parseLong(v)))), false);
        boolOpt(r, "dynamic-hz", true, true);
        intOpt(r, "active-expire-effort", 1, 1, 10, true);
        memOpt(r, "maxmemory", 0, 0, longMax);
        // client eviction (client.ClientEviction): bytes, or a percentage of maxmemory; 0 is off
        add(r, "maxmemory-clients", "0", true, OptionType.MEMORY_OR_PERCENT, memoryOrPercent(100));
        enumOpt(r, "maxmemory-policy", "noeviction", true, "volatile-lru", "volatile-lfu", "volatile-random",
                "volatile-ttl", "allkeys-lru", "allkeys-lfu", "allkeys-random", "noeviction");
        intOpt(r, "maxmemory-samples", 5, 1, INT_MAX, true);
        intOpt(r, "maxmemory-eviction-tenacity", 10, 0, 100, true);
        intOpt(r, "lfu-log-factor", 10, 0, INT_MAX, true);
        intOpt(r, "lfu-decay-time", 1, 0, INT_MAX, true);
        r.register(new ConfigOption("replica-ignore-maxmemory", List.of("slave-ignore-maxmemory"), "yes", bool(), true),
                OptionType.BOOL, null, false);
        memOpt(r, "proto-max-bulk-len", 512L * 1024 * 1024, 1024 * 1024, longMax);
        memOpt(r, "client-query-buffer-limit", 1024L * 1024 * 1024, 1024 * 1024, longMax);
        // Each value names some classes; the others keep their limits (merged with the current value).
        r.register(new ConfigOption(ClientOutputBufferLimits.OPTION, List.of(),
                        ClientOutputBufferLimits.DEFAULTS.toString(), ClientOutputBufferLimits::validate, true),
                OptionType.CLIENT_OUTPUT_BUFFER_LIMITS, v -> ClientOutputBufferLimits.merge(
                        ClientOutputBufferLimits.parse(r.get(ClientOutputBufferLimits.OPTION)), v).toString(), false);
        intOpt(r, "maxclients", 10000, 1, UINT_MAX, true);
        intOpt(r, "timeout", 0, 0, INT_MAX, true);
        intOpt(r, "tcp-keepalive", 300, 0, INT_MAX, true);
        intOpt(r, "tcp-backlog", 511, 0, INT_MAX, false);
        add(r, "notify-keyspace-events", "", true, OptionType.KEYSPACE_EVENTS, KeyspaceEvents::validate);
        enumOpt(r, "loglevel", "notice", true, "debug", "verbose", "notice", "warning");
        add(r, "logfile", "", false, OptionType.STRING, ANY);
        r.register(new ConfigOption("dir", List.of(), currentDir(), KernelConfig::validateDir, true),
                OptionType.STRING, KernelConfig::realDir, true);
        r.register(new ConfigOption("dbfilename", List.of(), "dump.rdb", baseName("dbfilename", "filename"), true),
                OptionType.STRING, null, true);
        add(r, "save", "3600 1 300 100 60 10000", true, OptionType.SAVE, SaveParams::validate);
        // RDB and DUMP/RESTORE: LZF for long strings, CRC64 in files, deep checks of RESTORE payloads
        boolOpt(r, "rdbcompression", true, true);
        boolOpt(r, "stop-writes-on-bgsave-error", true, true);
        boolOpt(r, "rdbchecksum", true, true);
        enumOpt(r, "sanitize-dump-payload", "no", true, "no", "yes", "clients");
        boolOpt(r, "appendonly", false, true);
        enumOpt(r, "appendfsync", "everysec", true, "everysec", "always", "no");
        add(r, "appendfilename", "appendonly.aof", false, OptionType.STRING,
                baseName("appendfilename", "filename"));
        add(r, "appenddirname", "appendonlydir", false, OptionType.STRING, baseName("appenddirname", "dirname"));
        boolOpt(r, "aof-load-truncated", true, true);
        boolOpt(r, "aof-use-rdb-preamble", true, true);
        boolOpt(r, "aof-timestamp-enabled", false, true);
        boolOpt(r, "aof-rewrite-incremental-fsync", true, true);
        intOpt(r, "auto-aof-rewrite-percentage", 100, 0, Integer.MAX_VALUE, true);
        memOpt(r, "auto-aof-rewrite-min-size", 64L * 1024 * 1024, 0, Long.MAX_VALUE);
        boolOpt(r, "lazyfree-lazy-user-flush", false, true);
        boolOpt(r, "lazyfree-lazy-user-del", false, true);
        boolOpt(r, "lazyfree-lazy-expire", false, true);
        boolOpt(r, "lazyfree-lazy-eviction", false, true);
        boolOpt(r, "lazyfree-lazy-server-del", false, true);
        boolOpt(r, "daemonize", false, false);
        add(r, "pidfile", "", false, OptionType.STRING, ANY);
        // the process (package process): systemd readiness, what SIGTERM/SIGINT do, replicas at shutdown
        enumOpt(r, "supervised", "no", false, "upstart", "systemd", "auto", "no");
        r.register(new ConfigOption("shutdown-on-sigterm", List.of(), "default", KernelConfig::shutdownFlags, true),
                OptionType.WORDS, KernelConfig::normalizeShutdownFlags, false);
        r.register(new ConfigOption("shutdown-on-sigint", List.of(), "default", KernelConfig::shutdownFlags, true),
                OptionType.WORDS, KernelConfig::normalizeShutdownFlags, false);
        intOpt(r, "shutdown-timeout", 10, 0, INT_MAX, true);
        // log lines also to the local syslog socket (process.Syslog); start-up only, as in Redis
        boolOpt(r, "syslog-enabled", false, false);
        add(r, "syslog-ident", "redis", false, OptionType.STRING, ANY);
        enumOpt(r, "syslog-facility", "local0", false, "user", "local0", "local1", "local2", "local3", "local4",
                "local5", "local6", "local7");
        boolOpt(r, "cluster-enabled", false, false);
        add(r, "cluster-config-file", "nodes.conf", false, OptionType.STRING, ANY);
        add(r, "replicaof", "", false, OptionType.WORDS, ANY, "slaveof");
        // replication (Redis 7.0's names, aliases, defaults and ranges)
        add(r, "masterauth", "", true, OptionType.STRING, ANY);
        add(r, "masteruser", "", true, OptionType.STRING, ANY);
        add(r, "replica-read-only", "yes", true, OptionType.BOOL, bool(), "slave-read-only");
        add(r, "replica-serve-stale-data", "yes", true, OptionType.BOOL, bool(), "slave-serve-stale-data");
        add(r, "replica-lazy-flush", "no", true, OptionType.BOOL, bool(), "slave-lazy-flush");
        boolOpt(r, "replica-announced", true, true);
        intOpt(r, "replica-priority", 100, 0, INT_MAX, true, "slave-priority");
        add(r, "replica-announce-ip", "", true, OptionType.STRING, ANY, "slave-announce-ip");
        intOpt(r, "replica-announce-port", 0, 0, 65535, true, "slave-announce-port");
        add(r, "repl-backlog-size", Long.toString(1024 * 1024), true, OptionType.MEMORY, memory(1, longMax));
        intOpt(r, "repl-backlog-ttl", 3600, 0, longMax, true);
        intOpt(r, "repl-timeout", 60, 1, INT_MAX, true);
        intOpt(r, "repl-ping-replica-period", 10, 1, INT_MAX, true, "repl-ping-slave-period");
        boolOpt(r, "repl-diskless-sync", true, true);
        intOpt(r, "repl-diskless-sync-delay", 5, 0, INT_MAX, true);
        intOpt(r, "repl-diskless-sync-max-replicas", 0, 0, INT_MAX, true);
        enumOpt(r, "repl-diskless-load", "disabled", true, "disabled", "on-empty-db", "swapdb");
        boolOpt(r, "repl-disable-tcp-nodelay", false, true);
        intOpt(r, "min-replicas-to-write", 0, 0, INT_MAX, true, "min-slaves-to-write");
        intOpt(r, "min-replicas-max-lag", 10, 0, INT_MAX, true, "min-slaves-max-lag");
        intOpt(r, "busy-reply-threshold", 5000, 0, longMax, true, "lua-time-limit");
        intOpt(r, "slowlog-log-slower-than", 10000, -1, longMax, true);
        intOpt(r, "slowlog-max-len", 128, 0, longMax, true);
        intOpt(r, "latency-monitor-threshold", 0, 0, longMax, true);
        boolOpt(r, "latency-tracking", true, true);
        add(r, "latency-tracking-info-percentiles", "50 99 99.9", true, OptionType.WORDS,
                KernelConfig::percentiles);
        intOpt(r, "tracking-table-max-keys", 1_000_000, 0, longMax, true);
        // Redis's hidden debugging option (its test suite sets it): a JVM server has no abort()
        // path to replace by exit(), so it is accepted and shown, and changes nothing.
        boolOpt(r, "use-exit-on-panic", false, true);
        r.hide("use-exit-on-panic");
        // TLS (Redis 7.0's names and defaults; changes apply to new connections, see tls.TlsContexts)
        intOpt(r, "tls-port", 0, 0, 65535, true);
        for (String name : List.of("tls-cert-file", "tls-key-file", "tls-key-file-pass", "tls-client-cert-file",
                "tls-client-key-file", "tls-client-key-file-pass", "tls-ca-cert-file", "tls-ca-cert-dir",
                "tls-ciphers", "tls-ciphersuites")) {
            add(r, name, "", true, OptionType.STRING, ANY);
        }
        // Redis checks the protocol names when it configures TLS, not as a value (see tls.TlsContexts).
        add(r, "tls-protocols", "", true, OptionType.STRING, ANY);
        enumOpt(r, "tls-auth-clients", "yes", true, "no", "yes", "optional");
        boolOpt(r, "tls-prefer-server-ciphers", false, true);
        boolOpt(r, "tls-session-caching", true, true);
        intOpt(r, "tls-session-cache-size", 20 * 1024, 0, INT_MAX, true);
        intOpt(r, "tls-session-cache-timeout", 300, 0, INT_MAX, true);
        boolOpt(r, "tls-replication", false, true);
        // sockudo-kv's own options
        // the TLS engine: OpenSSL where Netty's native library loads, else the JDK's (tls.TlsContexts)
        enumOpt(r, "tls-provider", "auto", true, "auto", "openssl", "jdk");
        intOpt(r, "event-loop-threads", 1, 1, 256, false);
        // how long an event loop polls before it sleeps while its polls find work (net.SpinThenSelect)
        intOpt(r, "event-loop-spin-us", 50, 0, 1000, true);
        intOpt(r, "keyspace-shards", 16, 1, 64, false);
        // DEBUG and MODULE LOAD/LOADEX/UNLOAD guards (Redis 7): no, yes or local
        for (String name : List.of("enable-debug-command", "enable-module-command")) {
            r.register(new ConfigOption(name, List.of(), "no", oneOfLower("no", "yes", "local"), false));
        }
    }

    /** latency-tracking-info-percentiles: numbers between 0 and 100, as Redis checks them. */
    private static String percentiles(String v) {
        for (String w : v.trim().split("\\s+")) {
            if (w.isEmpty()) {
                continue;
            }
            double d;
            try {
                d = Double.parseDouble(w);
            } catch (NumberFormatException e) {
                return "Invalid latency-tracking-info-percentiles parameters";
            }
            if (d < 0 || d > 100 || Double.isNaN(d)) {
                return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            }
        }
        return null;
    }

    private static String currentDir() {
        return realDir(System.getProperty("user.dir"));
    }

    /** Redis chdir()s to the directory; the error is the OS's. */
    private static String validateDir(String v) {
        Path p = Path.of(v.isEmpty() ? "." : v);
        if (!Files.exists(p)) {
            return "No such file or directory";
        }
        return Files.isDirectory(p) ? null : "Not a directory";
    }

    /** What CONFIG GET dir shows: the absolute, resolved path (Redis shows getcwd()). */
    private static String realDir(String v) {
        Path p = Path.of(v.isEmpty() ? "." : v);
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize().toString();
        }
    }

    /** True when a yes/no value is "yes". */
    public static boolean yes(String v) {
        return v != null && v.toLowerCase(Locale.ROOT).equals("yes");
    }
}
