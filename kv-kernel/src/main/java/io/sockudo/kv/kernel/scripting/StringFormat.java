package io.sockudo.kv.kernel.scripting;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Lua 5.1's {@code string.format}, which hands each conversion to C's sprintf: flags
 * {@code -+ #0}, width and precision of at most two digits, {@code %d %i %o %u %x %X %c %e %E
 * %f %g %G %q %s %%}. (luaj's own ignores precision for {@code %f}, among others.)
 */
final class StringFormat extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
        LuaString fmt = args.checkstring(1);
        byte[] f = LuaToReply.bytes(fmt);
        ByteArrayOutputStream out = new ByteArrayOutputStream(f.length + 16);
        int arg = 1;
        int i = 0;
        while (i < f.length) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            arg++;
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start > 5) {
                throw new LuaError("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, StandardCharsets.ISO_8859_1);
            int width = -1;
            int digits = 0;
            while (i < f.length && Character.isDigit(f[i])) {
                width = (width < 0 ? 0 : width * 10) + (f[i++] - '0');
                digits++;
            }
            int precision = -1;
            int pdigits = 0;
            if (i < f.length && f[i] == '.') {
                i++;
                precision = 0;
                while (i < f.length && Character.isDigit(f[i])) {
                    precision = precision * 10 + (f[i++] - '0');
                    pdigits++;
                }
            }
            if (digits > 2 || pdigits > 2) {
                throw new LuaError("invalid format (width or precision too long)");
            }
            if (i >= f.length) {
                throw new LuaError("invalid option '%' to 'format'");
            }
            char conv = (char) (f[i++] & 0xff);
            if (arg > args.narg()) {
                throw LibArgs.argError(arg, "format", "no value");
            }
            String text;
            switch (conv) {
                case 'c' -> {
                    out.write((int) number(args, arg));
                    continue;
                }
                case 'd', 'i' -> text = integer(flags, width, precision, (long) number(args, arg), 'd');
                case 'o', 'u', 'x', 'X' -> text = integer(flags, width, precision, (long) number(args, arg), conv);
                case 'e', 'E', 'f', 'g', 'G' -> text = floating(flags, width, precision, number(args, arg), conv);
                case 'q' -> {
                    quoted(out, string(args, arg));
                    continue;
                }
                case 's' -> {
                    byte[] s = string(args, arg);
                    if (precision < 0 && s.length >= 100) {
                        out.writeBytes(s);
                        continue;
                    }
                    String v = new String(s, StandardCharsets.ISO_8859_1);
                    if (precision >= 0 && v.length() > precision) {
                        v = v.substring(0, precision);
                    }
                    text = pad(v, width, flags.indexOf('-') >= 0, false);
                }
                default -> throw new LuaError("invalid option '%" + conv + "' to 'format'");
            }
            out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return LuaString.valueUsing(out.toByteArray());
    }

    private static double number(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TNUMBER) {
            return v.todouble();
        }
        if (v.type() == LuaValue.TSTRING) {
            LuaValue n = v.tonumber();
            if (!n.isnil()) {
                return n.todouble();
            }
        }
        throw new LuaError("bad argument #" + i + " to 'format' (number expected, got "
                + (i > args.narg() ? "no value" : v.typename()) + ")");
    }

    private static byte[] string(Varargs args, int i) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING) {
            return LuaToReply.bytes(v);
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaNumbers.g14(v.todouble()).getBytes(StandardCharsets.US_ASCII);
        }
        throw new LuaError("bad argument #" + i + " to 'format' (string expected, got "
                + (i > args.narg() ? "no value" : v.typename()) + ")");
    }

    private static void quoted(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte b : s) {
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case 0 -> out.writeBytes(new byte[] {'\\', '0', '0', '0'});
                default -> out.write(b);
            }
        }
        out.write('"');
    }

    /** C's integer conversions of a long (unsigned ones print the two's complement bits). */
    static String integer(String flags, int width, int precision, long v, char conv) {
        boolean negative = conv == 'd' && v < 0;
        String digits = switch (conv) {
            case 'd' -> negative ? (v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-v)) : Long.toString(v);
            case 'o' -> Long.toOctalString(v);
            case 'u' -> Long.toUnsignedString(v);
            case 'x' -> Long.toHexString(v);
            default -> Long.toHexString(v).toUpperCase(Locale.ROOT);
        };
        if (precision >= 0) {
            if (precision == 0 && v == 0) {
                digits = "";
            }
            while (digits.length() < precision) {
                digits = "0" + digits;
            }
        }
        String prefix = "";
        if (negative) {
            prefix = "-";
        } else if (conv == 'd' && flags.indexOf('+') >= 0) {
            prefix = "+";
        } else if (conv == 'd' && flags.indexOf(' ') >= 0) {
            prefix = " ";
        }
        if (flags.indexOf('#') >= 0 && v != 0) {
            if (conv == 'x') {
                prefix = "0x";
            } else if (conv == 'X') {
                prefix = "0X";
            } else if (conv == 'o' && !digits.startsWith("0")) {
                digits = "0" + digits;
            }
        }
        boolean left = flags.indexOf('-') >= 0;
        if (!left && flags.indexOf('0') >= 0 && precision < 0) {
            while (prefix.length() + digits.length() < width) {
                digits = "0" + digits;
            }
        }
        return pad(prefix + digits, width, left, false);
    }

    /** C's %e %E %f %g %G. */
    static String floating(String flags, int width, int precision, double d, char conv) {
        boolean left = flags.indexOf('-') >= 0;
        boolean zero = flags.indexOf('0') >= 0 && !left;
        boolean alt = flags.indexOf('#') >= 0;
        String sign = d < 0 || (d == 0 && 1 / d < 0) ? "-" : flags.indexOf('+') >= 0 ? "+"
                : flags.indexOf(' ') >= 0 ? " " : "";
        double a = Math.abs(d);
        String body;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            body = Double.isNaN(d) ? "nan" : "inf";
            if (Character.isUpperCase(conv)) {
                body = body.toUpperCase(Locale.ROOT);
            }
            if (Double.isNaN(d)) {
                sign = Double.doubleToRawLongBits(d) < 0 ? "-" : sign;
            }
            return pad(sign + body, width, left, false);
        }
        int p = precision < 0 ? 6 : precision;
        switch (conv) {
            case 'f' -> body = new BigDecimal(a).setScale(p, java.math.RoundingMode.HALF_EVEN).toPlainString()
                    + (alt && p == 0 ? "." : "");
            case 'e', 'E' -> body = exp(a, p, alt, conv == 'E');
            default -> {
                int pp = p == 0 ? 1 : p;
                if (a == 0) {
                    body = alt ? "0." + "0".repeat(pp - 1) : "0";
                } else {
                    String e = exp(a, pp - 1, true, false);
                    int x = Integer.parseInt(e.substring(e.indexOf('e') + 1));
                    if (x < -4 || x >= pp) {
                        body = exp(a, pp - 1, alt, conv == 'G');
                        if (!alt) {
                            body = stripZeros(body);
                        }
                    } else {
                        body = new BigDecimal(a).setScale(pp - 1 - x, java.math.RoundingMode.HALF_EVEN).toPlainString();
                        if (!alt) {
                            body = stripZeros(body);
                        } else if (body.indexOf('.') < 0) {
                            body = body + ".";
                        }
                    }
                }
            }
        }
        if (zero) {
            while (sign.length() + body.length() < width) {
                body = "0" + body;
            }
        }
        return pad(sign + body, width, left, false);
    }

    /** d.ddde+XX with {@code p} digits after the point (C's %e). */
    private static String exp(double a, int p, boolean alt, boolean upper) {
        String s;
        if (a == 0) {
            s = (p > 0 ? "0." + "0".repeat(p) : alt ? "0." : "0") + "e+00";
        } else {
            BigDecimal bd = new BigDecimal(a).round(new java.math.MathContext(p + 1, java.math.RoundingMode.HALF_EVEN));
            int x = bd.precision() - bd.scale() - 1;
            String digits = bd.unscaledValue().toString();
            while (digits.length() < p + 1) {
                digits = digits + "0";
            }
            digits = digits.substring(0, p + 1);
            String mant = p > 0 ? digits.charAt(0) + "." + digits.substring(1) : digits + (alt ? "." : "");
            s = mant + "e" + (x < 0 ? "-" : "+") + (Math.abs(x) < 10 ? "0" : "") + Math.abs(x);
        }
        return upper ? s.toUpperCase(Locale.ROOT) : s;
    }

    private static String stripZeros(String s) {
        int e = s.indexOf('e') >= 0 ? s.indexOf('e') : s.indexOf('E');
        String mant = e >= 0 ? s.substring(0, e) : s;
        String tail = e >= 0 ? s.substring(e) : "";
        if (mant.indexOf('.') >= 0) {
            int end = mant.length();
            while (mant.charAt(end - 1) == '0') {
                end--;
            }
            if (mant.charAt(end - 1) == '.') {
                end--;
            }
            mant = mant.substring(0, end);
        }
        return mant + tail;
    }

    private static String pad(String s, int width, boolean left, boolean zero) {
        if (width <= s.length()) {
            return s;
        }
        String fill = (zero ? "0" : " ").repeat(width - s.length());
        return left ? s + fill : fill + s;
    }
}
