package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ScanCursor;
import io.sockudo.kv.types.core.common.ScanOptions;

import java.util.ArrayList;

/**
 * SSCAN. As in Redis, an intset is returned whole in one call (cursor 0); a hashtable is walked
 * bucket by bucket in reverse-binary cursor order (see {@link MemberTable#scanBucket}), at most
 * {@code COUNT*10} buckets per call, stopping once COUNT members were collected.
 */
final class SetScanCommand {
    private static final byte[] ZERO = {'0'};

    private SetScanCommand() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("sscan").arity(-3).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "set", "slow").group("set")
                .summary("Incrementally iterate Set elements").since("2.8.0")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
                .tips("nondeterministic_output")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("cursor"),
                        ArgSpec.pattern("pattern").token("MATCH").optional(),
                        ArgSpec.integer("count").token("COUNT").optional())
                .handler(SetScanCommand::sscan).build());
    }

    static void sscan(CommandContext ctx) {
        // Redis order: the cursor, then the key (missing: empty scan), then the options
        ScanCursor.parse(ctx.arg(2));
        SetValue set = SetCommands.read(ctx, ctx.arg(1));
        ReplyWriter w = ctx.reply();
        if (set == null) {
            w.array(2);
            w.bulk(ZERO);
            w.array(0);
            return;
        }
        ScanOptions opts = ScanOptions.parse(ctx, false);
        ArrayList<byte[]> out = new ArrayList<>();
        long cursor = 0;
        MemberTable t = set.table();
        if (t == null) {
            for (int i = set.next(0); i >= 0; i = set.next(i + 1)) {
                byte[] m = set.memberAt(i);
                if (opts.matches(m)) {
                    out.add(m);
                }
            }
        } else {
            // Redis counts the members collected before the MATCH filter against COUNT
            cursor = opts.cursor;
            long budget = opts.count * 10;
            long[] visited = new long[1];
            do {
                cursor = t.scanBucket(cursor, m -> {
                    visited[0]++;
                    if (opts.matches(m)) {
                        out.add(m);
                    }
                });
            } while (cursor != 0 && budget-- > 0 && visited[0] < opts.count);
        }
        w.array(2);
        w.bulk(Long.toUnsignedString(cursor));
        w.array(out.size());
        for (byte[] m : out) {
            w.bulk(m);
        }
    }
}
