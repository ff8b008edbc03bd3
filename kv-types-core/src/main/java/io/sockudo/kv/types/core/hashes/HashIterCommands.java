package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ScanCursor;
import io.sockudo.kv.types.core.common.ScanOptions;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.concurrent.ThreadLocalRandom;

import static io.sockudo.kv.types.core.hashes.HashCommands.slowRead;
import static io.sockudo.kv.types.core.hashes.HashCommands.spec;

/** HSCAN (with NOVALUES, Redis 7.4+) and HRANDFIELD. */
final class HashIterCommands {
    private HashIterCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(slowRead(spec("hscan", -3, false, "Incrementally iterate hash fields and associated values", "2.8.0",
                "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                "RO", "ACCESS"))
                .tips("nondeterministic_output")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("cursor"), ArgSpec.pattern("pattern").token("MATCH").optional(),
                        ArgSpec.integer("count").token("COUNT").optional())
                // NOVALUES (7.4) is accepted but left out of COMMAND DOCS, which match 7.0.15
                .handler(HashIterCommands::hscan).build());
        r.command(slowRead(spec("hrandfield", -2, false, "Get one or multiple random fields from a hash", "6.2.0",
                "O(N) where N is the number of fields returned", "RO", "ACCESS"))
                .tips("nondeterministic_output")
                .args(ArgSpec.key("key", 0), ArgSpec.block("options", ArgSpec.integer("count"),
                        ArgSpec.pureToken("withvalues", "WITHVALUES").optional()).optional())
                .handler(HashIterCommands::hrandfield).build());
    }

    static void hscan(CommandContext ctx) {
        ScanCursor.parse(ctx.arg(2));
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        ReplyWriter out = ctx.reply();
        if (h == null) {
            out.array(2);
            out.bulk("0");
            out.array(0);
            return;
        }
        ScanOptions opts = ScanOptions.parse(ctx, true);
        ArrayList<byte[]> found = new ArrayList<>();
        long next = 0;
        if (h.isPacked()) {
            // Like Redis: a small encoding is returned whole in one call.
            for (int e = h.first(); e >= 0; e = h.next(e)) {
                collect(h.arr(e), h.base(e), opts, found);
            }
        } else {
            HashTable t = h.table;
            long cursor = opts.cursor;
            long maxIterations = opts.count * 10;
            HashTable.EntryVisitor v = entry -> collect(entry, 0, opts, found);
            do {
                cursor = t.scanBucket(cursor, v);
            } while (cursor != 0 && maxIterations-- > 0 && found.size() / (opts.noValues ? 1 : 2) < opts.count);
            next = cursor;
        }
        out.array(2);
        out.bulk(Long.toUnsignedString(next));
        out.array(found.size());
        for (byte[] b : found) {
            out.bulk(b);
        }
    }

    private static void collect(byte[] a, int base, ScanOptions opts, ArrayList<byte[]> found) {
        int fo = Entries.fieldOff(a, base);
        int fl = Entries.fieldLen(a, base);
        if (!opts.matches(a, fo, fl)) {
            return;
        }
        found.add(java.util.Arrays.copyOfRange(a, fo, fo + fl));
        if (!opts.noValues) {
            found.add(Entries.value(a, base));
        }
    }

    static void hrandfield(CommandContext ctx) {
        int argc = ctx.argc();
        if (argc == 2) {
            HashValue h = HashCommands.read(ctx, ctx.arg(1));
            if (h == null) {
                ctx.reply().nullBulk();
                return;
            }
            HashCommands.replyField(ctx, h, randomEntry(h));
            return;
        }
        byte[] countArg = ctx.arg(2);
        if (!Args.isLong(countArg)) {
            throw new KvException(KvException.NOT_INTEGER);
        }
        long l = Args.parseLongUnchecked(countArg, 0, countArg.length);
        if (l == Long.MIN_VALUE) {
            throw new KvException("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        boolean withValues = false;
        if (argc > 4 || (argc == 4 && !Args.is(ctx.arg(3), "withvalues"))) {
            throw new KvException(KvException.SYNTAX);
        } else if (argc == 4) {
            withValues = true;
            if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) {
                throw new KvException("ERR value is out of range");
            }
        }
        HashValue h = HashCommands.read(ctx, ctx.arg(1));
        ReplyWriter out = ctx.reply();
        if (h == null || l == 0) {
            out.array(0);
            return;
        }
        boolean resp3 = out.protocol() >= 3;
        int size = h.size();
        if (l < 0) {
            // With repetitions: every pick independent.
            long count = -l;
            if (count > Integer.MAX_VALUE / 2) {
                // Redis would start a reply of billions of elements; the reply header here is an int
                throw new KvException("ERR value is out of range");
            }
            int[] handles = h.isPacked() ? handles(h) : null;
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            out.array((int) (withValues && !resp3 ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                int e = handles != null ? handles[rnd.nextInt(handles.length)] : randomEntry(h);
                emit(ctx, h, e, withValues, resp3);
                if ((i & 1023) == 1023 && out.discarding()) {
                    return; // the client is being dropped (output-buffer limit): stop producing
                }
            }
            return;
        }
        if (l >= size) {
            // The whole hash, in storage order (as Redis does).
            out.array(withValues && !resp3 ? size * 2 : size);
            for (int e = h.first(); e >= 0; e = h.next(e)) {
                emit(ctx, h, e, withValues, resp3);
            }
            return;
        }
        int count = (int) l;
        int[] picked;
        if (h.isPacked() || count * 3L > size) {
            // Partial Fisher-Yates over all handles.
            int[] all = handles(h);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = 0; i < count; i++) {
                int j = i + rnd.nextInt(all.length - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            picked = java.util.Arrays.copyOf(all, count);
        } else {
            BitSet seen = new BitSet(h.table.entries.length);
            picked = new int[count];
            int n = 0;
            while (n < count) {
                int e = randomEntry(h);
                if (!seen.get(e)) {
                    seen.set(e);
                    picked[n++] = e;
                }
            }
        }
        out.array(withValues && !resp3 ? count * 2 : count);
        for (int e : picked) {
            emit(ctx, h, e, withValues, resp3);
        }
    }

    private static void emit(CommandContext ctx, HashValue h, int e, boolean withValues, boolean resp3) {
        if (withValues && resp3) {
            ctx.reply().array(2);
        }
        HashCommands.replyField(ctx, h, e);
        if (withValues) {
            HashCommands.replyValue(ctx, h, e);
        }
    }

    /** Every entry handle, in storage order. */
    private static int[] handles(HashValue h) {
        int[] all = new int[h.size()];
        int n = 0;
        for (int e = h.first(); e >= 0; e = h.next(e)) {
            all[n++] = e;
        }
        return all;
    }

    /** A uniformly random entry of a non-empty hash. */
    static int randomEntry(HashValue h) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        if (h.isPacked()) {
            int skip = rnd.nextInt(h.size());
            int e = h.first();
            while (skip-- > 0) {
                e = h.next(e);
            }
            return e;
        }
        byte[][] es = h.table.entries;
        while (true) {
            int i = rnd.nextInt(es.length);
            if (es[i] != null) {
                return i;
            }
        }
    }
}
