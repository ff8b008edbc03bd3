package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Commands on a group's pending entries list: XACK XPENDING XCLAIM XAUTOCLAIM. */
final class PelCommands {
    private PelCommands() {
    }

    private static KvException noGroup(CommandContext ctx) {
        return new KvException("NOGROUP No such key '" + Args.latin1(ctx.arg(1)) + "' or consumer group '"
                + Args.latin1(ctx.arg(2)) + "'");
    }

    static void xack(CommandContext ctx) {
        StreamValue s = StreamCommands.lookupRead(ctx, ctx.arg(1));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) {
            ctx.reply().integer(0);
            return;
        }
        int argc = ctx.argc();
        StreamId[] ids = new StreamId[argc - 3];
        for (int j = 3; j < argc; j++) {
            ids[j - 3] = StreamId.parseStrict(ctx.arg(j), 0);
        }
        long acked = 0;
        for (StreamId id : ids) {
            if (g.removePending(id) != null) {
                acked++;
            }
        }
        if (acked > 0) {
            ctx.dirty();
        }
        ctx.reply().integer(acked);
    }

    static void xpending(CommandContext ctx) {
        int argc = ctx.argc();
        boolean summary = argc == 3;
        if (argc != 3 && (argc < 6 || argc > 9)) {
            throw new KvException(KvException.SYNTAX);
        }
        long count = 0;
        long minIdle = 0;
        StreamId start = null;
        StreamId end = null;
        byte[] consumerName = null;
        if (argc >= 6) {
            int at = 3;
            if (Args.is(ctx.arg(3), "IDLE")) {
                minIdle = Args.toLong(ctx.arg(4));
                if (argc < 8) {
                    throw new KvException(KvException.SYNTAX);
                }
                at += 2;
            }
            count = Args.toLong(ctx.arg(at + 2));
            if (count < 0) {
                count = 0;
            }
            start = StreamId.parseInterval(ctx.arg(at), 0, true);
            end = StreamId.parseInterval(ctx.arg(at + 1), -1L, false);
            if (at + 3 < argc) {
                consumerName = ctx.arg(at + 3);
            }
        }
        StreamValue s = StreamCommands.lookupRead(ctx, ctx.arg(1));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) {
            throw noGroup(ctx);
        }
        ReplyWriter w = ctx.reply();
        byte[] scratch = new byte[41];
        if (summary) {
            w.array(4);
            w.integer(g.pel.size());
            if (g.pel.isEmpty()) {
                w.nullBulk();
                w.nullBulk();
                w.nullArray();
                return;
            }
            StreamId first = g.pel.firstKey();
            StreamId last = g.pel.lastKey();
            StreamValue.writeId(w, first.ms(), first.seq(), scratch);
            StreamValue.writeId(w, last.ms(), last.seq(), scratch);
            int n = 0;
            for (Consumer c : g.consumers.values()) {
                if (!c.pel.isEmpty()) {
                    n++;
                }
            }
            w.array(n);
            for (Consumer c : g.consumers.values()) {
                if (!c.pel.isEmpty()) {
                    w.array(2);
                    w.bulk(c.name);
                    w.bulkLong(c.pel.size());
                }
            }
            return;
        }
        java.util.TreeMap<StreamId, PendingEntry> pel = g.pel;
        if (consumerName != null) {
            Consumer c = g.consumer(consumerName);
            if (c == null) {
                w.array(0);
                return;
            }
            pel = c.pel;
        }
        long now = ctx.now();
        List<PendingEntry> out = new ArrayList<>();
        if (start.compareTo(end) <= 0) {
            for (PendingEntry p : pel.subMap(start, true, end, true).values()) {
                if (count == 0) {
                    break;
                }
                if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                    continue;
                }
                out.add(p);
                count--;
            }
        }
        w.array(out.size());
        for (PendingEntry p : out) {
            w.array(4);
            StreamValue.writeId(w, p.id.ms(), p.id.seq(), scratch);
            w.bulk(p.consumer.name);
            w.integer(Math.max(0, now - p.deliveryTime));
            w.integer(p.deliveryCount);
        }
    }

    /** Looks up (refreshing its seen time) or creates the claiming consumer. */
    private static Consumer claimer(CommandContext ctx, ConsumerGroup g, byte[] name, long now) {
        Consumer c = g.consumer(name);
        if (c == null) {
            c = g.consumerOrCreate(name, now);
            ctx.notify(EventClass.STREAM, "xgroup-createconsumer", ctx.arg(1));
        }
        c.seenTime = now;
        return c;
    }

    /** Gives a pending entry to {@code c}. */
    private static void transfer(PendingEntry p, Consumer c) {
        ConsumerGroup.transfer(p, c);
    }

    static void xclaim(CommandContext ctx) {
        StreamValue s = StreamCommands.lookupRead(ctx, ctx.arg(1));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) {
            throw noGroup(ctx);
        }
        byte[] mi = ctx.arg(4);
        if (!Args.isLong(mi)) {
            throw new KvException("ERR Invalid min-idle-time argument for XCLAIM");
        }
        long minIdle = Math.max(0, Args.parseLongUnchecked(mi, 0, mi.length));
        int argc = ctx.argc();
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < argc; j++) {
            StreamId.Parsed p = StreamId.parse(ctx.arg(j), 0, 0, true, false);
            if (p == null) {
                break;
            }
            ids.add(p.id());
        }
        long now = ctx.now();
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < argc; j++) {
            int more = argc - 1 - j;
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "FORCE")) {
                force = true;
            } else if (Args.is(opt, "JUSTID")) {
                justId = true;
            } else if (Args.is(opt, "IDLE") && more > 0) {
                deliveryTime = now - Args.toLong(ctx.arg(++j), "ERR Invalid IDLE option argument for XCLAIM");
            } else if (Args.is(opt, "TIME") && more > 0) {
                deliveryTime = Args.toLong(ctx.arg(++j), "ERR Invalid TIME option argument for XCLAIM");
            } else if (Args.is(opt, "RETRYCOUNT") && more > 0) {
                retryCount = Args.toLong(ctx.arg(++j), "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (Args.is(opt, "LASTID") && more > 0) {
                lastId = StreamId.parseStrict(ctx.arg(++j), 0);
            } else {
                throw new KvException("ERR Unrecognized XCLAIM option '" + Args.cString(opt) + "'");
            }
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        boolean propagateLastId = false;
        if (lastId.compareTo(g.lastId) > 0) {
            g.lastId = lastId;
            propagateLastId = true;
        }
        Consumer consumer = null;
        ReplyWriter w = ctx.reply();
        List<StreamId> out = new ArrayList<>();
        StreamNode.Entry e = new StreamNode.Entry();
        for (StreamId id : ids) {
            PendingEntry p = g.pel.get(id);
            if (!s.contains(id.ms(), id.seq())) {
                if (p != null) {
                    StreamPropagation.claim(ctx, ctx.arg(1), ctx.arg(2), g, p);
                    propagateLastId = false;
                    g.removePending(id);
                }
                continue;
            }
            if (force && p == null) {
                p = g.addPending(id, now, 0, null);
            }
            if (p == null) {
                continue;
            }
            if (p.consumer != null && minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = claimer(ctx, g, ctx.arg(3), now);
            }
            transfer(p, consumer);
            p.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                p.deliveryCount = retryCount;
            } else if (!justId) {
                p.deliveryCount++;
            }
            consumer.activeTime = now;
            StreamPropagation.claim(ctx, ctx.arg(1), ctx.arg(2), g, p);
            propagateLastId = false;
            out.add(id);
        }
        if (propagateLastId) {
            StreamPropagation.groupId(ctx, ctx.arg(1), ctx.arg(2), g);
        }
        w.array(out.size());
        byte[] scratch = new byte[41];
        for (StreamId id : out) {
            if (justId) {
                StreamValue.writeId(w, id.ms(), id.seq(), scratch);
            } else if (s.find(id.ms(), id.seq(), e)) {
                StreamValue.writeEntry(w, e, scratch);
            } else {
                w.nullBulk();
            }
        }
    }

    static void xautoclaim(CommandContext ctx) {
        byte[] mi = ctx.arg(4);
        if (!Args.isLong(mi)) {
            throw new KvException("ERR Invalid min-idle-time argument for XAUTOCLAIM");
        }
        long minIdle = Math.max(0, Args.parseLongUnchecked(mi, 0, mi.length));
        StreamId start = StreamId.parseInterval(ctx.arg(5), 0, true);
        long count = 100;
        boolean justId = false;
        int argc = ctx.argc();
        for (int j = 6; j < argc; j++) {
            int more = argc - 1 - j;
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "COUNT") && more > 0) {
                byte[] c = ctx.arg(j + 1);
                long maxCount = Long.MAX_VALUE / 16;
                if (!Args.isLong(c)) {
                    throw new KvException("ERR COUNT must be > 0");
                }
                count = Args.parseLongUnchecked(c, 0, c.length);
                if (count < 1 || count > maxCount) {
                    throw new KvException("ERR COUNT must be > 0");
                }
                j++;
            } else if (Args.is(opt, "JUSTID")) {
                justId = true;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        StreamValue s = StreamCommands.lookupRead(ctx, ctx.arg(1));
        ConsumerGroup g = s == null ? null : s.group(ctx.arg(2));
        if (g == null) {
            throw noGroup(ctx);
        }
        long attempts = count * 10;
        long now = ctx.now();
        Consumer consumer = null;
        List<StreamId> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        StreamId cur = start;
        while (attempts-- > 0 && count > 0 && cur != null) {
            Map.Entry<StreamId, PendingEntry> me = g.pel.ceilingEntry(cur);
            if (me == null) {
                cur = null;
                break;
            }
            StreamId id = me.getKey();
            PendingEntry p = me.getValue();
            cur = id.next();
            if (!s.contains(id.ms(), id.seq())) {
                StreamPropagation.claim(ctx, ctx.arg(1), ctx.arg(2), g, p);
                g.removePending(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - p.deliveryTime < minIdle) {
                continue;
            }
            if (consumer == null) {
                consumer = claimer(ctx, g, ctx.arg(3), now);
            }
            transfer(p, consumer);
            p.deliveryTime = now;
            if (!justId) {
                p.deliveryCount++;
            }
            consumer.activeTime = now;
            StreamPropagation.claim(ctx, ctx.arg(1), ctx.arg(2), g, p);
            claimed.add(id);
            count--;
        }
        StreamId next = cur == null ? null : g.pel.ceilingKey(cur);
        if (next == null) {
            next = StreamId.MIN;
        }
        ReplyWriter w = ctx.reply();
        byte[] scratch = new byte[41];
        w.array(3);
        StreamValue.writeId(w, next.ms(), next.seq(), scratch);
        w.array(claimed.size());
        StreamNode.Entry e = new StreamNode.Entry();
        for (StreamId id : claimed) {
            if (justId) {
                StreamValue.writeId(w, id.ms(), id.seq(), scratch);
            } else if (s.find(id.ms(), id.seq(), e)) {
                StreamValue.writeEntry(w, e, scratch);
            } else {
                w.nullBulk();
            }
        }
        w.array(deleted.size());
        for (StreamId id : deleted) {
            StreamValue.writeId(w, id.ms(), id.seq(), scratch);
        }
    }
}
