package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;

/** XGROUP CREATE / SETID / DESTROY / CREATECONSUMER / DELCONSUMER / HELP. */
final class GroupCommands {
    private static final String[] HELP = {
        "XGROUP <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
        "HELP",
        "    Prints this help.",
    };
    private static final String NEED_KEY = "ERR The XGROUP subcommand requires the key to exist. Note that for "
            + "CREATE you may want to use the MKSTREAM option to create an empty stream automatically.";

    private GroupCommands() {
    }

    static void help(CommandContext ctx) {
        reply(ctx, HELP);
    }

    static void reply(CommandContext ctx, String[] lines) {
        ctx.reply().array(lines.length);
        for (String l : lines) {
            ctx.reply().simple(l);
        }
    }

    static KvException syntax(CommandContext ctx, String container) {
        return new KvException("ERR unknown subcommand or wrong number of arguments for '"
                + Args.latin1(ctx.arg(1)) + "'. Try " + container + " HELP.");
    }

    private static long entriesRead(CommandContext ctx, int i) {
        long v = Args.toLong(ctx.arg(i));
        if (v < 0 && v != ConsumerGroup.INVALID) {
            throw new KvException("ERR value for ENTRIESREAD must be positive or -1");
        }
        return v;
    }

    static void create(CommandContext ctx) {
        int argc = ctx.argc();
        boolean mkstream = false;
        long entriesRead = ConsumerGroup.INVALID;
        for (int i = 5; i < argc; ) {
            byte[] a = ctx.arg(i);
            if (Args.is(a, "MKSTREAM")) {
                mkstream = true;
                i++;
            } else if (Args.is(a, "ENTRIESREAD") && i + 1 < argc) {
                entriesRead = entriesRead(ctx, i + 1);
                i += 2;
            } else {
                throw syntax(ctx, "XGROUP");
            }
        }
        byte[] key = ctx.arg(2);
        StreamValue s = StreamCommands.lookupWrite(ctx, key);
        if (s == null && !mkstream) {
            throw new KvException(NEED_KEY);
        }
        if (argc > 8) {
            throw syntax(ctx, "XGROUP");
        }
        byte[] idArg = ctx.arg(4);
        StreamId id;
        if (idArg.length == 1 && idArg[0] == '$') {
            id = s == null ? StreamId.MIN : s.lastId();
        } else {
            id = StreamId.parseStrict(idArg, 0);
        }
        if (s == null) {
            s = new StreamValue();
            ctx.db().put(key, s);
        }
        if (s.createGroup(ctx.arg(3), id, entriesRead) == null) {
            ctx.reply().error("BUSYGROUP Consumer Group name already exists");
            return;
        }
        // Like Redis, creating a group does not touch WATCHed keys (nor does SETID, CREATECONSUMER
        // or DELCONSUMER below): only the stream's entries count as the key's content.
        ctx.dirty();
        ctx.reply().ok();
        ctx.notify(EventClass.STREAM, "xgroup-create", key);
    }

    /** The stream and group named by arguments 2 and 3, or the Redis error. */
    private static ConsumerGroup existing(CommandContext ctx, StreamValue[] out) {
        byte[] key = ctx.arg(2);
        StreamValue s = StreamCommands.lookupWrite(ctx, key);
        if (s == null) {
            throw new KvException(NEED_KEY);
        }
        ConsumerGroup g = s.group(ctx.arg(3));
        if (g == null) {
            throw new KvException("NOGROUP No such consumer group '" + Args.latin1(ctx.arg(3))
                    + "' for key name '" + Args.latin1(key) + "'");
        }
        out[0] = s;
        return g;
    }

    static void setid(CommandContext ctx) {
        int argc = ctx.argc();
        long entriesRead = ConsumerGroup.INVALID;
        for (int i = 5; i < argc; ) {
            if (Args.is(ctx.arg(i), "ENTRIESREAD") && i + 1 < argc) {
                entriesRead = entriesRead(ctx, i + 1);
                i += 2;
            } else {
                throw syntax(ctx, "XGROUP");
            }
        }
        StreamValue[] sv = new StreamValue[1];
        ConsumerGroup g = existing(ctx, sv);
        if (argc != 5 && argc != 7) {
            throw syntax(ctx, "XGROUP");
        }
        byte[] idArg = ctx.arg(4);
        StreamId id = idArg.length == 1 && idArg[0] == '$' ? sv[0].lastId() : StreamId.parseLoose(idArg, 0);
        g.lastId = id;
        g.entriesRead = entriesRead;
        ctx.dirty();
        ctx.reply().ok();
        ctx.notify(EventClass.STREAM, "xgroup-setid", ctx.arg(2));
    }

    static void destroy(CommandContext ctx) {
        byte[] key = ctx.arg(2);
        StreamValue s = StreamCommands.lookupWrite(ctx, key);
        if (s == null) {
            throw new KvException(NEED_KEY);
        }
        if (!s.destroyGroup(ctx.arg(3))) {
            ctx.reply().integer(0);
            return;
        }
        ctx.dirty();
        ctx.reply().integer(1);
        // Wakes XREADGROUP clients blocked on this group (they get NOGROUP); not a modification.
        ctx.db().signalReady(key);
        ctx.notify(EventClass.STREAM, "xgroup-destroy", key);
    }

    static void createconsumer(CommandContext ctx) {
        StreamValue[] sv = new StreamValue[1];
        ConsumerGroup g = existing(ctx, sv);
        Consumer c = g.createConsumer(ctx.arg(4), ctx.now());
        if (c != null) {
            ctx.dirty();
            ctx.notify(EventClass.STREAM, "xgroup-createconsumer", ctx.arg(2));
        }
        ctx.reply().integer(c != null ? 1 : 0);
    }

    static void delconsumer(CommandContext ctx) {
        StreamValue[] sv = new StreamValue[1];
        ConsumerGroup g = existing(ctx, sv);
        long pending = g.deleteConsumer(ctx.arg(4));
        if (pending >= 0) {
            ctx.dirty();
        }
        ctx.reply().integer(Math.max(0, pending));
        ctx.notify(EventClass.STREAM, "xgroup-delconsumer", ctx.arg(2));
    }
}
