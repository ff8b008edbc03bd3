package io.sockudo.kv.types.core.bitmaps;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.core.strings.StringValue;

/**
 * BITFIELD and BITFIELD_RO: every operation is parsed and validated first (so a bad one changes
 * nothing), then the string is looked up once (created and grown to the highest written bit when
 * any operation writes) and the operations run in order.
 */
final class BitfieldCommand {
    static final String BAD_TYPE =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";
    private static final int GET = 0;
    private static final int SET = 1;
    private static final int INCRBY = 2;

    private BitfieldCommand() {
    }

    private static final java.util.List<String> READ_ONLY_KEY = java.util.List.of("RO", "ACCESS");
    private static final java.util.List<String> READ_WRITE_KEY = java.util.List.of("RW", "ACCESS", "UPDATE");

    /**
     * The key's flags for these arguments: read-only when every operation is a GET (OVERFLOW
     * aside), read-write otherwise, a malformed line included (the safe side), as Redis resolves them.
     */
    static java.util.List<String> keyFlags(byte[][] argv, int argc, int index) {
        for (int i = 2; i < argc; i++) {
            int more = argc - i - 1;
            byte[] op = argv[i];
            if (io.sockudo.kv.spi.Args.is(op, "GET") && more >= 2) {
                i += 2;
            } else if (io.sockudo.kv.spi.Args.is(op, "OVERFLOW") && more >= 1) {
                i += 1;
            } else {
                return READ_WRITE_KEY;
            }
        }
        return READ_ONLY_KEY;
    }

    static void register(ModuleRegistry r) {
        ArgSpec encodingOffset = ArgSpec.block("encoding_offset", ArgSpec.string("encoding"), ArgSpec.integer("offset"))
                .token("GET");
        r.command(CommandSpec.builder("bitfield").arity(-2).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS")
                .keySpecNotes("This command allows both access and modification of the key")
                .variableKeyFlags(BitfieldCommand::keyFlags)
                .acl("write", "bitmap", "slow").group("bitmap")
                .summary("Perform arbitrary bitfield integer operations on strings").since("3.2.0")
                .complexity("O(1) for each subcommand specified")
                .args(ArgSpec.key("key", 0),
                        ArgSpec.oneOf("operation",
                                encodingOffset,
                                ArgSpec.block("write",
                                        ArgSpec.oneOf("wrap_sat_fail", ArgSpec.pureToken("wrap", "WRAP"),
                                                ArgSpec.pureToken("sat", "SAT"), ArgSpec.pureToken("fail", "FAIL"))
                                                .token("OVERFLOW").optional(),
                                        ArgSpec.oneOf("write_operation",
                                                ArgSpec.block("encoding_offset_value", ArgSpec.string("encoding"),
                                                        ArgSpec.integer("offset"), ArgSpec.integer("value"))
                                                        .token("SET"),
                                                ArgSpec.block("encoding_offset_increment", ArgSpec.string("encoding"),
                                                        ArgSpec.integer("offset"), ArgSpec.integer("increment"))
                                                        .token("INCRBY"))))
                                .optional().multiple())
                .handler(ctx -> run(ctx, false)).build());
        r.command(CommandSpec.builder("bitfield_ro").arity(-2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                .keys(1, 1, 1, "RO", "ACCESS").acl("read", "bitmap", "fast").group("bitmap")
                .summary("Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD")
                .since("6.0.0").complexity("O(1) for each subcommand specified")
                .args(ArgSpec.key("key", 0),
                        ArgSpec.block("encoding_offset", ArgSpec.string("encoding"), ArgSpec.integer("offset"))
                                .token("GET").optional().multiple().multipleToken())
                .handler(ctx -> run(ctx, true)).build());
    }

    /**
     * Parses {@code i1..i64} / {@code u1..u63} (the width as C's string2ll reads the text up to a
     * NUL byte). Returns {@code bits}, negated for signed types.
     */
    static int parseType(byte[] arg) {
        if (arg.length == 0) {
            throw new KvException(BAD_TYPE);
        }
        int c = arg[0]; // lower case only, as Redis 7.0
        boolean signed;
        if (c == 'i') {
            signed = true;
        } else if (c == 'u') {
            signed = false;
        } else {
            throw new KvException(BAD_TYPE);
        }
        int n = 1;
        while (n < arg.length && arg[n] != 0) {
            n++;
        }
        if (!Args.isLong(arg, 1, n - 1)) {
            throw new KvException(BAD_TYPE);
        }
        long bits = Args.parseLongUnchecked(arg, 1, n - 1);
        if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
            throw new KvException(BAD_TYPE);
        }
        return signed ? (int) -bits : (int) bits;
    }

