package io.sockudo.kv.kernel.commands.server;

import io.netty.channel.epoll.Epoll;
import io.sockudo.kv.kernel.util.Version;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.kernel.module.LoadedModule;
import io.sockudo.kv.kernel.module.ModuleManager;
import io.sockudo.kv.kernel.stats.ServerStats;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The text of INFO: Redis 7.0's sections and field names, filled from the kernel's state.
 * Section selection follows Redis: no argument or {@code default} gives the default sections,
 * {@code all} every built-in section, {@code everything} those plus the modules' sections,
 * {@code modules} the module list plus the modules' sections; names are case-insensitive.
 */
final class InfoReport {
    /** Built-in sections in print order; the ones marked false are not in "default". */
    private static final String[] SECTIONS = {"server", "clients", "memory", "persistence", "stats", "replication",
        "cpu", "modules", "commandstats", "errorstats", "latencystats", "cluster", "keyspace"};
    private static final Set<String> NOT_DEFAULT = Set.of("commandstats", "latencystats");

    private final InfoSources src;
    private final MemoryState memory;

    InfoReport(InfoSources src, MemoryState memory) {
        this.src = src;
        this.memory = memory;
    }

    /** The INFO text for the requested section names (empty: the default sections). */
    String render(List<String> requested) {
        Set<String> names = new HashSet<>();
        for (String r : requested) {
            names.add(r.toLowerCase(Locale.ROOT));
        }
        if (names.isEmpty()) {
            names.add("default");
        }
        boolean everything = names.contains("everything");
        boolean all = everything || names.contains("all");
        boolean dflt = names.contains("default");
        InfoText t = new InfoText();
        for (String s : SECTIONS) {
            boolean wanted = all || (dflt && !NOT_DEFAULT.contains(s)) || names.contains(s)
                    || (s.equals("modules") && names.contains("module_list"));
            if (wanted) {
                section(t, s);
            }
        }
        boolean allModules = everything || names.contains("modules");
        for (ModuleManager.InfoSection ms : src.modules().infoSections()) {
            if (allModules || names.contains(ms.name().toLowerCase(Locale.ROOT))) {
                t.section(ms.name());
                ms.provider().fields(t::field);
            }
        }
        return t.toString();
    }

    private void section(InfoText t, String s) {
        switch (s) {
            case "server" -> server(t);
            case "clients" -> clients(t);
            case "memory" -> memory(t);
            case "persistence" -> persistence(t);
            case "stats" -> stats(t);
            case "replication" -> replication(t);
            case "cpu" -> cpu(t);
            case "modules" -> modules(t);
            case "commandstats" -> commandStats(t);
            case "errorstats" -> errorStats(t);
            case "latencystats" -> latencyStats(t);
            case "cluster" -> {
                t.section("Cluster");
                t.field("cluster_enabled", "yes".equals(src.config().get("cluster-enabled")) ? 1 : 0);
            }
            case "keyspace" -> keyspace(t);
            default -> throw new IllegalArgumentException(s);
        }
    }

    private void server(InfoText t) {
        long now = System.currentTimeMillis();
        long uptime = (now - src.stats().startMillis) / 1000;
        t.section("Server");
        t.field("redis_version", Version.REDIS_VERSION)
                .field("redis_git_sha1", "00000000")
                .field("redis_git_dirty", 0)
                .field("redis_build_id", "0")
                .field("redis_mode", "yes".equals(src.config().get("cluster-enabled")) ? "cluster" : "standalone")
                .field("sockudo_kv_version", Version.VERSION)
                .field("os", os())
                .field("arch_bits", System.getProperty("sun.arch.data.model", "64"))
                .field("monotonic_clock", "POSIX clock_gettime")
                .field("multiplexing_api", Epoll.isAvailable() && !Boolean.getBoolean("sockudo.kv.nio") ? "epoll" : "nio")
                .field("atomicvar_api", "java.util.concurrent")
                .field("java_version", System.getProperty("java.version"))
                .field("java_vm", System.getProperty("java.vm.name", ""))
                .field("process_id", ProcessHandle.current().pid())
                .field("process_supervised", "no")
                .field("run_id", src.identity().runId())
                .field("tcp_port", src.identity().port())
                .field("server_time_usec", serverTimeMicros())
                .field("uptime_in_seconds", uptime)
                .field("uptime_in_days", uptime / 86400)
                .field("hz", src.config().get("hz"))
                .field("configured_hz", src.config().get("hz"))
                .field("lru_clock", src.keyspaces().lruClock().now())
                .field("executable", ProcessHandle.current().info().command().orElse(""))
                .field("config_file", src.identity().configFile() == null ? "" : src.identity().configFile().toString())
                .field("io_threads_active", 0);
    }

