package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.commands.introspection.Help;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** MEMORY USAGE/STATS/DOCTOR/MALLOC-STATS/PURGE/HELP. */
final class MemoryCommands {
    private static final String[] HELP = {
        "DOCTOR",
        "    Return memory problems reports.",
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "STATS",
        "    Return information about the memory usage of the server.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).",
    };
    static final String EMPTY_REPORT = "Hi Sam, this instance is empty or is using very little memory, my issues "
            + "detector can't be used in these conditions. Please, leave for your mission on Earth and fill it with "
            + "some data. The new Sam and I will be back to our programming as soon as I finished rebooting.\n";
    static final String NO_ISSUES_REPORT = "Hi Sam, I can't find any memory issue in your instance. I can only "
            + "account for what occurs on this base.\n";

    private MemoryCommands() {
    }

    private static CommandSpec.Builder sub(String name, int arity) {
        return CommandSpec.builder(name).arity(arity).acl("slow").group("server").since("4.0.0");
    }

    static CommandSpec spec(Keyspaces keyspaces, MemoryState memory, io.sockudo.kv.kernel.memory.MemoryLimit limit) {
        String[] special = {"nondeterministic_output", "request_policy:all_shards", "response_policy:special"};
        return CommandSpec.builder("memory").arity(-2).acl("slow").group("server")
                .summary("A container for memory diagnostics commands").since("4.0.0")
                .complexity("Depends on subcommand.")
                .subcommand(sub("doctor", 2).tips(special).summary("Outputs memory problems report")
                        .complexity("O(1)").handler(ctx -> doctor(keyspaces, memory, limit, ctx)).build())
                .subcommand(sub("help", 2).flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .summary("Show helpful text about the different subcommands").complexity("O(1)")
                        .handler(ctx -> Help.reply(ctx, HELP)).build())
                .subcommand(sub("malloc-stats", 2).tips(special).summary("Show allocator internal stats")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(ctx -> ctx.reply().verbatim("txt", mallocStats().getBytes(StandardCharsets.UTF_8)))
                        .build())
                .subcommand(sub("purge", 2).tips("request_policy:all_shards", "response_policy:all_succeeded")
                        .summary("Ask the allocator to release memory")
                        .complexity("Depends on how much memory is allocated, could be slow")
                        .handler(MemoryCommands::purge).build())
                .subcommand(sub("stats", 2).tips(special).summary("Show memory usage details").complexity("O(1)")
                        .handler(ctx -> stats(keyspaces, memory, ctx)).build())
                .subcommand(sub("usage", -3).flags(CommandFlag.READONLY).keys(2, 2, 1, "RO")
                        .acl("read").summary("Estimate the memory usage of a key")
                        .complexity("O(N) where N is the number of samples.")
                        .args(ArgSpec.key("key", 0), ArgSpec.integer("count").token("SAMPLES").optional())
                        .handler(MemoryCommands::usage).build())
                .build();
    }

