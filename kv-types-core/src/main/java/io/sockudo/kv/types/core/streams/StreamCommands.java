package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;

/**
 * The stream family (Redis's t_stream.c): registers the type, the configuration options and the
 * commands; implements the entry commands XADD XRANGE XREVRANGE XLEN XDEL XTRIM XSETID. Reads are
 * in {@link ReadCommands}, groups in {@link GroupCommands} and {@link PelCommands}, XINFO in
 * {@link InfoCommands}.
 */
public final class StreamCommands {
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    static final String NODE_MAX_BYTES = "stream-node-max-bytes";
    static final String NODE_MAX_ENTRIES = "stream-node-max-entries";

    private static final CachedOption MAX_BYTES = new CachedOption(NODE_MAX_BYTES);
    private static final CachedOption MAX_ENTRIES = new CachedOption(NODE_MAX_ENTRIES);

    private StreamCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.valueType(StreamType.INSTANCE);
        r.configOption(ConfigOption.memory(NODE_MAX_BYTES, 4096, 0, Long.MAX_VALUE));
        r.configOption(ConfigOption.integer(NODE_MAX_ENTRIES, 100, 0, Long.MAX_VALUE));
        StreamSpecs.register(r);
    }

    /**
     * A write lookup: the stream, null for a missing key (nothing replied), or throws WRONGTYPE.
     */
    static StreamValue lookupWrite(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().get(key);
        if (v == null || v instanceof StreamValue) {
            return (StreamValue) v;
        }
        throw new KvException(WRONGTYPE);
    }

    /** A read lookup (hit/miss statistics): the stream, null when missing, or throws WRONGTYPE. */
    static StreamValue lookupRead(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().read(key);
        if (v == null || v instanceof StreamValue) {
            return (StreamValue) v;
        }
        throw new KvException(WRONGTYPE);
    }

    // ---------------------------------------------------------------- XADD

    static void xadd(CommandContext ctx) {
        TrimArgs a = TrimArgs.parse(ctx, true);
        int fieldPos = a.idPos + 1;
        int argc = ctx.argc();
        if (argc - fieldPos < 2 || ((argc - fieldPos) & 1) == 1) {
            throw new KvException("ERR wrong number of arguments for 'xadd' command");
        }
        StreamId.Parsed given = a.id;
        if (given != null && given.seqGiven() && given.id().isZero()) {
            throw new KvException("ERR The ID specified in XADD must be greater than 0-0");
        }
        byte[] key = ctx.arg(1);
        StreamValue s = lookupWrite(ctx, key);
        boolean created = false;
        if (s == null) {
            if (a.noMkStream) {
                ctx.reply().nullBulk();
                return;
            }
            s = new StreamValue();
            created = true;
        }
        if (s.lastMs == -1L && s.lastSeq == -1L) {
            throw new KvException("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        long ms;
        long seq;
        if (given == null) {
            long now = ctx.now();
            if (Long.compareUnsigned(now, s.lastMs) > 0) {
                ms = now;
                seq = 0;
            } else if (s.lastSeq == -1L) {
                ms = s.lastMs + 1;
                seq = 0;
            } else {
                ms = s.lastMs;
                seq = s.lastSeq + 1;
            }
        } else {
            ms = given.id().ms();
            seq = given.id().seq();
            if (!given.seqGiven()) {
                if (s.lastMs == ms) {
                    if (s.lastSeq == -1L) {
                        // Redis reports the sequence overflow with this (odd) text.
                        throw new KvException("ERR Elements are too large to be stored");
                    }
                    seq = s.lastSeq + 1;
                } else {
                    seq = 0;
                }
            }
            if (StreamId.compare(ms, seq, s.lastMs, s.lastSeq) <= 0) {
                throw tooSmall(ctx, key, s, created);
            }
        }
        s.append(ms, seq, ctx.argv(), fieldPos, (argc - fieldPos) / 2,
                MAX_BYTES.get(ctx.config()), MAX_ENTRIES.get(ctx.config()));
        if (created) {
            ctx.db().put(key, s);
        } else {
            ctx.db().modified(key);
        }
        byte[] scratch = new byte[41];
        int n = StreamId.format(ms, seq, scratch);
        ctx.reply().bulk(scratch, 0, n);
        ctx.notify(EventClass.STREAM, "xadd", key);
        if (a.strategy != TrimArgs.NONE && a.apply(s) > 0) {
            ctx.notify(EventClass.STREAM, "xtrim", key);
        }
        // Replicas and the AOF get the ID that was generated and the trim that happened.
        if (given == null || !given.seqGiven() || a.approx) {
            byte[][] prop = new byte[argc][];
            System.arraycopy(ctx.argv(), 0, prop, 0, argc);
            prop[a.idPos] = java.util.Arrays.copyOf(scratch, n);
            ctx.propagateAs(a.exactForPropagation(prop, argc, s));
        }
    }

    /** The "equal or smaller" error; a stream created by this call stays (as in Redis). */
    private static KvException tooSmall(CommandContext ctx, byte[] key, StreamValue s, boolean created) {
        if (created) {
            ctx.db().put(key, s);
        }
        return new KvException("ERR The ID specified in XADD is equal or smaller than the target stream top item");
    }

    // ---------------------------------------------------------------- XRANGE / XREVRANGE

    static void xrange(CommandContext ctx) {
        range(ctx, false);
    }

    static void xrevrange(CommandContext ctx) {
        range(ctx, true);
    }

    private static void range(CommandContext ctx, boolean rev) {
        byte[] startArg = rev ? ctx.arg(3) : ctx.arg(2);
        byte[] endArg = rev ? ctx.arg(2) : ctx.arg(3);
        StreamId start = StreamId.parseInterval(startArg, 0, true);
        StreamId end = StreamId.parseInterval(endArg, -1L, false);
        long count = -1;
        int argc = ctx.argc();
        for (int j = 4; j < argc; j++) {
            if (Args.is(ctx.arg(j), "COUNT") && argc - j - 1 >= 1) {
                count = Args.toLong(ctx.arg(j + 1));
                if (count < 0) {
                    count = 0;
                }
                j++;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        StreamValue s = lookupRead(ctx, ctx.arg(1));
        if (s == null) {
            ctx.reply().array(0);
            return;
        }
        if (count == 0) {
            ctx.reply().nullArray();
            return;
        }
        EntryList.range(s, start, end, count == -1 ? 0 : count, rev).write(ctx.reply());
    }

    // ---------------------------------------------------------------- XLEN XDEL XTRIM XSETID

    static void xlen(CommandContext ctx) {
        StreamValue s = lookupRead(ctx, ctx.arg(1));
        ctx.reply().integer(s == null ? 0 : s.length);
    }

    static void xdel(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue s = lookupWrite(ctx, key);
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        int argc = ctx.argc();
        StreamId[] ids = new StreamId[argc - 2];
        for (int j = 2; j < argc; j++) {
            ids[j - 2] = StreamId.parseStrict(ctx.arg(j), 0);
        }
        long deleted = 0;
        for (StreamId id : ids) {
            if (s.delete(id.ms(), id.seq())) {
                deleted++;
            }
        }
        if (deleted > 0) {
            ctx.db().modified(key);
            ctx.notify(EventClass.STREAM, "xdel", key);
        }
        ctx.reply().integer(deleted);
    }

    static void xtrim(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        StreamValue s = lookupWrite(ctx, key);
        if (s == null) {
            ctx.reply().integer(0);
            return;
        }
        TrimArgs a = TrimArgs.parse(ctx, false);
        long deleted = a.apply(s);
        if (deleted > 0) {
            ctx.db().modified(key);
            ctx.notify(EventClass.STREAM, "xtrim", key);
            if (a.approx) {
                byte[][] prop = java.util.Arrays.copyOf(ctx.argv(), ctx.argc());
                ctx.propagateAs(a.exactForPropagation(prop, prop.length, s));
            }
        }
        ctx.reply().integer(deleted);
    }

    static void xsetid(CommandContext ctx) {
        StreamId id = StreamId.parseStrict(ctx.arg(2), 0);
        StreamId maxDel = StreamId.MIN;
        long entriesAdded = -1;
        int argc = ctx.argc();
        for (int i = 3; i < argc; ) {
            int more = argc - 1 - i;
            byte[] opt = ctx.arg(i);
            if (Args.is(opt, "ENTRIESADDED") && more > 0) {
                entriesAdded = Args.toLong(ctx.arg(i + 1));
                if (entriesAdded < 0) {
                    throw new KvException("ERR entries_added must be positive");
                }
                i += 2;
            } else if (Args.is(opt, "MAXDELETEDID") && more > 0) {
                maxDel = StreamId.parseStrict(ctx.arg(i + 1), 0);
                if (id.compareTo(maxDel) < 0) {
                    throw new KvException("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
                i += 2;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        byte[] key = ctx.arg(1);
        StreamValue s = lookupWrite(ctx, key);
        if (s == null) {
            throw new KvException("ERR no such key");
        }
        if (s.length > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                throw new KvException("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length > entriesAdded) {
                throw new KvException("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        if (StreamId.compare(id.ms(), id.seq(), s.maxDelMs, s.maxDelSeq) < 0) {
            throw new KvException("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
        }
        s.lastMs = id.ms();
        s.lastSeq = id.seq();
        if (entriesAdded != -1) {
            s.entriesAdded = entriesAdded;
        }
        if (!maxDel.isZero()) {
            s.maxDelMs = maxDel.ms();
            s.maxDelSeq = maxDel.seq();
        }
        // Redis 7.0 does not signal the key as modified here (WATCH is not touched), but counts it dirty.
        ctx.dirty();
        ctx.notify(EventClass.STREAM, "xsetid", key);
        ctx.reply().ok();
    }
}