    private static long serverTimeMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /** Like {@code uname -s -r -m}. */
    private static String os() {
        String arch = System.getProperty("os.arch", "");
        if (arch.equals("amd64")) {
            arch = "x86_64";
        }
        return System.getProperty("os.name", "") + " " + System.getProperty("os.version", "") + " " + arch;
    }

    private void clients(InfoText t) {
        int blocked = 0;
        int replicas = 0;
        for (Client c : src.clients().all()) {
            if (c.blocked() != null) {
                blocked++;
            }
            if (c.replicationFlag() == 'S') {
                replicas++;
            }
        }
        t.section("Clients");
        t.field("connected_clients", src.clients().size() - replicas) // as Redis: replicas are not clients here
                .field("cluster_connections", 0)
                .field("maxclients", src.config().get("maxclients"))
                .field("client_recent_max_input_buffer", 0)
                .field("client_recent_max_output_buffer", src.outputGuard().recentMax(System.currentTimeMillis()))
                .field("blocked_clients", blocked)
                .field("tracking_clients", src.tracking().trackingClients())
                .field("clients_in_timeout_table", 0);
    }

    private void memory(InfoText t) {
        MemoryState.Snapshot m = memory.snapshot(src.keyspaces());
        io.sockudo.kv.kernel.scripting.ScriptingInfo scripting = src.scripting();
        long functionBytes = scripting.functionBytes();
        long scripts = scripting.evalBytes() + functionBytes;
        long maxmemory = src.config().getLong("maxmemory");
        t.section("Memory");
        t.field("used_memory", m.used())
                .field("used_memory_human", InfoText.human(m.used()))
                .field("used_memory_rss", m.rss())
                .field("used_memory_rss_human", InfoText.human(m.rss()))
                .field("used_memory_peak", m.peak())
                .field("used_memory_peak_human", InfoText.human(m.peak()))
                .field("used_memory_peak_perc", String.format(Locale.ROOT, "%.2f%%", percent(m.used(), m.peak())))
                .field("used_memory_overhead", m.overhead())
                .field("used_memory_startup", m.startup())
                .field("used_memory_dataset", m.dataset())
                .field("used_memory_dataset_perc", String.format(Locale.ROOT, "%.2f%%",
                        percent(m.dataset(), m.used() - m.startup())))
                .field("allocator_allocated", m.heapUsed())
                .field("allocator_active", m.heapCommitted())
                .field("allocator_resident", m.rss())
                .field("total_system_memory", m.systemTotal())
                .field("total_system_memory_human", InfoText.human(m.systemTotal()))
                .field("used_memory_lua", 0)
                .field("used_memory_vm_eval", 0)
                .field("used_memory_lua_human", "0B")
                .field("used_memory_scripts_eval", scripting.evalBytes())
                .field("number_of_cached_scripts", scripting.cachedScripts())
                .field("number_of_functions", scripting.functions())
                .field("number_of_libraries", scripting.libraries())
                .field("used_memory_vm_functions", 0)
                .field("used_memory_vm_total", 0)
                .field("used_memory_vm_total_human", "0B")
                .field("used_memory_functions", functionBytes)
                .field("used_memory_scripts", scripts)
                .field("used_memory_scripts_human", InfoText.human(scripts))
                .field("maxmemory", maxmemory)
                .field("maxmemory_human", InfoText.human(maxmemory))
                .field("maxmemory_policy", src.config().get("maxmemory-policy"))
                .field2("allocator_frag_ratio", m.heapUsed() == 0 ? 0 : (double) m.heapCommitted() / m.heapUsed())
                .field("allocator_frag_bytes", m.heapCommitted() - m.heapUsed())
                .field2("allocator_rss_ratio", m.heapCommitted() == 0 ? 0 : (double) m.rss() / m.heapCommitted())
                .field("allocator_rss_bytes", m.rss() - m.heapCommitted())
                .field2("rss_overhead_ratio", 1.0)
                .field("rss_overhead_bytes", 0)
                .field2("mem_fragmentation_ratio", m.used() == 0 ? 0 : (double) m.rss() / m.used())
                .field("mem_fragmentation_bytes", m.rss() - m.used())
                .field("mem_not_counted_for_evict", 0)
                .field("mem_replication_backlog", src.replication().backlogBytes())
                .field("mem_total_replication_buffers", src.replication().backlogBytes())
                .field("mem_clients_slaves", 0)
                .field("mem_clients_normal", src.clientEviction().totalMemory())
                .field("mem_cluster_links", 0)
                .field("mem_aof_buffer", 0)
                .field("mem_allocator", "jvm")
                .field("maxmemory_in_force", src.memoryLimit().limit())
                .field("maxmemory_in_force_human", InfoText.human(src.memoryLimit().limit()))
                .field("jvm_heap_used", m.heapUsed())
                .field("jvm_heap_committed", m.heapCommitted())
                .field("jvm_heap_max", m.heapMax())
                .field("jvm_heap_pressure", src.memoryLimit().heapPressure() ? 1 : 0)
                .field("active_defrag_running", 0)
                .field("lazyfree_pending_objects", 0)
                .field("lazyfreed_objects", 0);
    }

