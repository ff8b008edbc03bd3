package io.sockudo.kv.types.core.bitmaps;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.strings.StringValue;

/** BITCOUNT and BITPOS: counting and searching within a byte or bit range of a string. */
final class BitRangeCommands {
    private BitRangeCommands() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("bitcount").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "bitmap", "slow").group("bitmap")
                .summary("Count set bits in a string").since("2.6.0").complexity("O(N)")
                .history("7.0.0", "Added the `BYTE|BIT` option.")
                .args(ArgSpec.key("key", 0),
                        ArgSpec.block("index", ArgSpec.integer("start"), ArgSpec.integer("end"),
                                unit()).optional())
                .handler(BitRangeCommands::bitcount).build());
        r.command(CommandSpec.builder("bitpos").arity(-3).flags(CommandFlag.READONLY)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "bitmap", "slow").group("bitmap")
                .summary("Find first bit set or clear in a string").since("2.8.7").complexity("O(N)")
                .history("7.0.0", "Added the `BYTE|BIT` option.")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("bit"),
                        ArgSpec.block("index", ArgSpec.integer("start"),
                                ArgSpec.block("end_index", ArgSpec.integer("end"), unit()).optional()).optional())
                .handler(BitRangeCommands::bitpos).build());
    }

    private static ArgSpec unit() {
        return ArgSpec.oneOf("index_unit", ArgSpec.pureToken("byte", "BYTE"), ArgSpec.pureToken("bit", "BIT"))
                .since("7.0.0").optional();
    }

    /** BYTE (false) or BIT (true); anything else is a syntax error. */
    private static boolean isBitUnit(byte[] arg) {
        if (Args.is(arg, "bit")) {
            return true;
        }
        if (Args.is(arg, "byte")) {
            return false;
        }
        throw new KvException(KvException.SYNTAX);
    }

    static void bitcount(CommandContext ctx) {
        int argc = ctx.argc();
        // Redis 7.0 looks the key up before parsing the range: a missing key answers 0 whatever follows
        KvValue o = ctx.db().read(ctx.arg(1));
        if (o == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return;
        }
        byte[] a = s.array();
        long strlen = s.length();
        if (argc == 2) {
            ctx.reply().integer(Bits.popcount(a, 0, (int) strlen));
            return;
        }
        if (argc != 4 && argc != 5) {
            throw new KvException(KvException.SYNTAX);
        }
        long start = Args.toLong(ctx.arg(2));
        long end = Args.toLong(ctx.arg(3));
        boolean isBit = argc == 5 && isBitUnit(ctx.arg(4));
        if (start < 0 && end < 0 && start > end) {
            ctx.reply().integer(0);
            return;
        }
        long total = isBit ? strlen << 3 : strlen;
        start = clampStart(start, total);
        end = clampEnd(end, total);
        if (start > end) {
            ctx.reply().integer(0);
        } else if (isBit) {
            ctx.reply().integer(Bits.popcountBits(a, start, end));
        } else {
            ctx.reply().integer(Bits.popcount(a, (int) start, (int) (end - start + 1)));
        }
    }

    private static long clampStart(long start, long total) {
        if (start < 0) {
            start = total + start;
        }
        return Math.max(start, 0);
    }

    private static long clampEnd(long end, long total) {
        if (end < 0) {
            end = total + end;
        }
        if (end < 0) {
            end = 0;
        }
        return Math.min(end, total - 1);
    }

    static void bitpos(CommandContext ctx) {
        int argc = ctx.argc();
        long bit = Args.toLong(ctx.arg(2));
        if (bit != 0 && bit != 1) {
            throw new KvException("ERR The bit argument must be 1 or 0.");
        }
        KvValue o = ctx.db().read(ctx.arg(1));
        if (o == null) {
            // a missing key is an endless run of zeros
            ctx.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return;
        }
        long strlen = s.length();
        long startBit;
        long endBit;
        boolean endGiven = false;
        if (argc == 3) {
            startBit = 0;
            endBit = (strlen << 3) - 1;
        } else if (argc >= 4 && argc <= 6) {
            long start = Args.toLong(ctx.arg(3));
            boolean isBit = argc == 6 && isBitUnit(ctx.arg(5));
            long end;
            if (argc >= 5) {
                end = Args.toLong(ctx.arg(4));
                endGiven = true;
            } else {
                end = isBit ? (strlen << 3) + 7 : strlen - 1;
            }
            long total = isBit ? strlen << 3 : strlen;
            start = clampStart(start, total);
            end = clampEnd(end, total);
            if (start > end) {
                ctx.reply().integer(-1);
                return;
            }
            startBit = isBit ? start : start << 3;
            endBit = isBit ? end : (end << 3) + 7;
        } else {
            throw new KvException(KvException.SYNTAX);
        }
        if (startBit > endBit) {
            ctx.reply().integer(-1);
            return;
        }
        long pos = Bits.firstBit(s.array(), startBit, endBit, (int) bit);
        if (pos == -1 && bit == 0 && !endGiven) {
            // looking for a clear bit with no explicit end: the string continues with zeros
            pos = ((endBit >>> 3) + 1) << 3;
        }
        ctx.reply().integer(pos);
    }
}