    /** MEMORY USAGE key [SAMPLES n]: the value's estimate plus the key and its entry; nil for a missing key. */
    static void usage(CommandContext ctx) {
        for (int j = 3; j < ctx.argc(); j++) {
            if (Args.is(ctx.arg(j), "samples") && j + 1 < ctx.argc()) {
                long samples = Args.toLong(ctx.arg(j + 1));
                if (samples < 0) {
                    throw new KvException(KvException.SYNTAX);
                }
                j++;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        byte[] key = ctx.arg(2);
        KvValue v = ctx.db().peek(key);
        if (v == null) {
            ctx.reply().nullBulk();
            return;
        }
        if (ctx.db() instanceof io.sockudo.kv.kernel.keyspace.Database db) {
            // what the key's stored form occupies (a packed key is one array)
            ctx.reply().integer(db.memoryUsage(key));
            return;
        }
        boolean volatileKey = ctx.db().expireAt(key) >= 0;
        ctx.reply().integer(v.memoryUsage()
                + io.sockudo.kv.kernel.keyspace.Database.keyOverhead(key.length, volatileKey));
    }

    /**
     * MEMORY PURGE: Redis asks jemalloc to return dirty pages to the system; the JVM's equivalent is
     * a collection, which G1 follows by uncommitting free regions (with the launcher's
     * MinHeapFreeRatio/MaxHeapFreeRatio).
     */
    static void purge(CommandContext ctx) {
        System.gc();
        ctx.reply().ok();
    }

    /** MEMORY MALLOC-STATS: the JVM's memory pools, where Redis prints jemalloc's statistics. */
    static String mallocStats() {
        StringBuilder sb = new StringBuilder("___ Begin JVM memory pool statistics ___\n");
        for (java.lang.management.MemoryPoolMXBean p : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage u = p.getUsage();
            java.lang.management.MemoryUsage c = p.getCollectionUsage();
            sb.append(p.getName()).append(" (").append(p.getType() == java.lang.management.MemoryType.HEAP
                    ? "heap" : "non-heap").append("): used ").append(u.getUsed()).append(", committed ")
                    .append(u.getCommitted()).append(", max ").append(u.getMax());
            if (c != null) {
                sb.append(", used after last collection ").append(c.getUsed());
            }
            sb.append('\n');
        }
        for (java.lang.management.GarbageCollectorMXBean gc
                : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sb.append("collector ").append(gc.getName()).append(": ").append(gc.getCollectionCount())
                    .append(" collections, ").append(gc.getCollectionTime()).append(" ms\n");
        }
        return sb.append("--- End JVM memory pool statistics ---\n").toString();
    }

    /**
     * MEMORY DOCTOR: Redis's report texts; the checks that apply to this server are a peak far
     * above the current use, a heap under pressure, and big keys relative to the limit.
     */
    static void doctor(Keyspaces keyspaces, MemoryState memory, io.sockudo.kv.kernel.memory.MemoryLimit limit,
                       CommandContext ctx) {
        MemoryState.Snapshot m = memory.snapshot(keyspaces);
        String report;
        if (m.used() < 1024 * 1024 * 5) {
            report = EMPTY_REPORT;
        } else {
            StringBuilder issues = new StringBuilder();
            if (m.peak() / 2 > m.used()) {
                issues.append(" * Peak memory: In the past this instance used more than 150% the memory that is "
                        + "currently using. The allocator is normally not able to release memory after a peak, so "
                        + "you can expect to see a big fragmentation ratio, however this is actually harmless and is "
                        + "only due to the memory peak, and if the Redis instance Resident Set Size (RSS) is "
                        + "currently bigger than expected, the memory will be used as soon as you fill the Redis "
                        + "instance with more data. If the memory peak was only occasional and you want to try to "
                        + "reclaim memory, please try the MEMORY PURGE command, otherwise the only other option is "
                        + "to shutdown and restart the instance.\n\n");
            }
            if (limit.heapPressure()) {
                issues.append(" * JVM heap: the collector found the heap more than 85% full after a collection, "
                        + "so the memory limit was lowered below the dataset. Raise -Xmx (SOCKUDO_KV_JAVA_OPTS) or "
                        + "lower maxmemory.\n\n");
            }
            if (limit.configured() > limit.heapBudget() && limit.heapBudget() > 0) {
                issues.append(" * maxmemory: the configured maxmemory is more than the JVM heap allows; the limit "
                        + "in force is " + limit.heapBudget() + " bytes (70% of -Xmx).\n\n");
            }
            report = issues.length() == 0 ? NO_ISSUES_REPORT
                    : "Sam, I detected a few issues in this Redis instance memory implants:\n\n" + issues
                    + "I'm here to keep you safe, Sam. I want to help you.\n";
        }
        ctx.reply().verbatim("txt", report.getBytes(StandardCharsets.UTF_8));
    }

    /** MEMORY STATS: Redis's fields, filled with the JVM's figures. */
    static void stats(Keyspaces keyspaces, MemoryState memory, CommandContext ctx) {
        MemoryState.Snapshot m = memory.snapshot(keyspaces);
        List<Integer> dbs = new java.util.ArrayList<>();
        for (int i = 0; i < keyspaces.count(); i++) {
            if (keyspaces.db(i).size() > 0) {
                dbs.add(i);
            }
        }
        ReplyWriter w = ctx.reply();
        w.map(27 + dbs.size());
        pair(w, "peak.allocated", m.peak());
        pair(w, "total.allocated", m.used());
        pair(w, "startup.allocated", m.startup());
        pair(w, "replication.backlog", 0);
        pair(w, "clients.slaves", 0);
        pair(w, "clients.normal", 0);
        pair(w, "cluster.links", 0);
        pair(w, "aof.buffer", 0);
        pair(w, "lua.caches", 0);
        pair(w, "functions.caches", 0);
        for (int i : dbs) {
            w.bulk("db." + i);
            w.map(3);
            pair(w, "overhead.hashtable.main", keyspaces.db(i).overheadBytes());
            pair(w, "overhead.hashtable.expires", 0);
            pair(w, "overhead.hashtable.slot-to-keys", 0);
        }
        pair(w, "overhead.total", m.overhead());
        pair(w, "keys.count", m.keys());
        pair(w, "keys.bytes-per-key", m.keys() == 0 ? 0 : (m.used() - m.startup()) / m.keys());
        pair(w, "dataset.bytes", m.dataset());
        ratio(w, "dataset.percentage", m.used() - m.startup() <= 0 ? 0
                : m.dataset() * 100.0 / (m.used() - m.startup()));
        ratio(w, "peak.percentage", m.peak() == 0 ? 0 : m.used() * 100.0 / m.peak());
        pair(w, "allocator.allocated", m.used());
        pair(w, "allocator.active", m.heapCommitted());
        pair(w, "allocator.resident", m.rss());
        ratio(w, "allocator-fragmentation.ratio", m.used() == 0 ? 0 : (double) m.heapCommitted() / m.used());
        pair(w, "allocator-fragmentation.bytes", m.heapCommitted() - m.used());
        ratio(w, "allocator-rss.ratio", m.heapCommitted() == 0 ? 0 : (double) m.rss() / m.heapCommitted());
        pair(w, "allocator-rss.bytes", m.rss() - m.heapCommitted());
        ratio(w, "rss-overhead.ratio", 1);
        pair(w, "rss-overhead.bytes", 0);
        ratio(w, "fragmentation", m.used() == 0 ? 0 : (double) m.rss() / m.used());
        pair(w, "fragmentation.bytes", m.rss() - m.used());
    }

    private static void pair(ReplyWriter w, String name, long value) {
        w.bulk(name);
        w.integer(value);
    }

    /** Redis keeps these as floats and prints the float's exact double value. */
    private static void ratio(ReplyWriter w, String name, double value) {
        w.bulk(name);
        w.doubleValue((float) value);
    }
}