    private static double percent(long part, long whole) {
        return whole <= 0 ? 0 : part * 100.0 / whole;
    }

    private void persistence(InfoText t) {
        io.sockudo.kv.kernel.persistence.RdbSnapshots rdb = src.snapshots();
        io.sockudo.kv.kernel.persistence.aof.AppendOnlyFile aof = src.aof();
        t.section("Persistence");
        t.field("loading", rdb.loadingNow() ? 1 : 0)
                .field("async_loading", src.replication().asyncLoading() ? 1 : 0)
                .field("current_cow_peak", 0)
                .field("current_cow_size", 0)
                .field("current_cow_size_age", 0)
                .field("current_fork_perc", "0.00")
                .field("current_save_keys_processed", 0)
                .field("current_save_keys_total", rdb.currentSaveKeysTotal())
                .field("rdb_changes_since_last_save", rdb.changesSinceLastSave())
                .field("rdb_bgsave_in_progress", rdb.inProgress() ? 1 : 0)
                .field("rdb_last_save_time", rdb.lastSaveSeconds())
                .field("rdb_last_bgsave_status", rdb.lastBgsaveOk() ? "ok" : "err")
                .field("rdb_last_bgsave_time_sec", rdb.lastBgsaveSeconds())
                .field("rdb_current_bgsave_time_sec", rdb.currentBgsaveSeconds())
                .field("rdb_saves", rdb.saves())
                .field("rdb_last_cow_size", 0)
                .field("rdb_last_load_keys_expired", rdb.lastLoadExpired())
                .field("rdb_last_load_keys_loaded", rdb.lastLoadKeys())
                .field("aof_enabled", aof.enabled() ? 1 : 0)
                .field("aof_rewrite_in_progress", aof.rewriteInProgress() ? 1 : 0)
                .field("aof_rewrite_scheduled", aof.rewriteScheduled() ? 1 : 0)
                .field("aof_last_rewrite_time_sec", aof.lastRewriteSeconds())
                .field("aof_current_rewrite_time_sec", aof.currentRewriteSeconds())
                .field("aof_last_bgrewrite_status", aof.lastRewriteOk() ? "ok" : "err")
                .field("aof_rewrites", aof.rewrites())
                .field("aof_rewrites_consecutive_failures", aof.lastRewriteOk() ? 0 : 1)
                .field("aof_last_write_status", aof.lastWriteOk() ? "ok" : "err")
                .field("aof_last_cow_size", 0)
                .field("module_fork_in_progress", 0)
                .field("module_fork_last_cow_size", 0);
        if (aof.enabled()) {
            t.field("aof_current_size", aof.currentSize())
                    .field("aof_base_size", aof.baseSize())
                    .field("aof_pending_rewrite", aof.rewriteScheduled() ? 1 : 0)
                    .field("aof_buffer_length", aof.bufferLength())
                    .field("aof_pending_bio_fsync", 0)
                    .field("aof_delayed_fsync", 0);
        }
    }

