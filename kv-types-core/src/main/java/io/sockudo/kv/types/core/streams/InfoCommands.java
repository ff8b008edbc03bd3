package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

/**
 * XINFO STREAM [FULL [COUNT n]] / GROUPS / CONSUMERS / HELP. Field sets follow Redis 7.2 where it
 * added fields (consumer {@code active-time} in FULL, {@code inactive} in CONSUMERS); the rest is
 * as 7.0.15 prints it. {@code radix-tree-nodes} is computed by
 * {@link RaxShape} from the blocks' first IDs.
 */
final class InfoCommands {
    private static final String[] HELP = {
        "XINFO <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
        "HELP",
        "    Prints this help.",
    };

    private InfoCommands() {
    }

    static void help(CommandContext ctx) {
        GroupCommands.reply(ctx, HELP);
    }

    private static StreamValue existing(CommandContext ctx) {
        StreamValue s = StreamCommands.lookupRead(ctx, ctx.arg(2));
        if (s == null) {
            throw new KvException("ERR no such key");
        }
        return s;
    }

    static void consumers(CommandContext ctx) {
        StreamValue s = existing(ctx);
        ConsumerGroup g = s.group(ctx.arg(3));
        if (g == null) {
            throw new KvException("NOGROUP No such consumer group '" + Args.latin1(ctx.arg(3))
                    + "' for key name '" + Args.latin1(ctx.arg(2)) + "'");
        }
        ReplyWriter w = ctx.reply();
        long now = ctx.now();
        w.array(g.consumers.size());
        for (Consumer c : g.consumers.values()) {
            w.map(4);
            w.bulk("name");
            w.bulk(c.name);
            w.bulk("pending");
            w.integer(c.pel.size());
            w.bulk("idle");
            w.integer(Math.max(0, now - c.seenTime));
            w.bulk("inactive");
            w.integer(c.activeTime == -1 ? -1 : Math.max(0, now - c.activeTime));
        }
    }

    static void groups(CommandContext ctx) {
        StreamValue s = existing(ctx);
        ReplyWriter w = ctx.reply();
        byte[] scratch = new byte[41];
        w.array(s.groupCount());
        if (s.groups == null) {
            return;
        }
        for (ConsumerGroup g : s.groups.values()) {
            w.map(6);
            w.bulk("name");
            w.bulk(g.name);
            w.bulk("consumers");
            w.integer(g.consumers.size());
            w.bulk("pending");
            w.integer(g.pel.size());
            w.bulk("last-delivered-id");
            StreamValue.writeId(w, g.lastId.ms(), g.lastId.seq(), scratch);
            w.bulk("entries-read");
            writeEntriesRead(w, g);
            w.bulk("lag");
            writeLag(w, s, g);
        }
    }

    private static void writeEntriesRead(ReplyWriter w, ConsumerGroup g) {
        if (g.entriesRead != ConsumerGroup.INVALID) {
            w.integer(g.entriesRead);
        } else {
            w.nullBulk();
        }
    }

    private static void writeLag(ReplyWriter w, StreamValue s, ConsumerGroup g) {
        Long lag = s.lag(g);
        if (lag == null) {
            w.nullBulk();
        } else {
            w.integer(lag);
        }
    }

    static void stream(CommandContext ctx) {
        int argc = ctx.argc();
        boolean full = false;
        long count = 10;
        if (argc > 3) {
            if (!Args.is(ctx.arg(3), "FULL")) {
                throw GroupCommands.syntax(ctx, "XINFO");
            }
            full = true;
            if (argc > 4) {
                if (argc != 6 || !Args.is(ctx.arg(4), "COUNT")) {
                    throw GroupCommands.syntax(ctx, "XINFO");
                }
                count = Args.toLong(ctx.arg(5));
                if (count < 0) {
                    count = 10;
                }
            }
        }
        StreamValue s = existing(ctx);
        ReplyWriter w = ctx.reply();
        byte[] scratch = new byte[41];
        w.map(full ? 9 : 10);
        w.bulk("length");
        w.integer(s.length);
        w.bulk("radix-tree-keys");
        w.integer(s.nodeCount());
        w.bulk("radix-tree-nodes");
        w.integer(RaxShape.nodes(s));
        w.bulk("last-generated-id");
        StreamValue.writeId(w, s.lastMs, s.lastSeq, scratch);
        w.bulk("max-deleted-entry-id");
        StreamValue.writeId(w, s.maxDelMs, s.maxDelSeq, scratch);
        w.bulk("entries-added");
        w.integer(s.entriesAdded);
        w.bulk("recorded-first-entry-id");
        StreamId first = s.firstId();
        StreamValue.writeId(w, first.ms(), first.seq(), scratch);
        if (!full) {
            w.bulk("groups");
            w.integer(s.groupCount());
            StreamNode.Entry e = new StreamNode.Entry();
            w.bulk("first-entry");
            if (s.edge(true, e)) {
                StreamValue.writeEntry(w, e, scratch);
            } else {
                w.nullBulk();
            }
            w.bulk("last-entry");
            if (s.edge(false, e)) {
                StreamValue.writeEntry(w, e, scratch);
            } else {
                w.nullBulk();
            }
            return;
        }
        w.bulk("entries");
        EntryList.range(s, StreamId.MIN, StreamId.MAX, count, false).write(w);
        w.bulk("groups");
        w.array(s.groupCount());
        if (s.groups == null) {
            return;
        }
        for (ConsumerGroup g : s.groups.values()) {
            w.map(7);
            w.bulk("name");
            w.bulk(g.name);
            w.bulk("last-delivered-id");
            StreamValue.writeId(w, g.lastId.ms(), g.lastId.seq(), scratch);
            w.bulk("entries-read");
            writeEntriesRead(w, g);
            w.bulk("lag");
            writeLag(w, s, g);
            w.bulk("pel-count");
            w.integer(g.pel.size());
            w.bulk("pending");
            long n = count == 0 ? g.pel.size() : Math.min(count, g.pel.size());
            w.array((int) n);
            int i = 0;
            for (PendingEntry p : g.pel.values()) {
                if (i++ == n) {
                    break;
                }
                w.array(4);
                StreamValue.writeId(w, p.id.ms(), p.id.seq(), scratch);
                w.bulk(p.consumer.name);
                w.integer(p.deliveryTime);
                w.integer(p.deliveryCount);
            }
            w.bulk("consumers");
            w.array(g.consumers.size());
            for (Consumer c : g.consumers.values()) {
                w.map(5);
                w.bulk("name");
                w.bulk(c.name);
                w.bulk("seen-time");
                w.integer(c.seenTime);
                w.bulk("active-time");
                w.integer(c.activeTime);
                w.bulk("pel-count");
                w.integer(c.pel.size());
                w.bulk("pending");
                long m = count == 0 ? c.pel.size() : Math.min(count, c.pel.size());
                w.array((int) m);
                int k = 0;
                for (PendingEntry p : c.pel.values()) {
                    if (k++ == m) {
                        break;
                    }
                    w.array(3);
                    StreamValue.writeId(w, p.id.ms(), p.id.seq(), scratch);
                    w.integer(p.deliveryTime);
                    w.integer(p.deliveryCount);
                }
            }
        }
    }
}
