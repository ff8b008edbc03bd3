package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.Arrays;

/**
 * XREAD and XREADGROUP, blocking included. A blocked call runs again (kernel contract) with a
 * rewritten argument array: {@code $} replaced by the ID it stood for when the call blocked, and
 * the command name replaced by a marker array so the re-run knows it serves a blocked client
 * (which gets Redis's UNBLOCKED / NOGROUP errors when the key or group disappears).
 */
final class ReadCommands {
    /** Same bytes as the command name; recognised by identity in a re-run. */
    private static final byte[] RERUN_XREAD = "XREAD".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RERUN_XREADGROUP = "XREADGROUP".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private ReadCommands() {
    }

    /** Key finder: the keys after STREAMS (the first half of what follows it). */
    static int[] streamKeys(byte[][] argv, int argc) {
        int from = argv[0].length == 10 ? 4 : 1;
        for (int i = from; i < argc; i++) {
            if (Args.is(argv[i], "STREAMS")) {
                int n = (argc - i - 1) / 2;
                int[] out = new int[n];
                for (int k = 0; k < n; k++) {
                    out[k] = i + 1 + k;
                }
                return out;
            }
        }
        return new int[0];
    }

    static void xread(CommandContext ctx) {
        read(ctx, false);
    }

    static void xreadgroup(CommandContext ctx) {
        read(ctx, true);
    }

