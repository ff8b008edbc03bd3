package io.sockudo.kv.kernel.resp;

import io.sockudo.kv.spi.DoubleFormat;
import io.netty.buffer.ByteBuf;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies in RESP2 or RESP3 straight into the connection's output buffer. RESP3-only
 * types degrade to their RESP2 forms exactly as Redis degrades them.
 */
public final class RespWriter implements ReplyWriter {
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO = ":0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE3 = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE3 = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    private ByteBuf out;
    private int protocol = 2;
    private ErrorListener errorListener;

    /** Told about every error reply (INFO errorstats, failed-calls counters). */
    public interface ErrorListener {
        void onError(String message);
    }

    public void target(ByteBuf out) {
        this.out = out;
    }

    public ByteBuf target() {
        return out;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public void errorListener(ErrorListener l) {
        this.errorListener = l;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void ok() {
        out.writeBytes(OK);
    }

    @Override
    public void simple(String s) {
        out.writeByte('+');
        writeAscii(s);
        out.writeBytes(CRLF);
    }

    @Override
    public void error(String message) {
        out.writeByte('-');
        // Redis replaces newlines in error messages with spaces so the protocol stays intact.
        // One char per byte: messages quoting client arguments (Args.latin1) reproduce their bytes exactly.
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                b[i] = ' ';
            }
        }
        out.writeBytes(b);
        out.writeBytes(CRLF);
        if (errorListener != null) {
            errorListener.onError(message);
        }
    }

    @Override
    public void wrongType() {
        error(WRONGTYPE);
    }

    @Override
    public void integer(long value) {
        if (value == 0) {
            out.writeBytes(ZERO);
        } else if (value == 1) {
            out.writeBytes(ONE);
        } else {
            out.writeByte(':');
            writeLong(value);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        out.writeByte('$');
        writeLong(length);
        out.writeBytes(CRLF);
        out.writeBytes(value, offset, length);
        out.writeBytes(CRLF);
    }

    @Override
    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void bulkLong(long value) {
        int len = stringSize(value);
        out.writeByte('$');
        writeLong(len);
        out.writeBytes(CRLF);
        writeLong(value);
        out.writeBytes(CRLF);
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_BULK);
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY);
    }

    @Override
    public void array(int length) {
        header('*', length);
    }

    @Override
    public void map(int pairs) {
        if (protocol == 3) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
    }

    @Override
    public void set(int length) {
        header(protocol == 3 ? '~' : '*', length);
    }

    @Override
    public void push(int length) {
        header(protocol == 3 ? '>' : '*', length);
    }

    @Override
    public void doubleValue(double value) {
        String s = DoubleFormat.g17(value);
        if (protocol == 3) {
            out.writeByte(',');
            writeAscii(s);
            out.writeBytes(CRLF);
        } else {
            out.writeByte('$');
            writeLong(s.length());
            out.writeBytes(CRLF);
            writeAscii(s);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void doubleText(String s) {
        if (protocol == 3) {
            out.writeByte(',');
            writeAscii(s);
            out.writeBytes(CRLF);
        } else {
            out.writeByte('$');
            writeLong(s.length());
            out.writeBytes(CRLF);
            writeAscii(s);
            out.writeBytes(CRLF);
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeBytes(value ? TRUE3 : FALSE3);
        } else {
            out.writeBytes(value ? ONE : ZERO);
        }
    }

    @Override
    public void verbatim(String format, byte[] value) {
        if (protocol == 3) {
            out.writeByte('=');
            writeLong(value.length + 4);
            out.writeBytes(CRLF);
            writeAscii(format);
            out.writeByte(':');
            out.writeBytes(value);
            out.writeBytes(CRLF);
        } else {
            bulk(value);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 3) {
            out.writeByte('(');
            writeAscii(digits);
            out.writeBytes(CRLF);
        } else {
            bulk(digits);
        }
    }

    /**
     * An attribute map of {@code pairs} pairs, to be followed by its pairs and then the reply it
     * annotates. RESP2 has no attributes: nothing is written, and the caller must skip the pairs
     * (check {@link #protocol()}), as Redis drops them.
     */
    public void attribute(int pairs) {
        if (protocol == 3) {
            header('|', pairs);
        }
    }

    /** Writes pre-encoded protocol bytes. */
    public void raw(byte[] bytes) {
        out.writeBytes(bytes);
    }

    private void header(char type, int length) {
        out.writeByte(type);
        writeLong(length);
        out.writeBytes(CRLF);
    }

    private void writeAscii(String s) {
        out.writeCharSequence(s, StandardCharsets.UTF_8);
    }

    /** Digits are formatted here and copied once: per-byte ByteBuf writes check bounds every time. */
    private final byte[] digits = new byte[20];

    private void writeLong(long v) {
        if (v >= 0 && v < 10) {
            out.writeByte((int) ('0' + v));
            return;
        }
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        boolean negative = v < 0;
        long u = negative ? -v : v;
        int pos = digits.length;
        do {
            digits[--pos] = (byte) ('0' + u % 10);
            u /= 10;
        } while (u != 0);
        if (negative) {
            digits[--pos] = '-';
        }
        out.writeBytes(digits, pos, digits.length - pos);
    }

    /** Decimal length of {@code v}, sign included. */
    static int stringSize(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int sign = 0;
        if (v < 0) {
            sign = 1;
            v = -v;
        }
        long p = 10;
        for (int i = 1; i < 19; i++) {
            if (v < p) {
                return i + sign;
            }
            p = 10 * p;
        }
        return 19 + sign;
    }
}
