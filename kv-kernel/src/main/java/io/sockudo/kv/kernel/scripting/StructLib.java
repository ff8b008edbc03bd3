package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code struct} library Redis ships (Roberto Ierusalimschy's struct 0.2): pack, unpack
 * and size of binary records, with the sizes and alignment of x86-64 (little-endian native
 * order; short 2, int 4, long and size_t 8, maximum alignment 8).
 *
 * <p>Formats: {@code > <} byte order, {@code !n} alignment, {@code x} padding, {@code b B h H l L
 * T} integers, {@code i In I In} integers of n bytes (up to 32), {@code cn} n chars (c0: the
 * whole string when packing, the previous number as length when unpacking), {@code s}
 * zero-terminated string, {@code f d} float and double, spaces ignored.
 */
final class StructLib {
    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    private StructLib() {
    }

    /** The parse state over a format string. */
    private static final class Format {
        final byte[] f;
        int pos;
        boolean little = true;
        int align = 1;

        Format(byte[] f) {
            this.f = f;
        }

        boolean more() {
            return pos < f.length && f[pos] != 0;
        }

        int getnum(int def) {
            if (pos >= f.length || !Character.isDigit(f[pos])) {
                return def;
            }
            int a = 0;
            do {
                int d = f[pos] - '0';
                if (a > Integer.MAX_VALUE / 10 || a * 10 > Integer.MAX_VALUE - d) {
                    throw new LuaError("integral size overflow");
                }
                a = a * 10 + d;
                pos++;
            } while (pos < f.length && Character.isDigit(f[pos]));
            return a;
        }

        int optsize(int opt) {
            return switch (opt) {
                case 'B', 'b', 'x' -> 1;
                case 'H', 'h' -> 2;
                case 'L', 'l', 'T', 'd' -> 8;
                case 'f' -> 4;
                case 'c' -> getnum(1);
                case 'i', 'I' -> {
                    int sz = getnum(4);
                    if (sz > MAXINTSIZE) {
                        throw new LuaError("integral size " + sz + " is larger than limit of " + MAXINTSIZE);
                    }
                    yield sz;
                }
                default -> 0;
            };
        }

        int toalign(long len, int opt, int size) {
            if (size == 0 || opt == 'c') {
                return 0;
            }
            int s = Math.min(size, align);
            return (int) ((s - (len & (s - 1))) & (s - 1));
        }

        void control(int opt, String function) {
            switch (opt) {
                case ' ' -> {
                }
                case '>' -> little = false;
                case '<' -> little = true;
                case '!' -> {
                    int a = getnum(MAXALIGN);
                    if (a == 0 || (a & (a - 1)) != 0) {
                        throw new LuaError("alignment " + a + " is not a power of 2");
                    }
                    align = a;
                }
                default -> throw LibArgs.argError(1, function, "invalid format option '" + (char) opt + "'");
            }
        }
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("pack", RedisApi.fn("pack", StructLib::pack));
        t.rawset("unpack", RedisApi.fn("unpack", StructLib::unpack));
        t.rawset("size", RedisApi.fn("size", StructLib::size));
        return t;
    }

    private static Varargs pack(Varargs args) {
        Format fmt = new Format(LibArgs.string(args, 1, "pack"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int arg = 2;
        long total = 0;
        while (fmt.more()) {
            int opt = fmt.f[fmt.pos++] & 0xff;
            int size = fmt.optsize(opt);
            int toalign = fmt.toalign(total, opt, size);
            total += toalign;
            for (int i = 0; i < toalign; i++) {
                b.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    double n = LibArgs.number(args, arg++, "pack");
                    long value = n < 0 ? (long) n : unsigned(n);
                    byte[] buf = new byte[size];
                    for (int i = 0; i < size; i++) {
                        int at = fmt.little ? i : size - 1 - i;
                        buf[at] = (byte) (i < 8 ? value >>> (8 * i) : 0);
                    }
                    b.writeBytes(buf);
                }
                case 'x' -> b.write(0);
                case 'f' -> {
                    int bits = Float.floatToRawIntBits((float) LibArgs.number(args, arg++, "pack"));
                    writeOrdered(b, bits & 0xffffffffL, 4, fmt.little);
                }
                case 'd' -> {
                    long bits = Double.doubleToRawLongBits(LibArgs.number(args, arg++, "pack"));
                    writeOrdered(b, bits, 8, fmt.little);
                }
                case 'c', 's' -> {
                    byte[] s = LibArgs.string(args, arg++, "pack");
                    if (size == 0) {
                        size = s.length;
                    }
                    if (s.length < size) {
                        throw LibArgs.argError(arg, "pack", "string too short");
                    }
                    b.write(s, 0, size);
                    if (opt == 's') {
                        b.write(0);
                        size++;
                    }
                }
                default -> fmt.control(opt, "pack");
            }
            total += size;
        }
        return LuaString.valueUsing(b.toByteArray());
    }

    /** C's conversion of a non-negative double to an unsigned 64-bit integer. */
    private static long unsigned(double n) {
        if (n >= 9.223372036854775807E18) {
            return (long) (n - 9.223372036854775808E18) + Long.MIN_VALUE;
        }
        return (long) n;
    }

    private static void writeOrdered(ByteArrayOutputStream b, long bits, int size, boolean little) {
        for (int i = 0; i < size; i++) {
            int shift = little ? 8 * i : 8 * (size - 1 - i);
            b.write((int) (bits >>> shift) & 0xff);
        }
    }

    private static long readOrdered(byte[] d, int pos, int size, boolean little) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int at = little ? pos + size - 1 - i : pos + i;
            v = (v << 8) | (d[at] & 0xff);
        }
        return v;
    }

    private static Varargs unpack(Varargs args) {
        Format fmt = new Format(LibArgs.string(args, 1, "unpack"));
        byte[] data = LibArgs.string(args, 2, "unpack");
        long ld = data.length;
        long pos = LibArgs.optInteger(args, 3, "unpack", 1) - 1;
        if (pos < 0) {
            throw LibArgs.argError(3, "unpack", "offset must be 1 or greater");
        }
        List<LuaValue> out = new ArrayList<>();
        while (fmt.more()) {
            int opt = fmt.f[fmt.pos++] & 0xff;
            int size = fmt.optsize(opt);
            pos += fmt.toalign(pos, opt, size);
            if (pos + size > ld) {
                throw LibArgs.argError(2, "unpack", "data string too short");
            }
            int p = (int) pos;
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    boolean signed = Character.isLowerCase(opt);
                    out.add(LuaValue.valueOf(integer(data, p, size, fmt.little, signed)));
                }
                case 'x' -> {
                }
                case 'f' -> out.add(LuaValue.valueOf(
                        Float.intBitsToFloat((int) readOrdered(data, p, 4, fmt.little))));
                case 'd' -> out.add(LuaValue.valueOf(Double.longBitsToDouble(readOrdered(data, p, 8, fmt.little))));
                case 'c' -> {
                    if (size == 0) {
                        if (out.isEmpty() || out.get(out.size() - 1).type() != LuaValue.TNUMBER
                                && out.get(out.size() - 1).tonumber().isnil()) {
                            throw new LuaError("format 'c0' needs a previous size");
                        }
                        size = (int) out.remove(out.size() - 1).todouble();
                        if (pos + size > ld) {
                            throw LibArgs.argError(2, "unpack", "data string too short");
                        }
                    }
                    byte[] s = new byte[size];
                    System.arraycopy(data, p, s, 0, size);
                    out.add(LuaString.valueUsing(s));
                }
                case 's' -> {
                    int e = -1;
                    for (int i = p; i < data.length; i++) {
                        if (data[i] == 0) {
                            e = i;
                            break;
                        }
                    }
                    if (e < 0) {
                        throw new LuaError("unfinished string in data");
                    }
                    size = e - p + 1;
                    byte[] s = new byte[size - 1];
                    System.arraycopy(data, p, s, 0, size - 1);
                    out.add(LuaString.valueUsing(s));
                }
                default -> fmt.control(opt, "unpack");
            }
            pos += size;
        }
        out.add(LuaValue.valueOf(pos + 1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }

    /** getinteger: up to 8 bytes meaningful, sign-extended for signed formats, as a double. */
    private static double integer(byte[] d, int pos, int size, boolean little, boolean signed) {
        long l = 0;
        for (int i = 0; i < size; i++) {
            int at = little ? pos + size - 1 - i : pos + i;
            l = (l << 8) | (d[at] & 0xff);
        }
        if (!signed) {
            return l >= 0 ? (double) l : (double) (l >>> 1) * 2 + (l & 1);
        }
        if (size < 8) {
            long mask = -1L << (size * 8 - 1);
            if ((l & mask) != 0) {
                l |= mask;
            }
        }
        return (double) l;
    }

    private static Varargs size(Varargs args) {
        Format fmt = new Format(LibArgs.string(args, 1, "size"));
        long pos = 0;
        while (fmt.more()) {
            int opt = fmt.f[fmt.pos++] & 0xff;
            int size = fmt.optsize(opt);
            pos += fmt.toalign(pos, opt, size);
            if (opt == 's') {
                throw LibArgs.argError(1, "size", "option 's' has no fixed size");
            } else if (opt == 'c' && size == 0) {
                throw LibArgs.argError(1, "size", "option 'c0' has no fixed size");
            }
            if (!Character.isLetterOrDigit(opt)) {
                fmt.control(opt, "size");
            }
            pos += size;
        }
        return LuaValue.valueOf(pos);
    }
}