    private static void read(CommandContext ctx, boolean group) {
        int argc = ctx.argc();
        boolean rerun = ctx.arg(0) == RERUN_XREAD || ctx.arg(0) == RERUN_XREADGROUP;
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streams = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < argc; i++) {
            int more = argc - i - 1;
            byte[] o = ctx.arg(i);
            if (Args.is(o, "BLOCK") && more > 0) {
                i++;
                byte[] t = ctx.arg(i);
                if (!Args.isLong(t)) {
                    throw new KvException("ERR timeout is not an integer or out of range");
                }
                timeout = Args.parseLongUnchecked(t, 0, t.length);
                if (timeout < 0) {
                    throw new KvException("ERR timeout is negative");
                }
                if (timeout > 0 && timeout > Long.MAX_VALUE - ctx.now()) {
                    throw new KvException("ERR timeout is out of range");
                }
            } else if (Args.is(o, "COUNT") && more > 0) {
                i++;
                count = Args.toLong(ctx.arg(i));
                if (count < 0) {
                    count = 0;
                }
            } else if (Args.is(o, "STREAMS") && more > 0) {
                streamsArg = i + 1;
                streams = argc - streamsArg;
                if ((streams & 1) != 0) {
                    throw new KvException("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
                }
                streams /= 2;
                break;
            } else if (Args.is(o, "GROUP") && more >= 2) {
                if (!group) {
                    throw new KvException("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = ctx.arg(i + 1);
                consumerName = ctx.arg(i + 2);
                i += 2;
            } else if (Args.is(o, "NOACK")) {
                if (!group) {
                    throw new KvException("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noack = true;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (streamsArg == 0) {
            throw new KvException(KvException.SYNTAX);
        }
        if (group && groupName == null) {
            throw new KvException("ERR Missing GROUP option for XREADGROUP");
        }
        StreamId[] ids = new StreamId[streams];
        StreamValue[] values = new StreamValue[streams];
        ConsumerGroup[] groups = group ? new ConsumerGroup[streams] : null;
        boolean dollar = false;
        for (int k = 0; k < streams; k++) {
            byte[] key = ctx.arg(streamsArg + k);
            byte[] idArg = ctx.arg(streamsArg + streams + k);
            KvValue v = ctx.db().read(key);
            if (v != null && !(v instanceof StreamValue)) {
                if (rerun) {
                    if (group) {
                        ctx.reply().error("UNBLOCKED the stream key no longer exists");
                        return;
                    }
                    v = null;
                } else {
                    throw new KvException(StreamCommands.WRONGTYPE);
                }
            }
            StreamValue s = (StreamValue) v;
            values[k] = s;
            if (group) {
                ConsumerGroup g = s == null ? null : s.group(groupName);
                if (g == null) {
                    if (rerun) {
                        ctx.reply().error(s == null ? "UNBLOCKED the stream key no longer exists"
                                : "NOGROUP the consumer group this client was blocked on no longer exists");
                        return;
                    }
                    throw new KvException("NOGROUP No such key '" + Args.latin1(key) + "' or consumer group '"
                            + Args.latin1(groupName) + "' in XREADGROUP with GROUP option");
                }
                groups[k] = g;
            }
            if (idArg.length == 1 && idArg[0] == '$') {
                if (group) {
                    throw new KvException("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read "
                            + "the history of this consumer by specifying a proper ID, or use the > ID to get new "
                            + "messages. The $ ID would just return an empty result set.");
                }
                ids[k] = s == null ? StreamId.MIN : s.lastId();
                dollar = true;
                continue;
            }
            if (idArg.length == 1 && idArg[0] == '>') {
                if (!group) {
                    throw new KvException("ERR The > ID can be specified only when calling XREADGROUP using the "
                            + "GROUP <group> <consumer> option.");
                }
                ids[k] = StreamId.MAX;
                continue;
            }
            if (idArg.length == 1 && idArg[0] == '+' && !group) {
                // Redis 7.4: '+' reads the last entry: it stands for the ID just before the last one.
                StreamId before = s == null ? null : s.lastId().prev();
                ids[k] = before == null ? StreamId.MIN : before;
                dollar = true;
                continue;
            }
            ids[k] = StreamId.parseStrict(idArg, 0);
        }

        // First pass: what each stream can serve now.
        EntryList[] lists = new EntryList[streams];
        boolean[] history = new boolean[streams];
        int served = 0;
        for (int k = 0; k < streams; k++) {
            StreamValue s = values[k];
            // A woken client is served from one stream, as Redis serves it from the key that woke it,
            // and (as there) as soon as an ID was generated past its position, even if the new
            // entries were deleted meanwhile: it then gets an empty list.
            if (s == null || (rerun && served > 0)) {
                continue;
            }
            StreamId gt = ids[k];
            if (group) {
                if (gt.ms() != -1L || gt.seq() != -1L) {
                    history[k] = true;
                    lists[k] = new EntryList();
                    served++;
                } else if (rerun ? s.lastId().compareTo(groups[k].lastId) > 0
                        : s.length > 0 && s.lastValidId().compareTo(groups[k].lastId) > 0) {
                    ids[k] = groups[k].lastId;
                    lists[k] = new EntryList();
                    served++;
                }
            } else if (rerun ? s.lastId().compareTo(gt) > 0 : s.length > 0 && s.lastValidId().compareTo(gt) > 0) {
                StreamId start = gt.next();
                lists[k] = EntryList.range(s, start, StreamId.MAX, count, false);
                served++;
            }
        }
        if (served == 0) {
            if (timeout == -1 || !ctx.canBlock()) {
                ctx.reply().nullArray();
                return;
            }
            byte[][] keys = new byte[streams][];
            for (int k = 0; k < streams; k++) {
                keys[k] = ctx.arg(streamsArg + k);
            }
            byte[][] rerunArgv = rerun && !dollar ? ctx.argv() : Arrays.copyOf(ctx.argv(), argc);
            rerunArgv[0] = group ? RERUN_XREADGROUP : RERUN_XREAD;
            if (dollar) {
                for (int k = 0; k < streams; k++) {
                    byte[] idArg = rerunArgv[streamsArg + streams + k];
                    if (idArg.length == 1 && (idArg[0] == '$' || idArg[0] == '+')) {
                        rerunArgv[streamsArg + streams + k] = ids[k].bytes();
                    }
                }
            }
            ctx.block(keys, timeout, null, rerunArgv);
            return;
        }

        ReplyWriter w = ctx.reply();
        boolean resp2 = w.protocol() == 2;
        if (resp2) {
            w.array(served);
        } else {
            w.map(served);
        }
        long now = ctx.now();
        byte[] scratch = new byte[41];
        for (int k = 0; k < streams; k++) {
            if (lists[k] == null) {
                continue;
            }
            byte[] key = ctx.arg(streamsArg + k);
            if (resp2) {
                w.array(2);
            }
            w.bulk(key);
            if (!group) {
                lists[k].write(w);
                continue;
            }
            StreamValue s = values[k];
            ConsumerGroup g = groups[k];
            Consumer c = g.consumer(consumerName);
            if (c == null) {
                c = g.consumerOrCreate(consumerName, now);
                ctx.notify(EventClass.STREAM, "xgroup-createconsumer", key);
            }
            c.seenTime = now;
            if (history[k]) {
                StreamId start = ids[k].next();
                replyFromPel(w, s, c, start == null ? StreamId.MAX : start, count, now, scratch);
            } else {
                deliverNew(ctx, key, groupName, s, g, c, ids[k].next(), count, noack, now, scratch);
            }
        }
    }

    /** Serves entries after {@code start} to a consumer, updating the group and the PELs. */
    static void deliverNew(CommandContext ctx, byte[] key, byte[] groupName, StreamValue s, ConsumerGroup g,
                           Consumer c, StreamId start, long count, boolean noack, long now, byte[] scratch) {
        ReplyWriter w = ctx.reply();
        boolean propagateLastId = false;
        EntryList l = start == null ? new EntryList() : EntryList.range(s, start, StreamId.MAX, count, false);
        w.array(l.size);
        StreamNode.Entry e = new StreamNode.Entry();
        for (int i = 0; i < l.size; i++) {
            l.decode(i, e);
            StreamId id = e.id();
            if (id.compareTo(g.lastId) > 0) {
                if (g.entriesRead != ConsumerGroup.INVALID && !s.rangeHasTombstones(id, null)) {
                    g.entriesRead++;
                } else if (s.entriesAdded != 0) {
                    g.entriesRead = s.estimateDistance(id);
                }
                g.lastId = id;
            }
            if (noack) {
                propagateLastId = true;
            } else {
                PendingEntry p = g.pel.get(id);
                if (p == null) {
                    p = g.addPending(id, now, 1, c);
                } else {
                    ConsumerGroup.transfer(p, c);
                    p.deliveryTime = now;
                    p.deliveryCount = 1;
                }
                c.activeTime = now;
                StreamPropagation.claim(ctx, key, groupName, g, p);
            }
            StreamValue.writeEntry(w, e, scratch);
        }
        if (propagateLastId) {
            StreamPropagation.groupId(ctx, key, groupName, g);
        }
    }

    /** History read: the consumer's pending entries from {@code start}; deleted ones as [id, nil]. */
    private static void replyFromPel(ReplyWriter w, StreamValue s, Consumer c, StreamId start, long count, long now,
                                     byte[] scratch) {
        java.util.NavigableMap<StreamId, PendingEntry> tail = c.pel.tailMap(start, true);
        int n = (int) (count == 0 ? tail.size() : Math.min(count, tail.size()));
        w.array(n);
        StreamNode.Entry e = new StreamNode.Entry();
        int i = 0;
        for (PendingEntry p : tail.values()) {
            if (i++ == n) {
                break;
            }
            if (s.find(p.id.ms(), p.id.seq(), e)) {
                StreamValue.writeEntry(w, e, scratch);
                p.deliveryTime = now;
                p.deliveryCount++;
            } else {
                w.array(2);
                StreamValue.writeId(w, p.id.ms(), p.id.seq(), scratch);
                w.nullArray();
            }
        }
    }
}
