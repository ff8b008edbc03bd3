package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

/** Member-level commands: SADD SREM SISMEMBER SMISMEMBER SCARD SMEMBERS SMOVE. */
final class SetMemberCommands {
    private SetMemberCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("sadd").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "INSERT").acl("write", "set", "fast").group("set")
                .summary("Add one or more members to a set").since("1.0.0")
                .complexity("O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
                .history("2.4.0", "Accepts multiple `member` arguments.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("member").multiple())
                .handler(SetMemberCommands::sadd).build());
        r.command(CommandSpec.builder("srem").arity(-3).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "DELETE").acl("write", "set", "fast").group("set")
                .summary("Remove one or more members from a set").since("1.0.0")
                .complexity("O(N) where N is the number of members to be removed.")
                .history("2.4.0", "Accepts multiple `member` arguments.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("member").multiple())
                .handler(SetMemberCommands::srem).build());
        r.command(CommandSpec.builder("smembers").arity(2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "set", "slow").group("set")
                .summary("Get all the members in a set").since("1.0.0")
                .complexity("O(N) where N is the set cardinality.")
                .tips("nondeterministic_output_order")
                .args(ArgSpec.key("key", 0))
                .handler(SetMemberCommands::smembers).build());
        r.command(CommandSpec.builder("sismember").arity(3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO").acl("read", "set", "fast").group("set")
                .summary("Determine if a given value is a member of a set").since("1.0.0")
                .complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.string("member"))
                .handler(SetMemberCommands::sismember).build());
        r.command(CommandSpec.builder("smismember").arity(-3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "set", "fast").group("set")
                .summary("Returns the membership associated with the given elements for a set").since("6.2.0")
                .complexity("O(N) where N is the number of elements being checked for membership")
                .args(ArgSpec.key("key", 0), ArgSpec.string("member").multiple())
                .handler(SetMemberCommands::smismember).build());
        r.command(CommandSpec.builder("scard").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO").acl("read", "set", "fast").group("set")
                .summary("Get the number of members in a set").since("1.0.0")
                .complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(SetMemberCommands::scard).build());
        r.command(CommandSpec.builder("smove").arity(4).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 2, 1)
                .keySpec(KeySpec.range(1, 1, 1, "RW", "ACCESS", "DELETE"))
                .keySpec(KeySpec.range(2, 2, 1, "RW", "INSERT"))
                .acl("write", "set", "fast").group("set")
                .summary("Move a member from one set to another").since("1.0.0")
                .complexity("O(1)")
                .args(ArgSpec.key("source", 0), ArgSpec.key("destination", 1), ArgSpec.string("member"))
                .handler(SetMemberCommands::smove).build());
    }

    static void sadd(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        Keyspace db = ctx.db();
        SetValue set = SetCommands.get(ctx, key);
        boolean created = set == null;
        if (created) {
            set = SetValue.createFor(ctx.arg(2));
        }
        // the threshold only matters while the set is an intset (a hashtable never converts back)
        long max = set.isIntset() ? SetCommands.maxIntset(ctx) : Long.MAX_VALUE;
        int added = 0;
        int argc = ctx.argc();
        for (int j = 2; j < argc; j++) {
            if (set.add(ctx.arg(j), max)) {
                added++;
            }
        }
        if (created) {
            db.put(key, set);
        } else if (added > 0) {
            db.modified(key);
        }
        if (added > 0) {
            ctx.notify(EventClass.SET, "sadd", key);
        }
        ctx.reply().integer(added);
    }

    static void srem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        SetValue set = SetCommands.get(ctx, key);
        if (set == null) {
            ctx.reply().integer(0);
            return;
        }
        int removed = 0;
        int argc = ctx.argc();
        for (int j = 2; j < argc && set.size() > 0; j++) {
            if (set.remove(ctx.arg(j))) {
                removed++;
            }
        }
        if (removed > 0) {
            afterRemoval(ctx, key, set, "srem");
        }
        ctx.reply().integer(removed);
    }

    /**
     * Signals a removal: the modification (or the deletion of an emptied set) and the events,
     * {@code event} then {@code del} when the key went away, in Redis's order.
     */
    static void afterRemoval(CommandContext ctx, byte[] key, SetValue set, String event) {
        boolean emptied = set.size() == 0;
        if (emptied) {
            ctx.db().delete(key);
        } else {
            ctx.db().modified(key);
        }
        ctx.notify(EventClass.SET, event, key);
        if (emptied) {
            ctx.notify(EventClass.GENERIC, "del", key);
        }
    }

    static void smembers(CommandContext ctx) {
        SetValue set = SetCommands.read(ctx, ctx.arg(1));
        ReplyWriter w = ctx.reply();
        if (set == null) {
            w.set(0);
            return;
        }
        replyAll(w, set);
    }

    /** Writes the whole set as a RESP3 set (RESP2 array) in iteration order. */
    static void replyAll(ReplyWriter w, SetValue set) {
        w.set(set.size());
        for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
            set.replyAt(w, i);
        }
    }

    static void sismember(CommandContext ctx) {
        SetValue set = SetCommands.read(ctx, ctx.arg(1));
        ctx.reply().integer(set != null && set.contains(ctx.arg(2)) ? 1 : 0);
    }

    static void smismember(CommandContext ctx) {
        SetValue set = SetCommands.read(ctx, ctx.arg(1));
        ReplyWriter w = ctx.reply();
        int argc = ctx.argc();
        w.array(argc - 2);
        for (int j = 2; j < argc; j++) {
            w.integer(set != null && set.contains(ctx.arg(j)) ? 1 : 0);
        }
    }

    static void scard(CommandContext ctx) {
        SetValue set = SetCommands.read(ctx, ctx.arg(1));
        ctx.reply().integer(set == null ? 0 : set.size());
    }

    static void smove(CommandContext ctx) {
        byte[] srcKey = ctx.arg(1);
        byte[] dstKey = ctx.arg(2);
        byte[] member = ctx.arg(3);
        Keyspace db = ctx.db();
        // Redis looks both up, answers 0 for a missing source before checking either type
        var srcRaw = db.get(srcKey);
        var dstRaw = db.get(dstKey);
        if (srcRaw == null) {
            ctx.reply().integer(0);
            return;
        }
        SetValue src = SetCommands.cast(srcRaw);
        SetValue dst = SetCommands.cast(dstRaw);
        if (src == dst) {
            ctx.reply().integer(src.contains(member) ? 1 : 0);
            return;
        }
        if (!src.remove(member)) {
            ctx.reply().integer(0);
            return;
        }
        afterRemoval(ctx, srcKey, src, "srem");
        boolean added;
        if (dst == null) {
            dst = SetValue.createFor(member);
            added = dst.add(member, SetCommands.maxIntset(ctx));
            db.put(dstKey, dst);
        } else {
            added = dst.add(member, SetCommands.maxIntset(ctx));
            db.modified(dstKey);
        }
        if (added) {
            ctx.notify(EventClass.SET, "sadd", dstKey);
        }
        ctx.reply().integer(1);
    }
}
