package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.concurrent.ThreadLocalRandom;

/** The random-member commands SPOP and SRANDMEMBER, with Redis 7.0's count semantics. */
final class SetRandomCommands {
    private static final byte[] SREM = Args.bytes("SREM");
    private static final byte[] DEL = Args.bytes("DEL");
    private static final String POSITIVE = "ERR value is out of range, must be positive";
    private static final String RANGE = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

    private SetRandomCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("spop").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "DELETE").acl("write", "set", "fast").group("set")
                .summary("Remove and return one or multiple random members from a set").since("1.0.0")
                .complexity("Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
                .tips("nondeterministic_output")
                .history("3.2.0", "Added the `count` argument.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("count").since("3.2.0").optional())
                .handler(SetRandomCommands::spop).build());
        r.command(CommandSpec.builder("srandmember").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "set", "slow").group("set")
                .summary("Get one or multiple random members from a set").since("1.0.0")
                .complexity("Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
                .tips("nondeterministic_output")
                .history("2.6.0", "Added the optional `count` argument.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("count").since("2.6.0").optional())
                .handler(SetRandomCommands::srandmember).build());
    }

    static void spop(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new KvException(KvException.SYNTAX);
        }
        byte[] key = ctx.arg(1);
        if (argc == 3) {
            spopCount(ctx, key);
            return;
        }
        SetValue set = SetCommands.get(ctx, key);
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        byte[] member = set.removeAt(set.randomIndex());
        ctx.reply().bulk(member);
        ctx.propagateAs(SREM, key, member);
        SetMemberCommands.afterRemoval(ctx, key, set, "spop");
    }

    private static void spopCount(CommandContext ctx, byte[] key) {
        byte[] c = ctx.arg(2);
        if (!Args.isLong(c)) {
            throw new KvException(POSITIVE);
        }
        long count = Args.parseLongUnchecked(c, 0, c.length);
        if (count < 0) {
            throw new KvException(POSITIVE);
        }
        SetValue set = SetCommands.get(ctx, key);
        ReplyWriter w = ctx.reply();
        if (set == null || count == 0) {
            w.set(0);
            return;
        }
        int size = set.size();
        if (count >= size) {
            // the whole set, in its iteration order (ascending for an intset, as in Redis)
            SetMemberCommands.replyAll(w, set);
            ctx.db().delete(key);
            ctx.notify(EventClass.SET, "spop", key);
            ctx.notify(EventClass.GENERIC, "del", key);
            ctx.propagateAs(DEL, key);
            return;
        }
        int n = (int) count;
        byte[][] srem = new byte[n + 2][];
        srem[0] = SREM;
        srem[1] = key;
        w.set(n);
        for (int i = 0; i < n; i++) {
            byte[] m = set.removeAt(set.randomIndex());
            w.bulk(m);
            srem[i + 2] = m;
        }
        ctx.propagateAs(srem);
        ctx.db().modified(key);
        ctx.notify(EventClass.SET, "spop", key);
    }

    static void srandmember(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc > 3) {
            throw new KvException(KvException.SYNTAX);
        }
        byte[] key = ctx.arg(1);
        if (argc == 3) {
            srandmemberCount(ctx, key);
            return;
        }
        SetValue set = SetCommands.read(ctx, key);
        if (set == null) {
            ctx.reply().nullBulk();
            return;
        }
        set.replyAt(ctx.reply(), set.randomIndex());
    }

    private static void srandmemberCount(CommandContext ctx, byte[] key) {
        long count = Args.toLong(ctx.arg(2));
        if (count == Long.MIN_VALUE) {
            throw new KvException(RANGE);
        }
        SetValue set = SetCommands.read(ctx, key);
        ReplyWriter w = ctx.reply();
        if (set == null || count == 0) {
            w.array(0);
            return;
        }
        if (count < 0) {
            // negative: exactly -count picks, repeats allowed
            long picks = -count;
            w.array((int) Math.min(picks, Integer.MAX_VALUE));
            for (long i = 0; i < picks && i < Integer.MAX_VALUE; i++) {
                set.replyAt(w, set.randomIndex());
                if ((i & 1023) == 1023 && w.discarding()) {
                    return; // the client is being dropped (output-buffer limit): stop producing
                }
            }
            return;
        }
        int size = set.size();
        if (count >= size) {
            w.array(size);
            for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
                set.replyAt(w, i);
            }
            return;
        }
        int n = (int) count;
        w.array(n);
        if ((long) n * 3 > size) {
            // many of the members: a partial Fisher-Yates shuffle over all indexes
            int[] idx = new int[size];
            int k = 0;
            for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
                idx[k++] = i;
            }
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < n; i++) {
                int j = i + rnd.nextInt(size - i);
                int t = idx[i];
                idx[i] = idx[j];
                idx[j] = t;
                set.replyAt(w, idx[i]);
            }
            return;
        }
        // few of the members: random picks, repeats rejected through a small index set
        IndexSet seen = new IndexSet(n);
        int emitted = 0;
        while (emitted < n) {
            int i = set.randomIndex();
            if (seen.add(i)) {
                set.replyAt(w, i);
                emitted++;
            }
        }
    }

    /** A minimal open-addressing set of non-negative ints (no boxing). */
    private static final class IndexSet {
        private final int[] slots;
        private final int mask;

        IndexSet(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2)) << 1;
            slots = new int[cap];
            java.util.Arrays.fill(slots, -1);
            mask = cap - 1;
        }

        boolean add(int v) {
            int i = (v * 0x9E3779B9) >>> 7 & mask;
            while (slots[i] != -1) {
                if (slots[i] == v) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            slots[i] = v;
            return true;
        }
    }
}
