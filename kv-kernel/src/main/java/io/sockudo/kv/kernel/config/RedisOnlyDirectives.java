package io.sockudo.kv.kernel.config;

import java.util.Set;

/**
 * Directives of Redis 7.0's redis.conf that sockudo-kv does not implement (yet). A config file
 * written for Redis may contain them: they are accepted with a warning instead of refusing to
 * start, and CONFIG REWRITE keeps their lines. Options a module registers take precedence.
 */
final class RedisOnlyDirectives {
    static final Set<String> NAMES = Set.of(
            "active-defrag-cycle-max",
            "active-defrag-cycle-min", "active-defrag-ignore-bytes", "active-defrag-max-scan-fields",
            "active-defrag-threshold-lower", "active-defrag-threshold-upper", "activedefrag", "activerehashing",
            "always-show-logo", "aof-disable-auto-gc", "aof_rewrite_cpulist", "bgsave_cpulist", "bind-source-addr", "bio_cpulist",
            "cluster-allow-pubsubshard-when-down", "cluster-allow-reads-when-down",
            "cluster-allow-replica-migration", "cluster-announce-bus-port", "cluster-announce-hostname",
            "cluster-announce-ip", "cluster-announce-port", "cluster-announce-tls-port",
            "cluster-link-sendbuf-limit", "cluster-migration-barrier", "cluster-node-timeout", "cluster-port",
            "cluster-preferred-endpoint-type", "cluster-replica-no-failover", "cluster-replica-validity-factor",
            "cluster-require-full-coverage", "cluster-slave-no-failover", "cluster-slave-validity-factor",
            "crash-log-enabled", "crash-memcheck-enabled", "disable-thp", "hash-max-listpack-entries", "hash-max-listpack-value",
            "hash-max-ziplist-entries", "hash-max-ziplist-value", "hll-sparse-max-bytes", "ignore-warnings",
            "io-threads", "io-threads-do-reads", "jemalloc-bg-thread", "list-compress-depth",
            "list-max-listpack-size", "list-max-ziplist-size",
            "no-appendfsync-on-rewrite", "oom-score-adj", "oom-score-adj-values", "proc-title-template",
            "propagation-error-behavior", "rdb-del-sync-files", "rdb-save-incremental-fsync",
            "replica-ignore-disk-write-errors", "server_cpulist", "set-max-intset-entries", "set-proc-title",
            "socket-mark-id",
            "stream-node-max-bytes", "stream-node-max-entries",
            // no cluster bus; the JDK provider takes no DH parameter file (it negotiates ECDHE/FFDHE groups)
            "tls-cluster", "tls-dh-params-file", "unixsocket",
            "unixsocketperm", "zset-max-listpack-entries", "zset-max-listpack-value",
            "zset-max-ziplist-entries", "zset-max-ziplist-value");

    private RedisOnlyDirectives() {
    }
}
