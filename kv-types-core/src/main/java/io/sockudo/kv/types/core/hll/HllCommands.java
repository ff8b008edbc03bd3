package io.sockudo.kv.types.core.hll;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.strings.StringValue;

/**
 * HyperLogLog commands (Redis's hyperloglog.c) over string values in Redis's own layout
 * ({@link Hll}): PFADD PFCOUNT PFMERGE PFDEBUG PFSELFTEST.
 */
public final class HllCommands {
    static final String NOT_HLL = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    static final String CORRUPT = "INVALIDOBJ Corrupted HLL object detected";
    static final String SPARSE_MAX = "hll-sparse-max-bytes";

    private HllCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.configOption(ConfigOption.memory(SPARSE_MAX, 3000, 0, Long.MAX_VALUE));
        r.command(CommandSpec.builder("pfadd").arity(-2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "INSERT").acl("write", "hyperloglog", "fast").group("hyperloglog")
                .summary("Adds the specified elements to the specified HyperLogLog.").since("2.8.9")
                .complexity("O(1) to add every element.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("element").optional().multiple())
                .handler(HllCommands::pfadd).build());
        r.command(CommandSpec.builder("pfcount").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, -1, 1, "RW", "ACCESS")
                .keySpecNotes("RW because it may change the internal representation of the key, and propagate to replicas")
                .acl("read", "hyperloglog", "slow").group("hyperloglog")
                .summary("Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).")
                .since("2.8.9")
                .complexity("O(1) with a very small average constant time when called with a single key. O(N) with N "
                        + "being the number of keys, and much bigger constant times, when called with multiple keys.")
                .args(ArgSpec.key("key", 0).multiple())
                .handler(HllCommands::pfcount).build());
        r.command(CommandSpec.builder("pfmerge").arity(-2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, -1, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "INSERT"))
                .keySpec(KeySpec.range(2, -1, 1, "RO", "ACCESS"))
                .acl("write", "hyperloglog", "slow").group("hyperloglog")
                .summary("Merge N different HyperLogLogs into a single one.").since("2.8.9")
                .complexity("O(N) to merge N HyperLogLogs, but with high constant times.")
                .args(ArgSpec.key("destkey", 0), ArgSpec.key("sourcekey", 1).multiple())
                .handler(HllCommands::pfmerge).build());
        r.command(CommandSpec.builder("pfdebug").arity(3)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.ADMIN)
                .keys(2, 2, 1, "RW", "ACCESS").acl("write", "hyperloglog", "admin", "slow", "dangerous")
                .group("hyperloglog").summary("Internal commands for debugging HyperLogLog values").since("2.8.9")
                .complexity("N/A").docFlags("syscmd")
                .args(ArgSpec.string("subcommand"), ArgSpec.key("key", 0))
                .handler(HllDebug::pfdebug).build());
        r.command(CommandSpec.builder("pfselftest").arity(1).flags(CommandFlag.ADMIN)
                .acl("hyperloglog", "admin", "slow", "dangerous")
                .group("hyperloglog").summary("An internal command for testing HyperLogLog values").since("2.8.9")
                .complexity("N/A").docFlags("syscmd")
                .handler(HllDebug::pfselftest).build());
    }

    /**
     * The HLL string at {@code key} for a command that changes it (unshared, so it is raw), or
     * null after replying: WRONGTYPE for another type or a string that is not an HLL.
     */
    static StringValue writableHll(CommandContext ctx, KvValue o) {
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return null;
        }
        if (!Hll.isHll(s.array(), s.length())) {
            ctx.reply().error(NOT_HLL);
            return null;
        }
        s.mutableBuffer(s.length());
        return s;
    }

    static void pfadd(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        KvValue o = ctx.db().get(key);
        boolean updated = false;
        StringValue s;
        if (o == null) {
            s = StringValue.raw(Hll.create());
            ctx.db().put(key, s);
            updated = true;
        } else {
            s = writableHll(ctx, o);
            if (s == null) {
                return;
            }
        }
        int argc = ctx.argc();
        if (argc > 2) {
            Hll.Edit e = null;
            byte[] a = s.array();
            long sparseMax = 0;
            for (int j = 2; j < argc; j++) {
                byte[] ele = ctx.arg(j);
                long rc = Hll.registerAndCount(ele, 0, ele.length);
                int index = (int) rc;
                int count = (int) (rc >>> 32);
                if (a[Hll.ENCODING] == Hll.DENSE) {
                    updated |= Hll.denseSet(a, index, count);
                    continue;
                }
                if (e == null) {
                    e = new Hll.Edit();
                    e.array = a;
                    e.length = s.length();
                    sparseMax = ctx.config().getLong(SPARSE_MAX);
                }
                int rv = Hll.sparseSet(e, index, count, sparseMax);
                if (rv < 0) {
                    s.setRaw(e.array, e.length);
                    ctx.reply().error(CORRUPT);
                    return;
                }
                updated |= rv == 1;
                a = e.array;
            }
            if (e != null) {
                s.setRaw(e.array, e.length);
            }
        }
        if (updated) {
            Hll.invalidateCache(s.array());
            ctx.db().modified(key);
            ctx.notify(EventClass.STRING, "pfadd", key);
        }
        ctx.reply().integer(updated ? 1 : 0);
    }

    static void pfcount(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc == 2) {
            byte[] key = ctx.arg(1);
            KvValue o = ctx.db().get(key);
            if (o == null) {
                ctx.reply().integer(0);
                return;
            }
            StringValue s = writableHll(ctx, o);
            if (s == null) {
                return;
            }
            byte[] a = s.array();
            long card;
            if (Hll.cacheValid(a)) {
                card = Hll.cachedCard(a);
            } else {
                int[] h = Hll.histogram(a, s.length());
                if (h == null) {
                    ctx.reply().error(CORRUPT);
                    return;
                }
                card = Hll.estimate(h);
                Hll.setCachedCard(a, card);
                ctx.db().modified(key);
            }
            ctx.reply().integer(card);
            return;
        }
        byte[] max = new byte[Hll.REGISTERS];
        if (mergeKeys(ctx, max) == MERGE_FAILED) {
            return;
        }
        ctx.reply().integer(Hll.estimate(Hll.histogram(max)));
    }

    private static final int MERGE_FAILED = -1;
    private static final int MERGED_SPARSE = 0;
    private static final int MERGED_DENSE = 1;

    /**
     * Takes the register-wise maximum of every HLL named by {@code argv[1..]} into {@code max}
     * (missing keys count as empty), as PFCOUNT with several keys and PFMERGE do. Returns
     * {@link #MERGE_FAILED} after replying WRONGTYPE, "not a valid HyperLogLog" or "corrupted";
     * otherwise {@link #MERGED_DENSE} when any input was dense, else {@link #MERGED_SPARSE}.
     */
    private static int mergeKeys(CommandContext ctx, byte[] max) {
        int result = MERGED_SPARSE;
        int argc = ctx.argc();
        for (int j = 1; j < argc; j++) {
            KvValue o = ctx.db().read(ctx.arg(j));
            if (o == null) {
                continue;
            }
            if (!(o instanceof StringValue s)) {
                ctx.reply().wrongType();
                return MERGE_FAILED;
            }
            if (!Hll.isHll(s.array(), s.length())) {
                ctx.reply().error(NOT_HLL);
                return MERGE_FAILED;
            }
            if (s.array()[Hll.ENCODING] == Hll.DENSE) {
                result = MERGED_DENSE;
            }
            if (!Hll.mergeInto(max, s.array(), s.length())) {
                ctx.reply().error(CORRUPT);
                return MERGE_FAILED;
            }
        }
        return result;
    }

    static void pfmerge(CommandContext ctx) {
        byte[] max = new byte[Hll.REGISTERS];
        int merged = mergeKeys(ctx, max);
        if (merged == MERGE_FAILED) {
            return;
        }
        boolean useDense = merged == MERGED_DENSE;
        byte[] key = ctx.arg(1);
        KvValue o = ctx.db().get(key);
        StringValue s;
        if (o == null) {
            s = StringValue.raw(Hll.create());
            ctx.db().put(key, s);
        } else {
            s = (StringValue) o; // checked above as a source
            s.mutableBuffer(s.length());
        }
        Hll.Edit e = new Hll.Edit();
        e.array = s.array();
        e.length = s.length();
        if (useDense && e.array[Hll.ENCODING] == Hll.SPARSE) {
            byte[] d = Hll.sparseToDense(e.array, e.length);
            if (d == null) {
                ctx.reply().error(CORRUPT);
                return;
            }
            e.array = d;
            e.length = Hll.DENSE_SIZE;
        }
        long sparseMax = ctx.config().getLong(SPARSE_MAX);
        for (int i = 0; i < Hll.REGISTERS; i++) {
            int v = max[i];
            if (v == 0) {
                continue;
            }
            if (e.array[Hll.ENCODING] == Hll.DENSE) {
                Hll.denseSet(e.array, i, v);
            } else {
                Hll.sparseSet(e, i, v, sparseMax);
            }
        }
        s.setRaw(e.array, e.length);
        Hll.invalidateCache(e.array);
        ctx.db().modified(key);
        ctx.notify(EventClass.STRING, "pfadd", key);
        ctx.reply().ok();
    }
}
