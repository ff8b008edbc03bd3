package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;

/**
 * Encodes replies in RESP2 or RESP3 straight into output buffers. RESP3-only types degrade to
 * their RESP2 forms exactly as Redis degrades them.
 *
 * <p>With a {@link Sink} (a connection), replies go into a chain of chunks rather than one buffer
 * that is reallocated as it grows: a chunk grows to {@link #CHUNK} bytes, then it is handed to
 * the sink (which queues it on the channel) and a new one starts; a bulk of {@link #LARGE} bytes
 * or more is copied once into a buffer of its exact size. Producing a reply therefore costs time
 * linear in its size and never copies what was already written, and the connection can start
 * sending a long reply while it is still being produced. Without a sink ({@link #target}), the
 * writer fills the one buffer it was given (tests, small private replies).
 *
 * <p>In discard mode (CLIENT REPLY OFF/SKIP, a client being closed for its output-buffer limit)
 * every write goes to a scratch buffer that is reused, so nothing accumulates.
 */
public final class RespWriter implements ReplyWriter {
    /** Receives finished chunks in order and takes ownership of each. */
    @FunctionalInterface
    public interface Sink {
        void accept(ByteBuf chunk);
    }

    /** A chunk grows to this size before the next one starts (Redis uses 16 KB reply blocks). */
    public static final int CHUNK = 64 * 1024;
    /** Bulk values at least this long get a buffer of their own (Redis: PROTO_REPLY_CHUNK_BYTES). */
    public static final int LARGE = 16 * 1024;
    private static final int FIRST = 512;
    /** Room for a type byte, a 64-bit decimal and CRLF. */
    private static final int HEADER = 23;
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

    private final ByteBufAllocator alloc;
    private final Sink sink;
    /** Where the next bytes go: the current chunk, or {@link #scratch} while discarding. */
    private ByteBuf out;
    private int protocol = 2;
    private ErrorListener errorListener;
    private boolean discarding;
    /** The current chunk, put aside while discarding. */
    private ByteBuf parked;
    private ByteBuf scratch;

    /** A writer that fills the buffer given to {@link #target} (no chunking). */
    public RespWriter() {
        this(null, null);
    }

    /** A writer that allocates chunks from {@code alloc} and hands them to {@code sink}. */
    public RespWriter(ByteBufAllocator alloc, Sink sink) {
        this.alloc = alloc;
        this.sink = sink;
    }

    /** Told about every error reply (INFO errorstats, failed-calls counters). */
    public interface ErrorListener {
        void onError(String message);
    }

    /** Makes {@code out} the buffer written to (writers without a sink). */
    public void target(ByteBuf out) {
        this.out = out;
    }

    /** The buffer being written to (the current chunk), or null. */
    public ByteBuf target() {
        return discarding ? parked : out;
    }

    /**
     * Hands the current chunk to the sink (when it holds anything); the next write starts a new
     * one. The connection calls it before flushing.
     */
    public void finish() {
        if (discarding) {
            return;
        }
        ByteBuf o = out;
        out = null;
        if (o != null) {
            if (o.isReadable()) {
                sink.accept(o);
            } else {
                o.release();
            }
        }
    }

    /** Releases the current chunk without sending it (the connection closed). */
    public void release() {
        ByteBuf o = discarding ? parked : out;
        out = null;
        parked = null;
        if (o != null) {
            o.release();
        }
        if (scratch != null) {
            scratch.release();
            scratch = null;
        }
        discarding = false;
    }

    /**
     * Turns discard mode on or off: while on, replies are encoded into a reused scratch buffer and
     * dropped (nothing is queued or kept).
     */
    public void discard(boolean on) {
        if (on == discarding) {
            return;
        }
        discarding = on;
        if (on) {
            parked = out;
            if (scratch == null) {
                scratch = io.netty.buffer.Unpooled.buffer(FIRST);
            }
            scratch.clear();
            out = scratch;
        } else {
            out = parked;
            parked = null;
        }
    }

    /** {@inheritDoc} True in discard mode. */
    @Override
    public boolean discarding() {
        return discarding;
    }

    /** The buffer to write {@code n} more bytes to. */
    private ByteBuf room(int n) {
        ByteBuf o = out;
        if (o != null && o.writableBytes() >= n) {
            return o;
        }
        return roomSlow(n);
    }

    private ByteBuf roomSlow(int n) {
        ByteBuf o = out;
        if (discarding) {
            o.clear();
            o.ensureWritable(n);
            return o;
        }
        if (sink == null) {
            o.ensureWritable(n);
            return o;
        }
        if (o == null) {
            out = o = alloc.ioBuffer(Math.max(FIRST, n));
            return o;
        }
        if (o.writerIndex() + n <= CHUNK) {
            o.ensureWritable(n);
            return o;
        }
        // The chunk is full: send it and start a full-size one (the reply is evidently long).
        out = null;
        sink.accept(o);
        if (discarding) {
            return room(n); // the sink closed the connection (output limit): from now on, scratch
        }
        out = o = alloc.ioBuffer(Math.max(CHUNK, n));
        return o;
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
        room(OK.length).writeBytes(OK);
    }

