package io.sockudo.kv.it.observability;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LATENCY's event monitor, latency-tracking in INFO latencystats and LATENCY HISTOGRAM, and INFO's fields. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LatencyAndInfoTest {
    static Map<String, String> info(RespClient c, String section) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : c.callText("INFO", section).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#") && !line.startsWith("$") && !line.startsWith("=")) {
                out.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    @Test
    void latencyMonitorRecordsSlowCommandsAsRedisEvents() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start("--enable-debug-command", "yes");
             RespClient c = new RespClient(kv.port())) {
            c.callText("DEBUG", "SLEEP", "0.05");
            assertEquals("*0\r\n", c.callText("LATENCY", "LATEST"), "nothing recorded while the threshold is 0");
            c.callText("CONFIG", "SET", "latency-monitor-threshold", "20");
            c.callText("DEBUG", "SLEEP", "0.05");
            String latest = c.callText("LATENCY", "LATEST");
            assertTrue(latest.startsWith("*1\r\n*4\r\n$7\r\ncommand\r\n:"), latest);
            String history = c.callText("LATENCY", "HISTORY", "command");
            assertTrue(history.startsWith("*1\r\n*2\r\n:"), history);
            String graph = c.callText("LATENCY", "GRAPH", "command");
            assertTrue(graph.contains("command - high "), graph);
            assertTrue(graph.contains("-".repeat(80)), graph);
            String doctor = c.callText("LATENCY", "DOCTOR");
            assertTrue(doctor.contains("1. command: 1 latency spikes (average "), doctor);
            c.callText("PING");
            assertEquals(":1\r\n", c.callText("LATENCY", "RESET", "command", "nosuch"));
            assertEquals("*0\r\n", c.callText("LATENCY", "LATEST"));
            c.callText("CONFIG", "SET", "latency-monitor-threshold", "0");
        }
    }

    @Test
    void latencyTrackingFillsLatencystatsAndHistogram() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start(); RespClient c = new RespClient(kv.port())) {
            for (int i = 0; i < 200; i++) {
                c.callText("SET", "k" + i, "v");
            }
            c.callText("CONFIG", "GET", "maxmemory");
            Map<String, String> stats = info(c, "latencystats");
            String set = stats.get("latency_percentiles_usec_set");
            assertTrue(set != null && set.matches("p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}"),
                    stats.toString());
            assertTrue(stats.containsKey("latency_percentiles_usec_config|get"), stats.toString());
            assertFalse(c.callText("INFO").contains("Latencystats"), "latencystats is not a default section");
            c.callText("CONFIG", "SET", "latency-tracking-info-percentiles", "0 50 100");
            String set2 = info(c, "latencystats").get("latency_percentiles_usec_set");
            assertTrue(set2.matches("p0=\\d+\\.\\d{3},p50=\\d+\\.\\d{3},p100=\\d+\\.\\d{3}"), set2);
            String histogram = c.callText("LATENCY", "HISTOGRAM", "set", "nosuch");
            assertTrue(histogram.startsWith("*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:200\r\n$14\r\nhistogram_usec\r\n*"),
                    histogram);
            c.callText("CONFIG", "SET", "latency-tracking", "no");
            c.callText("SET", "more", "v");
            assertTrue(c.callText("LATENCY", "HISTOGRAM", "set").contains(":200\r\n"));
            String config = c.callText("LATENCY", "HISTOGRAM", "config");
            assertTrue(config.contains("config|get") && config.contains("config|set"), config);
        }
    }

    /**
     * The INFO fields prometheus redis_exporter (oliver006/redis_exporter 1.45, as Debian ships it)
     * turns into metrics for a standalone master, plus the ones it reads for labels.
     */
    static final String[] EXPORTER_FIELDS = {
        // server and labels
        "redis_version", "redis_build_id", "redis_mode", "os", "arch_bits", "process_id", "run_id", "tcp_port",
        "uptime_in_seconds", "executable", "config_file", "io_threads_active",
        // clients
        "connected_clients", "blocked_clients", "maxclients", "tracking_clients", "clients_in_timeout_table",
        "client_recent_max_output_buffer", "client_recent_max_input_buffer", "cluster_connections",
        // memory
        "used_memory", "used_memory_rss", "used_memory_peak", "used_memory_lua", "used_memory_vm_eval",
        "used_memory_scripts_eval", "used_memory_overhead", "used_memory_startup", "used_memory_dataset",
        "number_of_cached_scripts", "number_of_functions", "number_of_libraries", "used_memory_vm_functions",
        "used_memory_scripts", "used_memory_functions", "used_memory_vm_total", "maxmemory", "maxmemory_policy",
        "total_system_memory", "allocator_active", "allocator_allocated", "allocator_resident",
        "allocator_frag_ratio", "allocator_frag_bytes", "allocator_rss_ratio", "allocator_rss_bytes",
        "rss_overhead_ratio", "rss_overhead_bytes", "mem_fragmentation_ratio", "mem_fragmentation_bytes",
        "mem_clients_slaves", "mem_clients_normal", "mem_cluster_links", "mem_aof_buffer",
        "mem_replication_backlog", "mem_not_counted_for_evict", "mem_total_replication_buffers",
        "lazyfree_pending_objects", "lazyfreed_objects", "active_defrag_running",
        // persistence
        "loading", "async_loading", "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_last_save_time",
        "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec", "rdb_current_bgsave_time_sec", "rdb_saves",
        "rdb_last_cow_size", "rdb_last_load_keys_expired", "rdb_last_load_keys_loaded", "aof_enabled",
        "aof_rewrite_in_progress", "aof_rewrite_scheduled", "aof_last_rewrite_time_sec",
        "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_last_write_status", "aof_last_cow_size",
        "aof_rewrites", "module_fork_in_progress", "module_fork_last_cow_size", "current_fork_perc",
        "current_save_keys_processed", "current_save_keys_total",
        // stats
        "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec",
        "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes",
        "total_net_repl_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps",
        "rejected_connections", "sync_full", "sync_partial_ok", "sync_partial_err", "expired_keys",
        "expired_stale_perc", "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys",
        "evicted_clients", "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits",
        "keyspace_misses", "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec",
        "total_forks", "migrate_cached_sockets", "slave_expires_tracked_keys", "active_defrag_hits",
        "active_defrag_misses", "active_defrag_key_hits", "active_defrag_key_misses", "tracking_total_keys",
        "tracking_total_items", "tracking_total_prefixes", "unexpected_error_replies", "total_error_replies",
        "dump_payload_sanitizations", "io_threaded_reads_processed", "io_threaded_writes_processed",
        // replication
        "role", "connected_slaves", "master_failover_state", "master_replid", "master_repl_offset",
        "second_repl_offset", "repl_backlog_active", "repl_backlog_size", "repl_backlog_first_byte_offset",
        "repl_backlog_histlen",
        // cpu
        "used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children",
        "used_cpu_sys_main_thread", "used_cpu_user_main_thread",
        // cluster
        "cluster_enabled",
    };

    @Test
    void infoCarriesEveryFieldRedisExporterReads() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start(); RespClient c = new RespClient(kv.port());
             RespClient sub = new RespClient(kv.port())) {
            sub.callText("SUBSCRIBE", "news", "sport");
            sub.readReply(); // SUBSCRIBE confirms each channel: read both before going on
            sub.callText("PSUBSCRIBE", "n*"); // its confirmation read: registered before INFO (another event loop) asks
            c.callText("SET", "k", "v");
            c.callText("GET", "nosuch");
            c.callText("FOO");
            Map<String, String> all = info(c, "everything");
            List<String> missing = new ArrayList<>();
            for (String f : EXPORTER_FIELDS) {
                if (!all.containsKey(f)) {
                    missing.add(f);
                }
            }
            assertTrue(missing.isEmpty(), "missing INFO fields: " + missing);
            // the per-item families it parses by prefix
            assertTrue(all.get("db0").matches("keys=1,expires=0,avg_ttl=\\d+"), all.get("db0"));
            assertTrue(all.get("cmdstat_set").matches("calls=1,usec=\\d+,usec_per_call=\\d+\\.\\d{2},rejected_calls=0,"
                    + "failed_calls=0"), all.get("cmdstat_set"));
            assertEquals("count=1", all.get("errorstat_ERR"));
            assertTrue(all.containsKey("latency_percentiles_usec_set"));
            assertEquals("2", all.get("pubsub_channels"));
            assertEquals("1", all.get("pubsub_patterns"));
            assertEquals("0", all.get("pubsubshard_channels"));
            for (String numeric : new String[]{"used_memory", "maxmemory", "evicted_keys", "mem_fragmentation_ratio",
                "allocator_frag_ratio", "instantaneous_input_kbps"}) {
                Double.parseDouble(all.get(numeric));
            }
        }
    }
}