    private void stats(InfoText t) {
        ServerStats s = src.stats();
        int[] pubsub = src.pubsub().totals();
        t.section("Stats");
        t.field("total_connections_received", src.clients().totalConnections.sum())
                .field("total_commands_processed", s.commandsProcessed.sum())
                .field("instantaneous_ops_per_sec", s.opsPerSecond.perSecond())
                .field("total_net_input_bytes", s.netInputBytes.sum())
                .field("total_net_output_bytes", s.netOutputBytes.sum())
                .field("total_net_repl_input_bytes", 0)
                .field("total_net_repl_output_bytes", 0)
                .field2("instantaneous_input_kbps", s.inputBytesPerSecond.perSecond() / 1024.0)
                .field2("instantaneous_output_kbps", s.outputBytesPerSecond.perSecond() / 1024.0)
                .field("instantaneous_input_repl_kbps", "0.00")
                .field("instantaneous_output_repl_kbps", "0.00")
                .field("rejected_connections", src.clients().rejectedConnections.sum())
                .field("sync_full", src.replication().syncStats()[0])
                .field("sync_partial_ok", src.replication().syncStats()[1])
                .field("sync_partial_err", src.replication().syncStats()[2])
                .field("expired_keys", s.expiredKeys.sum())
                .field("expired_stale_perc", "0.00")
                .field("expired_time_cap_reached_count", 0)
                .field("expire_cycle_cpu_milliseconds", 0)
                .field("evicted_keys", s.evictedKeys.sum())
                .field("evicted_clients", src.clientEviction().evictedClients())
                .field("total_eviction_exceeded_time", src.evictor().totalExceededMillis())
                .field("current_eviction_exceeded_time", src.evictor().currentExceededMillis())
                .field("keyspace_hits", s.keyspaceHits.sum())
                .field("keyspace_misses", s.keyspaceMisses.sum())
                .field("pubsub_channels", pubsub[0])
                .field("pubsub_patterns", pubsub[1])
                .field("pubsubshard_channels", pubsub[2])
                .field("latest_fork_usec", 0)
                .field("total_forks", 0)
                .field("migrate_cached_sockets", 0)
                .field("slave_expires_tracked_keys", 0)
                .field("active_defrag_hits", 0)
                .field("active_defrag_misses", 0)
                .field("active_defrag_key_hits", 0)
                .field("active_defrag_key_misses", 0)
                .field("total_active_defrag_time", 0)
                .field("current_active_defrag_time", 0)
                .field("tracking_total_keys", src.tracking().totalKeys())
                .field("tracking_total_items", src.tracking().totalItems())
                .field("tracking_total_prefixes", src.tracking().totalPrefixes())
                .field("unexpected_error_replies", s.unexpectedErrorReplies.sum())
                .field("total_error_replies", s.totalErrorReplies.sum())
                .field("dump_payload_sanitizations", 0)
                .field("io_threaded_reads_processed", 0)
                .field("io_threaded_writes_processed", 0);
    }

    private void replication(InfoText t) {
        t.section("Replication");
        src.replication().info(t::field);
    }