    @Override
    public void simple(String s) {
        ByteBuf o = room(s.length() * 3 + 3);
        o.writeByte('+');
        o.writeCharSequence(s, StandardCharsets.UTF_8);
        o.writeBytes(CRLF);
    }

    @Override
    public void error(String message) {
        // Redis replaces newlines in error messages with spaces so the protocol stays intact.
        // One char per byte: messages quoting client arguments (Args.latin1) reproduce their bytes exactly.
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') {
                b[i] = ' ';
            }
        }
        ByteBuf o = room(b.length + 3);
        o.writeByte('-');
        o.writeBytes(b);
        o.writeBytes(CRLF);
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
            room(ZERO.length).writeBytes(ZERO);
        } else if (value == 1) {
            room(ONE.length).writeBytes(ONE);
        } else {
            ByteBuf o = room(HEADER);
            o.writeByte(':');
            writeLong(o, value);
            o.writeBytes(CRLF);
        }
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        ByteBuf o;
        if (length >= LARGE && sink != null && !discarding) {
            // Its own buffer of the exact size, after what is already queued: one copy, no growth.
            finish();
            o = alloc.ioBuffer(length + HEADER + 2);
        } else {
            o = room(length + HEADER + 2);
        }
        o.writeByte('$');
        writeLong(o, length);
        o.writeBytes(CRLF);
        o.writeBytes(value, offset, length);
        o.writeBytes(CRLF);
        if (o != out) {
            sink.accept(o);
        }
    }

    @Override
    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void bulkLong(long value) {
        int len = stringSize(value);
        ByteBuf o = room(2 * HEADER);
        o.writeByte('$');
        writeLong(o, len);
        o.writeBytes(CRLF);
        writeLong(o, value);
        o.writeBytes(CRLF);
    }

    @Override
    public void nullBulk() {
        byte[] b = protocol == 3 ? NULL3 : NULL_BULK;
        room(b.length).writeBytes(b);
    }

    @Override
    public void nullArray() {
        byte[] b = protocol == 3 ? NULL3 : NULL_ARRAY;
        room(b.length).writeBytes(b);
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
        doubleText(DoubleFormat.g17(value));
    }

    @Override
    public void doubleText(String s) {
        ByteBuf o = room(s.length() + HEADER + 2);
        if (protocol == 3) {
            o.writeByte(',');
        } else {
            o.writeByte('$');
            writeLong(o, s.length());
            o.writeBytes(CRLF);
        }
        o.writeCharSequence(s, StandardCharsets.US_ASCII);
        o.writeBytes(CRLF);
    }

    @Override
    public void bool(boolean value) {
        byte[] b = protocol == 3 ? (value ? TRUE3 : FALSE3) : (value ? ONE : ZERO);
        room(b.length).writeBytes(b);
    }

    @Override
    public void verbatim(String format, byte[] value) {
        if (protocol == 3) {
            ByteBuf o = room(value.length + format.length() * 3 + HEADER + 3);
            o.writeByte('=');
            writeLong(o, value.length + 4);
            o.writeBytes(CRLF);
            o.writeCharSequence(format, StandardCharsets.UTF_8);
            o.writeByte(':');
            o.writeBytes(value);
            o.writeBytes(CRLF);
        } else {
            bulk(value);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 3) {
            ByteBuf o = room(digits.length() + 3);
            o.writeByte('(');
            o.writeCharSequence(digits, StandardCharsets.US_ASCII);
            o.writeBytes(CRLF);
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
        room(bytes.length).writeBytes(bytes);
    }

    /** Copies pre-encoded protocol bytes from {@code src} without changing its indexes (it may be shared). */
    public void raw(ByteBuf src) {
        int n = src.readableBytes();
        room(n).writeBytes(src, src.readerIndex(), n);
    }

    private void header(char type, int length) {
        ByteBuf o = room(HEADER);
        o.writeByte(type);
        writeLong(o, length);
        o.writeBytes(CRLF);
    }

    /** Digits are formatted here and copied once: per-byte ByteBuf writes check bounds every time. */
    private final byte[] digits = new byte[20];

    private void writeLong(ByteBuf o, long v) {
        if (v >= 0 && v < 10) {
            o.writeByte((int) ('0' + v));
            return;
        }
        if (v == Long.MIN_VALUE) {
            o.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
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
        o.writeBytes(digits, pos, digits.length - pos);
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
