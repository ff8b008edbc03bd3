package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.spi.Glob;
import io.sockudo.kv.spi.ScanCursor;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.ArrayList;
import java.util.List;

/** KEYS and SCAN (Redis's keysCommand and scanGenericCommand for the main dictionary). */
final class IterationCommands {
    /** SCAN's default COUNT. */
    static final long DEFAULT_COUNT = 10;

    private IterationCommands() {
    }

    static void keys(CommandContext ctx) {
        Database db = (Database) ctx.db();
        KeyCollector c = new KeyCollector(ctx.arg(1), null);
        db.forEachKey(c);
        writeKeys(ctx.reply(), c.keys);
    }

    static void scan(CommandContext ctx) {
        long cursor = ScanCursor.parse(ctx.arg(1));
        long count = DEFAULT_COUNT;
        byte[] pattern = null;
        byte[] type = null;
        int argc = ctx.argc();
        int i = 2;
        while (i < argc) {
            byte[] opt = ctx.arg(i);
            boolean hasValue = argc - i >= 2;
            if (hasValue && Args.is(opt, "count")) {
                count = Args.toLong(ctx.arg(i + 1));
                if (count < 1) {
                    throw new KvException(KvException.SYNTAX);
                }
            } else if (hasValue && Args.is(opt, "match")) {
                pattern = ctx.arg(i + 1);
            } else if (hasValue && Args.is(opt, "type")) {
                type = ctx.arg(i + 1);
            } else {
                throw new KvException(KvException.SYNTAX);
            }
            i += 2;
        }
        KeyCollector c = new KeyCollector(pattern, type);
        Keyspace db = ctx.db();
        // As in Redis: stop after COUNT keys were seen (before filtering), or after 10*COUNT steps
        // so a sparse table cannot make one call slow.
        long maxIterations = count * 10;
        do {
            cursor = db.scan(cursor, c);
        } while (cursor != 0 && maxIterations-- != 0 && c.seen < count);
        ReplyWriter r = ctx.reply();
        r.array(2);
        r.bulkLong(cursor);
        writeKeys(r, c.keys);
    }

    private static void writeKeys(ReplyWriter r, List<byte[]> keys) {
        int n = keys.size();
        r.array(n);
        for (int i = 0; i < n; i++) {
            r.bulk(keys.get(i));
        }
    }

    /** Collects the keys that pass the MATCH pattern and TYPE filter; counts every key seen. */
    static final class KeyCollector implements Keyspace.KeyVisitor {
        private final byte[] pattern;
        private final byte[] type;
        final List<byte[]> keys = new ArrayList<>();
        long seen;

        /** Null (or the pattern {@code *}) disables the pattern; null disables the type filter. */
        KeyCollector(byte[] pattern, byte[] type) {
            this.pattern = pattern == null || Glob.matchesEverything(pattern) ? null : pattern;
            this.type = type;
        }

        @Override
        public void visit(byte[] key, KvValue value) {
            seen++;
            if (pattern != null && !Glob.matches(pattern, key)) {
                return;
            }
            // Redis compares type names case-insensitively.
            if (type != null && !Args.is(type, value.type().name())) {
                return;
            }
            keys.add(key);
        }
    }
}
