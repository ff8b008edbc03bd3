package io.sockudo.kv.types.core.bitmaps;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.strings.StringValue;

/**
 * The bitmap family (Redis's bitops.c), operating on string values: SETBIT GETBIT BITOP here,
 * BITCOUNT BITPOS in {@link BitRangeCommands}, BITFIELD BITFIELD_RO in {@link BitfieldCommand}.
 */
public final class BitmapCommands {
    private static final byte[] EMPTY = new byte[0];
    private static final String BAD_BIT = "ERR bit is not an integer or out of range";

    private BitmapCommands() {
    }

    public static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("setbit").arity(4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE").acl("write", "bitmap", "slow").group("bitmap")
                .summary("Sets or clears the bit at offset in the string value stored at key").since("2.2.0")
                .complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("offset"), ArgSpec.integer("value"))
                .handler(BitmapCommands::setbit).build());
        r.command(CommandSpec.builder("getbit").arity(3).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "bitmap", "fast").group("bitmap")
                .summary("Returns the bit value at offset in the string value stored at key").since("2.2.0")
                .complexity("O(1)")
                .args(ArgSpec.key("key", 0), ArgSpec.integer("offset"))
                .handler(BitmapCommands::getbit).build());
        r.command(CommandSpec.builder("bitop").arity(-4).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(2, -1, 1)
                .keySpec(KeySpec.range(2, 2, 1, "OW", "UPDATE"))
                .keySpec(KeySpec.range(3, -1, 1, "RO", "ACCESS"))
                .acl("write", "bitmap", "slow").group("bitmap")
                .summary("Perform bitwise operations between strings").since("2.6.0").complexity("O(N)")
                .args(ArgSpec.string("operation"), ArgSpec.key("destkey", 0), ArgSpec.key("key", 1).multiple())
                .handler(BitmapCommands::bitop).build());
        BitRangeCommands.register(r);
        BitfieldCommand.register(r);
    }

    /**
     * The string at {@code key} for a command that writes bits up to {@code maxBit}: created as
     * zero bytes if missing, otherwise unshared and zero-extended to cover {@code maxBit}
     * (the value becomes raw, as Redis's lookupStringForBitCommand). {@code grown[0]} tells
     * whether the key was created or lengthened: Redis 7.0 then counts the command as a change
     * even when no bit flips. Null after a WRONGTYPE reply.
     */
    static StringValue lookupForWrite(CommandContext ctx, byte[] key, long maxBit, boolean[] grown) {
        int bytes = (int) (maxBit >>> 3) + 1;
        KvValue o = ctx.db().get(key);
        if (o == null) {
            StringValue s = StringValue.raw(new byte[bytes]);
            ctx.db().put(key, s);
            grown[0] = true;
            return s;
        }
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return null;
        }
        int oldLength = s.length();
        s.mutableBuffer(Math.max(bytes, oldLength));
        grown[0] = bytes > oldLength;
        return s;
    }

    static void setbit(CommandContext ctx) {
        byte[] key = ctx.arg(1);
        long offset = BitOffsets.parse(ctx, ctx.arg(2), false, 0);
        long on = Args.toLong(ctx.arg(3), BAD_BIT);
        if ((on & ~1L) != 0) {
            throw new KvException(BAD_BIT);
        }
        boolean[] grown = new boolean[1];
        StringValue s = lookupForWrite(ctx, key, offset, grown);
        if (s == null) {
            return;
        }
        byte[] a = s.array();
        int byteIndex = (int) (offset >>> 3);
        int mask = 0x80 >>> (offset & 7);
        int old = (a[byteIndex] & mask) != 0 ? 1 : 0;
        if (grown[0] || old != on) {
            // Redis 7.0 signals, notifies and propagates only a real change
            if (on != 0) {
                a[byteIndex] |= (byte) mask;
            } else {
                a[byteIndex] &= (byte) ~mask;
            }
            ctx.db().modified(key);
            ctx.notify(EventClass.STRING, "setbit", key);
        }
        ctx.reply().integer(old);
    }

    static void getbit(CommandContext ctx) {
        long offset = BitOffsets.parse(ctx, ctx.arg(2), false, 0);
        KvValue o = ctx.db().read(ctx.arg(1));
        if (o == null) {
            ctx.reply().integer(0);
            return;
        }
        if (!(o instanceof StringValue s)) {
            ctx.reply().wrongType();
            return;
        }
        long byteIndex = offset >>> 3;
        int bit = 0;
        if (byteIndex < s.length()) {
            bit = (s.array()[(int) byteIndex] >>> (7 - (offset & 7))) & 1;
        }
        ctx.reply().integer(bit);
    }

    private static final int AND = 0;
    private static final int OR = 1;
    private static final int XOR = 2;
    private static final int NOT = 3;

    static void bitop(CommandContext ctx) {
        byte[] opName = ctx.arg(1);
        int op;
        if (Args.is(opName, "and")) {
            op = AND;
        } else if (Args.is(opName, "or")) {
            op = OR;
        } else if (Args.is(opName, "xor")) {
            op = XOR;
        } else if (Args.is(opName, "not")) {
            op = NOT;
        } else {
            throw new KvException(KvException.SYNTAX);
        }
        if (op == NOT && ctx.argc() != 4) {
            throw new KvException("ERR BITOP NOT must be called with a single source key.");
        }
        int n = ctx.argc() - 3;
        byte[][] src = new byte[n][];
        int[] lens = new int[n];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            KvValue o = ctx.db().read(ctx.arg(3 + j));
            if (o == null) {
                src[j] = EMPTY;
                continue;
            }
            if (!(o instanceof StringValue s)) {
                ctx.reply().wrongType();
                return;
            }
            src[j] = s.array();
            lens[j] = s.length();
            maxLen = Math.max(maxLen, lens[j]);
        }
        byte[] dest = ctx.arg(2);
        if (maxLen == 0) {
            if (ctx.db().delete(dest)) {
                ctx.notify(EventClass.GENERIC, "del", dest);
            }
            ctx.reply().integer(0);
            return;
        }
        byte[] res = BitOps.combine(op, src, lens, maxLen);
        ctx.db().put(dest, StringValue.raw(res));
        ctx.notify(EventClass.STRING, "set", dest);
        ctx.reply().integer(maxLen);
    }
}