    private void cpu(InfoText t) {
        double[] p = ProcessMetrics.processCpu();
        double[] main = ProcessMetrics.mainThreadCpu();
        t.section("CPU");
        t.field("used_cpu_sys", InfoText.seconds(p[1]))
                .field("used_cpu_user", InfoText.seconds(p[0]))
                .field("used_cpu_sys_children", InfoText.seconds(p[3]))
                .field("used_cpu_user_children", InfoText.seconds(p[2]))
                .field("used_cpu_sys_main_thread", InfoText.seconds(main[1]))
                .field("used_cpu_user_main_thread", InfoText.seconds(main[0]));
    }

    private void modules(InfoText t) {
        t.section("Modules");
        for (LoadedModule m : src.modules().all()) {
            t.field("module", "name=" + m.module().name() + ",ver=" + m.module().version()
                    + ",api=1,filters=0,usedby=[],using=[],options=[]");
        }
    }

    private void commandStats(InfoText t) {
        t.section("Commandstats");
        for (RegisteredCommand c : src.commands().all()) {
            commandStat(t, c);
            if (c.subcommands() != null) {
                for (RegisteredCommand sub : c.subcommands().all()) {
                    commandStat(t, sub);
                }
            }
        }
    }

    private static void commandStat(InfoText t, RegisteredCommand c) {
        long calls = c.calls.sum();
        long failed = c.failedCalls.sum();
        long rejected = c.rejectedCalls.sum();
        if (calls == 0 && failed == 0 && rejected == 0) {
            return;
        }
        long usec = c.micros.sum();
        t.field("cmdstat_" + c.fullName(), "calls=" + calls + ",usec=" + usec + ",usec_per_call="
                + String.format(Locale.ROOT, "%.2f", calls == 0 ? 0.0 : (double) usec / calls)
                + ",rejected_calls=" + rejected + ",failed_calls=" + failed);
    }

    /** INFO latencystats: latency-tracking's percentiles per command, as Redis prints them. */
    private void latencyStats(InfoText t) {
        t.section("Latencystats");
        double[] percentiles = src.latencyTracking().percentiles();
        for (RegisteredCommand c : src.commands().all()) {
            latencyStat(t, c, percentiles);
            if (c.subcommands() != null) {
                for (RegisteredCommand sub : c.subcommands().all()) {
                    latencyStat(t, sub, percentiles);
                }
            }
        }
    }

    private static void latencyStat(InfoText t, RegisteredCommand c, double[] percentiles) {
        io.sockudo.kv.kernel.latency.LatencyHistogram h = c.latency();
        if (h == null || h.total() == 0) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < percentiles.length; j++) {
            if (j > 0) {
                sb.append(',');
            }
            sb.append('p').append(percentileLabel(percentiles[j])).append('=')
                    .append(String.format(Locale.ROOT, "%.3f", h.valueAtPercentile(percentiles[j]) / 1000.0));
        }
        t.field("latency_percentiles_usec_" + c.fullName(), sb.toString());
    }

    /** Redis prints the percentile with %f and trims trailing zeros (50, 99.9). */
    static String percentileLabel(double p) {
        String s = String.format(Locale.ROOT, "%f", p);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "");
            if (s.endsWith(".")) {
                s = s.substring(0, s.length() - 1);
            }
        }
        return s;
    }

    private void errorStats(InfoText t) {
        t.section("Errorstats");
        for (Map.Entry<String, Long> e : src.stats().errorCounts().entrySet()) {
            t.field("errorstat_" + e.getKey(), "count=" + e.getValue());
        }
    }

    private void keyspace(InfoText t) {
        t.section("Keyspace");
        for (int i = 0; i < src.keyspaces().count(); i++) {
            Database db = src.keyspaces().db(i);
            long keys = db.size();
            if (keys > 0) {
                t.field("db" + i, "keys=" + keys + ",expires=" + db.volatileSize() + ",avg_ttl=" + db.avgTtl());
            }
        }
    }
}