    static void run(CommandContext ctx, boolean readOnlyCommand) {
        int argc = ctx.argc();
        // parsed operations, packed: opcode, type (negative = signed), overflow, offset, value
        int n = 0;
        int[] ops = new int[(argc / 3 + 1) * 3];
        long[] nums = new long[(argc / 3 + 1) * 2];
        int overflowType = Bitfield.WRAP;
        boolean writes = false;
        long highestWrite = -1;
        for (int j = 2; j < argc; j++) {
            int remaining = argc - j - 1;
            byte[] sub = ctx.arg(j);
            int opcode;
            if (Args.is(sub, "get") && remaining >= 2) {
                opcode = GET;
            } else if (Args.is(sub, "set") && remaining >= 3) {
                opcode = SET;
            } else if (Args.is(sub, "incrby") && remaining >= 3) {
                opcode = INCRBY;
            } else if (Args.is(sub, "overflow") && remaining >= 1) {
                byte[] t = ctx.arg(++j);
                if (Args.is(t, "wrap")) {
                    overflowType = Bitfield.WRAP;
                } else if (Args.is(t, "sat")) {
                    overflowType = Bitfield.SAT;
                } else if (Args.is(t, "fail")) {
                    overflowType = Bitfield.FAIL;
                } else {
                    throw new KvException("ERR Invalid OVERFLOW type specified");
                }
                continue;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
            int type = parseType(ctx.arg(j + 1));
            int bits = Math.abs(type);
            long offset = BitOffsets.parse(ctx, ctx.arg(j + 2), true, bits);
            long value = 0;
            if (opcode != GET) {
                writes = true;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                value = Args.toLong(ctx.arg(j + 3));
            }
            ops[n * 3] = opcode;
            ops[n * 3 + 1] = type;
            ops[n * 3 + 2] = overflowType;
            nums[n * 2] = offset;
            nums[n * 2 + 1] = value;
            n++;
            j += opcode == GET ? 2 : 3;
        }
        byte[] key = ctx.arg(1);
        StringValue s;
        boolean[] grown = new boolean[1];
        if (!writes) {
            KvValue o = ctx.db().read(key);
            if (o != null && !(o instanceof StringValue)) {
                ctx.reply().wrongType();
                return;
            }
            s = (StringValue) o;
        } else {
            if (readOnlyCommand) {
                throw new KvException("ERR BITFIELD_RO only supports the GET subcommand");
            }
            s = BitmapCommands.lookupForWrite(ctx, key, highestWrite, grown);
            if (s == null) {
                return;
            }
        }
        ctx.reply().array(n);
        boolean[] overflow = new boolean[1];
        int changes = 0;
        for (int i = 0; i < n; i++) {
            int opcode = ops[i * 3];
            int type = ops[i * 3 + 1];
            int ovf = ops[i * 3 + 2];
            long offset = nums[i * 2];
            long value = nums[i * 2 + 1];
            boolean signed = type < 0;
            int bits = Math.abs(type);
            if (opcode == GET) {
                if (s == null) {
                    ctx.reply().integer(0);
                } else {
                    ctx.reply().integer(signed ? Bitfield.getSigned(s.array(), s.length(), offset, bits)
                            : Bitfield.getUnsigned(s.array(), s.length(), offset, bits));
                }
                continue;
            }
            byte[] a = s.array();
            long old = signed ? Bitfield.getSigned(a, s.length(), offset, bits)
                    : Bitfield.getUnsigned(a, s.length(), offset, bits);
            long newValue;
            long result;
            if (opcode == INCRBY) {
                newValue = signed ? Bitfield.addSigned(old, value, bits, ovf, overflow)
                        : Bitfield.addUnsigned(old, value, bits, ovf, overflow);
                result = newValue;
            } else {
                newValue = signed ? Bitfield.addSigned(value, 0, bits, ovf, overflow)
                        : Bitfield.addUnsigned(value, 0, bits, ovf, overflow);
                result = old;
            }
            if (overflow[0] && ovf == Bitfield.FAIL) {
                ctx.reply().nullBulk();
            } else {
                Bitfield.set(a, offset, bits, newValue);
                ctx.reply().integer(result);
                // as Redis 7.0: a write counts when it grew the string or changed the field
                if (grown[0] || old != newValue) {
                    changes++;
                }
            }
        }
        if (changes > 0) {
            ctx.db().modified(key);
            ctx.notify(EventClass.STRING, "setbit", key);
        }
    }
}
