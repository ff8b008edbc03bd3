package io.sockudo.kv.types.core.lists;

import io.sockudo.kv.types.core.common.RankRange;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * The list family (Redis's t_list.c): registers the list type, its config options and every
 * list command; single-list commands live here, LMOVE/LMPOP in {@link MoveCommands} and the
 * blocking variants in {@link BlockingCommands}.
 */
public final class ListCommands {
    static final String FILL = "list-max-listpack-size";
    static final String COMPRESS = "list-compress-depth";
    static final byte[] LPOP = ascii("LPOP");
    static final byte[] RPOP = ascii("RPOP");

    private ListCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(ListType.INSTANCE);
        r.configOption(ConfigOption.integer(FILL, QuickList.DEFAULT_FILL, Integer.MIN_VALUE, Integer.MAX_VALUE,
                "list-max-ziplist-size"));
        r.configOption(ConfigOption.integer(COMPRESS, 0, 0, Integer.MAX_VALUE));
        r.command(push("lpush", "Prepend one or multiple elements to a list", "1.0.0", "2.4.0", true, false));
        r.command(push("rpush", "Append one or multiple elements to a list", "1.0.0", "2.4.0", false, false));
        r.command(push("lpushx", "Prepend an element to a list, only if the list exists", "2.2.0", "4.0.0", true, true));
        r.command(push("rpushx", "Append an element to a list, only if the list exists", "2.2.0", "4.0.0", false, true));
        r.command(CommandSpec.builder("lpop").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "DELETE").acl("write", "list", "fast")
                .group("list").summary("Remove and get the first elements in a list").since("1.0.0")
                .complexity("O(N) where N is the number of elements returned")
                .history("6.2.0", "Added the `count` argument.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("count").since("6.2.0").optional())
                .handler(ctx -> pop(ctx, true)).build());
        r.command(CommandSpec.builder("rpop").arity(-2).flags(CommandFlag.WRITE, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "ACCESS", "DELETE").acl("write", "list", "fast")
                .group("list").summary("Remove and get the last elements in a list").since("1.0.0")
                .complexity("O(N) where N is the number of elements returned")
                .history("6.2.0", "Added the `count` argument.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("count").since("6.2.0").optional())
                .handler(ctx -> pop(ctx, false)).build());
        r.command(CommandSpec.builder("llen").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO").acl("read", "list", "fast")
                .group("list").summary("Get the length of a list").since("1.0.0").complexity("O(1)")
                .args(ArgSpec.key("key", 0))
                .handler(ListCommands::llen).build());
        r.command(CommandSpec.builder("lrange").arity(4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "list", "slow")
                .group("list").summary("Get a range of elements from a list").since("1.0.0")
                .complexity("O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end"
                        + " (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("start"), ArgSpec.integer("stop"))
                .handler(ListCommands::lrange).build());
        r.command(CommandSpec.builder("lindex").arity(3).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "list", "slow")
                .group("list").summary("Get an element from a list by its index").since("1.0.0")
                .complexity("O(N) where N is the number of elements to traverse to get to the element at index. This"
                        + " makes asking for the first or the last element of the list O(1).")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("index"))
                .handler(ListCommands::lindex).build());
        r.command(CommandSpec.builder("lset").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "UPDATE").acl("write", "list", "slow")
                .group("list").summary("Set the value of an element in a list by its index").since("1.0.0")
                .complexity("O(N) where N is the length of the list. Setting either the first or the last element of"
                        + " the list is O(1).")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("index"), ArgSpec.string("element"))
                .handler(ListCommands::lset).build());
        r.command(CommandSpec.builder("linsert").arity(5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "INSERT").acl("write", "list", "slow")
                .group("list").summary("Insert an element before or after another element in a list").since("2.2.0")
                .complexity("O(N) where N is the number of elements to traverse before seeing the value pivot. This"
                        + " means that inserting somewhere on the left end on the list (head) can be considered O(1)"
                        + " and inserting somewhere on the right end (tail) is O(N).")
                .args(ArgSpec.key("key", 0), ArgSpec.oneOf("where", ArgSpec.pureToken("before", "BEFORE"),
                        ArgSpec.pureToken("after", "AFTER")), ArgSpec.string("pivot"), ArgSpec.string("element"))
                .handler(ListCommands::linsert).build());
        r.command(CommandSpec.builder("lrem").arity(4).flags(CommandFlag.WRITE)
                .keys(1, 1, 1, "RW", "DELETE").acl("write", "list", "slow")
                .group("list").summary("Remove elements from a list").since("1.0.0")
                .complexity("O(N+M) where N is the length of the list and M is the number of elements removed.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("count"), ArgSpec.string("element"))
                .handler(ListCommands::lrem).build());
        r.command(CommandSpec.builder("ltrim").arity(4).flags(CommandFlag.WRITE)
                .keys(1, 1, 1, "RW", "DELETE").acl("write", "list", "slow")
                .group("list").summary("Trim a list to the specified range").since("1.0.0")
                .complexity("O(N) where N is the number of elements to be removed by the operation.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("start"), ArgSpec.integer("stop"))
                .handler(ListCommands::ltrim).build());
        r.command(CommandSpec.builder("lpos").arity(-3).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "list", "slow")
                .group("list").summary("Return the index of matching elements on a list").since("6.0.6")
                .complexity("O(N) where N is the number of elements in the list, for the average case. When searching"
                        + " for elements near the head or the tail of the list, or when the MAXLEN option is provided,"
                        + " the command may run in constant time.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("element"), ArgSpec.integer("rank").token("RANK").optional(),
                        ArgSpec.integer("num-matches").token("COUNT").optional(),
                        ArgSpec.integer("len").token("MAXLEN").optional())
                .handler(ListCommands::lpos).build());
        MoveCommands.register(r);
        BlockingCommands.register(r);
    }

    /** The spec of LPUSH, RPUSH, LPUSHX or RPUSHX ({@code multiVersion}: when several elements were allowed). */
    private static CommandSpec push(String name, String summary, String since, String multiVersion,
                                    boolean head, boolean onlyIfExists) {
        return CommandSpec.builder(name).arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM, CommandFlag.FAST)
                .keys(1, 1, 1, "RW", "INSERT").acl("write", "list", "fast")
                .group("list").summary(summary).since(since)
                .complexity("O(1) for each element added, so O(N) to add N elements when the command is called"
                        + " with multiple arguments.")
                .history(multiVersion, "Accepts multiple `element` arguments.")
                .args(ArgSpec.key("key", 0), ArgSpec.string("element").multiple())
                .handler(ctx -> push(ctx, head, onlyIfExists)).build();
    }

    /** A new empty list with the node size and compression depth configured now (as Redis does). */
    public static QuickList newList(CommandContext ctx) {
        long fill = ctx.config().getLong(FILL);
        long depth = ctx.config().getLong(COMPRESS);
        return new QuickList((int) fill, (int) depth);
    }

    /**
     * A write lookup that replies WRONGTYPE for another type: returns the list, null when the key
     * is absent, or {@link #WRONG} when it already replied.
     */
    static QuickList lookupWrite(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().get(key);
        if (v == null || v instanceof QuickList) {
            return (QuickList) v;
        }
        ctx.reply().wrongType();
        return WRONG;
    }

    /**
     * The lookup of a key a blocking command pops from: like {@link #lookupWrite}, except that
     * when a blocked command runs again a key of another type reads as absent, so the client
     * keeps waiting (Redis serves blocked clients only from keys of the type they wait for).
     */
    static QuickList lookupSource(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().get(key);
        if (v == null || v instanceof QuickList) {
            return (QuickList) v;
        }
        if (ctx.isBlockedRetry()) {
            return null;
        }
        ctx.reply().wrongType();
        return WRONG;
    }

    /** Marker returned by the lookups after replying WRONGTYPE. */
    static final QuickList WRONG = new QuickList();

    /** After an element was taken from {@code list}: deletes the key if emptied, else signals the change. */
    static void afterRemoval(CommandContext ctx, byte[] key, QuickList list) {
        if (list.isEmpty()) {
            ctx.db().delete(key);
            ctx.notify(EventClass.GENERIC, "del", key);
        } else {
            ctx.db().modified(key);
        }
    }

    /** Parses LEFT / RIGHT (true for LEFT) or throws a syntax error. */
    static boolean parseWhere(byte[] arg) {
        if (Args.is(arg, "LEFT")) {
            return true;
        }
        if (Args.is(arg, "RIGHT")) {
            return false;
        }
        throw new KvException(KvException.SYNTAX);
    }

    static void push(CommandContext ctx, boolean head, boolean onlyExisting) {
        byte[] key = ctx.arg(1);
        QuickList l = lookupWrite(ctx, key);
        if (l == WRONG) {
            return;
        }
        boolean created = false;
        if (l == null) {
            if (onlyExisting) {
                ctx.reply().integer(0);
                return;
            }
            l = newList(ctx);
            created = true;
        }
        byte[][] argv = ctx.argv();
        int argc = ctx.argc();
        if (head) {
            for (int i = 2; i < argc; i++) {
                l.pushHead(argv[i], 0, argv[i].length);
            }
        } else {
            for (int i = 2; i < argc; i++) {
                l.pushTail(argv[i], 0, argv[i].length);
            }
        }
        if (created) {
            ctx.db().put(key, l);
        } else {
            ctx.db().modified(key);
        }
        ctx.reply().integer(l.size());
        ctx.notify(EventClass.LIST, head ? "lpush" : "rpush", key);
    }

    static void pop(CommandContext ctx, boolean head) {
        byte[] key = ctx.arg(1);
        boolean hasCount = ctx.argc() == 3;
        long count = 1;
        if (ctx.argc() > 3) {
            throw new KvException("ERR wrong number of arguments for '" + (head ? "lpop" : "rpop") + "' command");
        }
        if (hasCount) {
            byte[] c = ctx.arg(2);
            if (!Args.isLong(c) || (count = Args.parseLongUnchecked(c, 0, c.length)) < 0) {
                throw new KvException("ERR value is out of range, must be positive");
            }
        }
        QuickList l = lookupWrite(ctx, key);
        ReplyWriter w = ctx.reply();
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            if (hasCount) {
                w.nullArray();
            } else {
                w.nullBulk();
            }
            return;
        }
        if (!hasCount) {
            l.popTo(head, w);
        } else {
            if (count == 0) {
                w.array(0);
                return;
            }
            long n = Math.min(count, l.size());
            w.array((int) n);
            for (long i = 0; i < n; i++) {
                l.popTo(head, w);
            }
        }
        ctx.notify(EventClass.LIST, head ? "lpop" : "rpop", key);
        afterRemoval(ctx, key, l);
    }

    static void llen(CommandContext ctx) {
        KvValue v = ctx.db().read(ctx.arg(1));
        if (v == null) {
            ctx.reply().integer(0);
        } else if (v instanceof QuickList l) {
            ctx.reply().integer(l.size());
        } else {
            ctx.reply().wrongType();
        }
    }

    /** A read lookup replying {@code onMissing} itself; returns the list or null when it replied. */
    private static QuickList readOrReply(CommandContext ctx, byte[] key, int onMissing) {
        KvValue v = ctx.db().read(key);
        if (v instanceof QuickList l) {
            return l;
        }
        if (v != null) {
            ctx.reply().wrongType();
        } else if (onMissing == MISSING_EMPTY_ARRAY) {
            ctx.reply().array(0);
        } else {
            ctx.reply().nullBulk();
        }
        return null;
    }

    private static final int MISSING_EMPTY_ARRAY = 0;
    private static final int MISSING_NULL = 1;

    static void lrange(CommandContext ctx) {
        long start = Args.toLong(ctx.arg(2));
        long end = Args.toLong(ctx.arg(3));
        QuickList l = readOrReply(ctx, ctx.arg(1), MISSING_EMPTY_ARRAY);
        if (l == null) {
            return;
        }
        long len = l.size();
        long first = RankRange.first(start, end, len);
        if (first == RankRange.EMPTY) {
            ctx.reply().array(0);
            return;
        }
        start = first;
        long n = RankRange.last(end, len) - start + 1;
        ctx.reply().array((int) n);
        l.replyRange(start, n, ctx.reply());
    }

    static void lindex(CommandContext ctx) {
        QuickList l = readOrReply(ctx, ctx.arg(1), MISSING_NULL);
        if (l == null) {
            return;
        }
        long index = Args.toLong(ctx.arg(2));
        if (index < 0) {
            index += l.size();
        }
        if (index < 0 || index >= l.size()) {
            ctx.reply().nullBulk();
        } else {
            l.replyAt(index, ctx.reply());
        }
    }

    static void lset(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        QuickList l = lookupWrite(ctx, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            throw new KvException("ERR no such key");
        }
        long index = Args.toLong(ctx.arg(2));
        if (index < 0) {
            index += l.size();
        }
        if (index < 0 || index >= l.size()) {
            throw new KvException("ERR index out of range");
        }
        l.set(index, ctx.arg(3));
        ctx.db().modified(key);
        ctx.reply().ok();
        ctx.notify(EventClass.LIST, "lset", key);
    }

    static void linsert(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        boolean after;
        if (Args.is(ctx.arg(2), "AFTER")) {
            after = true;
        } else if (Args.is(ctx.arg(2), "BEFORE")) {
            after = false;
        } else {
            throw new KvException(KvException.SYNTAX);
        }
        QuickList l = lookupWrite(ctx, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            ctx.reply().integer(0);
            return;
        }
        byte[] pivot = ctx.arg(3);
        ListCursor c = l.cursor(true);
        boolean found = false;
        while (c.valid()) {
            if (c.equalsBytes(pivot)) {
                found = true;
                break;
            }
            if (!c.next()) {
                break;
            }
        }
        if (!found) {
            l.settle();
            ctx.reply().integer(-1);
            return;
        }
        l.insert(c, after, ctx.arg(4));
        ctx.db().modified(key);
        ctx.notify(EventClass.LIST, "linsert", key);
        ctx.reply().integer(l.size());
    }

    static void lrem(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        long count = Args.toLong(ctx.arg(2));
        QuickList l = lookupWrite(ctx, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            ctx.reply().integer(0);
            return;
        }
        long removed = count >= 0 ? l.removeEqual(ctx.arg(3), count, true)
                : l.removeEqual(ctx.arg(3), count == Long.MIN_VALUE ? Long.MAX_VALUE : -count, false);
        if (removed > 0) {
            ctx.notify(EventClass.LIST, "lrem", key);
            afterRemoval(ctx, key, l);
        }
        ctx.reply().integer(removed);
    }

    static void ltrim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        long start = Args.toLong(ctx.arg(2));
        long end = Args.toLong(ctx.arg(3));
        QuickList l = lookupWrite(ctx, key);
        if (l == WRONG) {
            return;
        }
        if (l == null) {
            ctx.reply().ok();
            return;
        }
        long len = l.size();
        long first = RankRange.first(start, end, len);
        long ltrim;
        long rtrim;
        if (first == RankRange.EMPTY) {
            ltrim = len;
            rtrim = 0;
        } else {
            ltrim = first;
            rtrim = len - RankRange.last(end, len) - 1;
        }
        l.removeEnd(true, ltrim);
        l.removeEnd(false, rtrim);
        ctx.notify(EventClass.LIST, "ltrim", key);
        if (ltrim + rtrim == 0) {
            ctx.db().touched(key); // Redis signals the key but counts nothing dirty: not propagated
        } else {
            afterRemoval(ctx, key, l);
        }
        ctx.reply().ok();
    }

    static void lpos(CommandContext ctx) {
        long rank = 1;
        long count = -1;
        long maxlen = 0;
        int argc = ctx.argc();
        for (int j = 3; j < argc; j++) {
            byte[] opt = ctx.arg(j);
            boolean more = argc - 1 - j > 0;
            if (more && Args.is(opt, "RANK")) {
                rank = Args.toLong(ctx.arg(++j));
                if (rank == 0) {
                    throw new KvException("ERR RANK can't be zero: use 1 to start from the first match, 2 from the"
                            + " second ... or use negative to start from the end of the list");
                }
            } else if (more && Args.is(opt, "COUNT")) {
                // Redis reports a non-integer COUNT/MAXLEN with the "can't be negative" text too
                count = Args.toLong(ctx.arg(++j), "ERR COUNT can't be negative");
                if (count < 0) {
                    throw new KvException("ERR COUNT can't be negative");
                }
            } else if (more && Args.is(opt, "MAXLEN")) {
                maxlen = Args.toLong(ctx.arg(++j), "ERR MAXLEN can't be negative");
                if (maxlen < 0) {
                    throw new KvException("ERR MAXLEN can't be negative");
                }
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        KvValue v = ctx.db().read(ctx.arg(1));
        ReplyWriter w = ctx.reply();
        if (v == null) {
            if (count != -1) {
                w.array(0);
            } else {
                w.nullBulk();
            }
            return;
        }
        if (!(v instanceof QuickList l)) {
            w.wrongType();
            return;
        }
        boolean fromHead = rank > 0;
        if (!fromHead) {
            rank = -rank; // LLONG_MIN stays negative: every match then qualifies, as in Redis
        }
        byte[] ele = ctx.arg(2);
        long len = l.size();
        ListCursor c = l.cursor(fromHead);
        long matches = 0;
        long[] found = count > 0 ? new long[(int) Math.min(count, 16)] : count == 0 ? new long[16] : null;
        int nfound = 0;
        long index = 0;
        long single = -1;
        while (c.valid() && (maxlen == 0 || index < maxlen)) {
            if (c.equalsBytes(ele)) {
                matches++;
                if (matches >= rank) {
                    long pos = fromHead ? index : len - 1 - index;
                    if (found == null) {
                        single = pos;
                        break;
                    }
                    if (nfound == found.length) {
                        found = java.util.Arrays.copyOf(found, nfound * 2);
                    }
                    found[nfound++] = pos;
                    if (count != 0 && nfound == count) {
                        break;
                    }
                }
            }
            index++;
            if (!(fromHead ? c.next() : c.prev())) {
                break;
            }
        }
        l.settle();
        if (found == null) {
            if (single < 0) {
                w.nullBulk();
            } else {
                w.integer(single);
            }
        } else {
            w.array(nfound);
            for (int i = 0; i < nfound; i++) {
                w.integer(found[i]);
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
