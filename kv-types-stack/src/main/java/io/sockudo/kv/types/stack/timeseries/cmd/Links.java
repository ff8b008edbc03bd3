package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.types.stack.timeseries.rules.Compaction;
import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.DuplicatePolicy;
import io.sockudo.kv.types.stack.timeseries.store.Rule;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Compaction links cross keys: a source names its destinations and a destination its source,
 * inside the values. Before a command reads or writes across a link it
 *
 * <ol>
 *   <li>locks the named keys with {@link CommandContext#lockKeys} (looking the series up again
 *       and repeating when the kernel had to release the command's locks meanwhile, and when a
 *       name changed before its lock was taken);</li>
 *   <li>drops links whose other end is gone or no longer points back (a deleted or replaced
 *       key), as RedisTimeSeries drops references to deleted series lazily; a link read back
 *       from a record is joined to the other end's rule by name.</li>
 * </ol>
 *
 * <p>Commands whose own keys include the other end (TS.CREATERULE, TS.DELETERULE) and keyless
 * commands (which hold every shard lock) skip step 1 at no cost: {@code lockKeys} of held shards
 * returns at once.
 */
final class Links {
    private Links() {
    }

    /** What to lock: the destinations of the series's rules, its source, or both. */
    static final int DESTINATIONS = 1;
    static final int SOURCE = 2;
    static final int BOTH = 3;

    /**
     * Locks what the series under {@code key} links to ({@code what}) and drops dead links.
     * Returns the value under {@code key} once the links are stable: a {@link Series}, another
     * value, or null.
     */
    static KvValue settle(CommandContext ctx, byte[] key, int what) {
        while (true) {
            KvValue v = ctx.db().get(key);
            if (!(v instanceof Series s)) {
                return v;
            }
            byte[][] names = names(s, what);
            if (names.length == 0) {
                return s;
            }
            if (!ctx.lockKeys(names)) {
                continue; // our locks were released for a moment: look again
            }
            if (!Arrays.deepEquals(names, names(s, what))) {
                continue; // a name changed before its lock was taken
            }
            check(ctx, s, key, what);
            return s;
        }
    }

    /** Settles several keys at once (TS.MADD). */
    static void settleAll(CommandContext ctx, byte[][] keys) {
        boolean linked = false;
        for (byte[] k : keys) {
            if (ctx.db().get(k) instanceof Series s && s.hasRules()) {
                linked = true;
                break;
            }
        }
        if (!linked) {
            return;
        }
        while (true) {
            List<byte[]> names = new ArrayList<>();
            for (byte[] k : keys) {
                if (ctx.db().peek(k) instanceof Series s) {
                    names.addAll(Arrays.asList(names(s, DESTINATIONS)));
                }
            }
            if (names.isEmpty()) {
                return;
            }
            byte[][] all = names.toArray(new byte[0][]);
            if (!ctx.lockKeys(all)) {
                continue;
            }
            List<byte[]> again = new ArrayList<>();
            for (byte[] k : keys) {
                if (ctx.db().peek(k) instanceof Series s) {
                    again.addAll(Arrays.asList(names(s, DESTINATIONS)));
                }
            }
            if (!Arrays.deepEquals(all, again.toArray(new byte[0][]))) {
                continue;
            }
            for (byte[] k : keys) {
                if (ctx.db().peek(k) instanceof Series s) {
                    check(ctx, s, k, DESTINATIONS);
                }
            }
            return;
        }
    }

    private static final byte[][] NONE = new byte[0][];

    private static byte[][] names(Series s, int what) {
        int n = ((what & DESTINATIONS) != 0 && s.rules != null ? s.rules.size() : 0)
                + ((what & SOURCE) != 0 && s.srcRule != null ? 1 : 0);
        if (n == 0) {
            return NONE;
        }
        byte[][] out = new byte[n][];
        int i = 0;
        if ((what & DESTINATIONS) != 0 && s.rules != null) {
            for (Rule r : s.rules) {
                out[i++] = r.destKey;
            }
        }
        if ((what & SOURCE) != 0 && s.srcRule != null) {
            out[i] = s.srcRule.srcKey;
        }
        return out;
    }

    /** With every linked key locked: drops dead links and joins links read from records. */
    static void check(CommandContext ctx, Series s, byte[] key, int what) {
        if ((what & DESTINATIONS) != 0 && s.rules != null) {
            for (Iterator<Rule> it = s.rules.iterator(); it.hasNext(); ) {
                Rule r = it.next();
                Series dest = ctx.db().peek(r.destKey) instanceof Series d ? d : null;
                if (dest != null && dest.srcRule != null
                        && (dest.srcRule == r || Arrays.equals(dest.srcRule.srcKey, key))) {
                    dest.srcRule = r;
                } else {
                    it.remove();
                }
            }
            if (s.rules.isEmpty()) {
                s.rules = null;
            }
        }
        if ((what & SOURCE) != 0 && s.srcRule != null) {
            Rule link = s.srcRule;
            Rule found = null;
            if (ctx.db().peek(link.srcKey) instanceof Series src && src.rules != null) {
                for (Rule r : src.rules) {
                    if (r == link || Arrays.equals(r.destKey, key)) {
                        found = r;
                        break;
                    }
                }
            }
            s.srcRule = found;
        }
    }

    /** The rules' destinations as the compaction code sees them, for one command. */
    static final class Targets implements Compaction.Targets {
        private static final ThreadLocal<Targets> CURRENT = ThreadLocal.withInitial(Targets::new);

        private CommandContext ctx;
        private final Chunk.Scratch scratch = new Chunk.Scratch();
        private DuplicatePolicy policy;

        private Targets() {
        }

        /** The event loop's instance, set up for {@code ctx} (commands run one at a time per thread). */
        static Targets of(CommandContext ctx) {
            Targets t = CURRENT.get();
            t.ctx = ctx;
            t.policy = null;
            return t;
        }

        @Override
        public Series destination(Rule rule) {
            return (Series) ctx.db().peek(rule.destKey);
        }

        @Override
        public void changed(Rule rule, boolean closedBucket) {
            ctx.db().modified(rule.destKey);
            if (closedBucket) {
                ctx.notify(EventClass.MODULE, "ts.add:dest", rule.destKey);
            }
        }

        @Override
        public DuplicatePolicy defaultPolicy() {
            if (policy == null) {
                policy = TsConfig.duplicatePolicy(ctx.config());
            }
            return policy;
        }

        @Override
        public Chunk.Scratch scratch() {
            return scratch;
        }
    }
}
