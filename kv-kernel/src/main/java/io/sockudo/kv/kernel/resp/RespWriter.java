package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.sockudo.kv.spi.Decimal;
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
                emit(o);
            } else {
                o.release();
            }
        }
    }

    /** Releases the current chunk without sending it (the connection closed). */
    public void release() {
        if (held != null) {
            held.forEach(ByteBuf::release);
            held.clear();
        }
        holding = false;
        guardLevel = -1;
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

    // ---- reply structure: the one-reply contract ----------------------------------------------
    //
    // The writer follows the shape of what it writes (open aggregates and the elements each still
    // owes) with a few int operations per value, so the runner can tell after a handler returned
    // whether it wrote exactly one complete reply, without a per-command cost beyond two field reads.

    /** Open aggregates. */
    private int depth;
    /** Elements still owed by each open aggregate, outermost first. */
    private int[] owed = new int[8];
    /** The level a guard watches (see {@link #beginGuard}), or -1. */
    private int guardLevel = -1;
    /** Complete values written at {@link #guardLevel} since the guard began. */
    private int guardValues;
    /** True when something was written below the guarded level (after its enclosing aggregate closed). */
    private boolean guardOverrun;
    /** Where the guarded reply started: the chunk and its writer index. */
    private ByteBuf markChunk;
    private int markIndex;
    /** {@link #owed} of the enclosing aggregates when the guard began (a second reply may close them). */
    private int[] markOwed = new int[8];
    /** True while chunks are held back instead of handed to the sink (a guarded reply). */
    private boolean holding;
    private java.util.ArrayList<ByteBuf> held;
    private long heldBytes;
    /** True when part of the guarded reply went to the sink (it grew past {@link #HOLD_LIMIT}). */
    private boolean guardEmitted;
    /**
     * How much of a guarded reply is held back at most: past it the reply streams to the
     * connection as usual (a long reply must still meet the client's output-buffer limit and
     * stop early when it is being discarded), and can no longer be taken back.
     */
    static final long HOLD_LIMIT = 1 << 20;

    /** A complete value was written at the current level: count it and close the aggregates it completes. */
    private void done() {
        int d = depth;
        if (d < guardLevel) {
            guardOverrun = true; // written after the guarded reply closed its enclosing aggregate
        }
        for (;;) {
            if (d == guardLevel) {
                guardValues++;
            }
            if (d == 0 || --owed[d - 1] != 0) {
                break;
            }
            d--; // the aggregate at level d-1 is complete: it is one value of its own level
        }
        depth = d;
    }

    /** An aggregate header of {@code n} elements was written. */
    private void open(int n) {
        if (depth < guardLevel) {
            guardOverrun = true;
        }
        if (n == 0) {
            done();
            return;
        }
        if (depth == owed.length) {
            owed = java.util.Arrays.copyOf(owed, depth * 2);
        }
        owed[depth++] = n;
    }

    /** Hands a finished chunk to the sink, or keeps it while a guarded reply may still be taken back. */
    private void emit(ByteBuf chunk) {
        if (holding) {
            if (held == null) {
                held = new java.util.ArrayList<>();
            }
            held.add(chunk);
            heldBytes += chunk.readableBytes();
            if (heldBytes > HOLD_LIMIT) {
                holding = false;
                guardEmitted = true;
                for (ByteBuf b : held) {
                    sink.accept(b);
                }
                held.clear();
            }
        } else {
            sink.accept(chunk);
        }
    }

    /**
     * Starts watching the reply of a command whose handler is not the kernel's: what it writes can
     * be counted ({@link #guardedValues}, {@link #guardBalanced}) and taken back ({@link #rollback}).
     * Chunks it fills are held until {@link #endGuard}. Guards do not nest: false (and nothing
     * changes) when one is active already.
     */
    public boolean beginGuard() {
        if (guardLevel >= 0) {
            return false;
        }
        guardLevel = depth;
        guardValues = 0;
        guardOverrun = false;
        guardEmitted = false;
        heldBytes = 0;
        if (!discarding) {
            markChunk = out;
            markIndex = out == null ? 0 : out.writerIndex();
            holding = sink != null;
        }
        if (markOwed.length < depth) {
            markOwed = new int[owed.length];
        }
        System.arraycopy(owed, 0, markOwed, 0, depth);
        return true;
    }

    /**
     * Up to {@code max} bytes of what the guarded reply wrote, for the log (empty when they are not
     * in one buffer any more).
     */
    public String guardedPreview(int max) {
        if (guardLevel < 0 || discarding || out == null || out != markChunk && markChunk != null
                || held != null && !held.isEmpty()) {
            return "";
        }
        int from = markChunk == null ? 0 : markIndex;
        int n = Math.min(max, out.writerIndex() - from);
        return out.toString(from, Math.max(0, n), StandardCharsets.ISO_8859_1).replace("\r\n", "\\r\\n");
    }

    /** Complete values written at the guarded level since {@link #beginGuard}. */
    public int guardedValues() {
        return guardValues;
    }

    /** True when something was written after the guarded reply closed its enclosing aggregate. */
    public boolean guardOverrun() {
        return guardOverrun;
    }

    /**
     * True when no aggregate the guarded reply opened is left incomplete and nothing was written
     * past the aggregate enclosing it (its last element may close that aggregate: EXEC's array).
     */
    public boolean guardBalanced() {
        return !guardOverrun && depth <= guardLevel;
    }

    /**
     * Takes back everything written since {@link #beginGuard}; the guard stays active. False when
     * part of it was sent already (a reply past {@link #HOLD_LIMIT}): then nothing changes, and
     * {@link #failGuarded} ends the reply as well as can be done.
     */
    public boolean rollback() {
        if (guardLevel < 0) {
            return true;
        }
        if (guardEmitted) {
            return false;
        }
        if (!discarding) {
            if (held != null) {
                for (ByteBuf b : held) {
                    if (b != markChunk) {
                        b.release();
                    }
                }
                held.clear();
            }
            if (out != null && out != markChunk) {
                out.release();
            }
            out = markChunk;
            if (out != null) {
                out.writerIndex(markIndex);
            }
        }
        depth = guardLevel;
        System.arraycopy(markOwed, 0, owed, 0, depth);
        guardValues = 0;
        guardOverrun = false;
        return true;
    }

    /**
     * Ends a guarded reply that could not be taken back ({@link #rollback} false) with
     * {@code message}: as the next element of the aggregate left open, whose other missing
     * elements become nulls, so the connection's stream stays well formed. Nothing is written
     * when the reply was complete already (its error is only logged).
     */
    public void failGuarded(String message) {
        if (guardLevel < 0 || depth <= guardLevel || guardOverrun || discarding) {
            return;
        }
        error(message);
        while (depth > guardLevel) {
            nullBulk();
        }
    }

    /** Ends the guard: held chunks go to the sink, in order. */
    public void endGuard() {
        if (discarding && depth > guardLevel && guardLevel >= 0) {
            // a reply nobody reads may stop early (its client is gone or turned replies off)
            depth = guardLevel;
        }
        guardLevel = -1;
        markChunk = null;
        guardEmitted = false;
        if (holding) {
            holding = false;
            if (held != null && !held.isEmpty()) {
                for (ByteBuf b : held) {
                    sink.accept(b);
                }
                held.clear();
            }
        }
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
            o = SpareChunk.take();
            if (o != null) {
                o.ensureWritable(n);
            } else {
                o = alloc.ioBuffer(Math.max(FIRST, n));
            }
            out = o;
            return o;
        }
        if (o.writerIndex() + n <= CHUNK) {
            o.ensureWritable(n);
            return o;
        }
        // The chunk is full: send it and start a full-size one (the reply is evidently long).
        out = null;
        emit(o);
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
        done();
    }

    @Override
    public void simple(String s) {
        ByteBuf o = room(s.length() * 3 + 3);
        o.writeByte('+');
        if (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            // As Redis sanitises status replies: a line break would end the reply early.
            s = s.replace('\r', ' ').replace('\n', ' ');
        }
        o.writeCharSequence(s, StandardCharsets.UTF_8);
        o.writeBytes(CRLF);
        done();
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
        done();
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
            int p = putHeader(line, 0, ':', value);
            room(p).writeBytes(line, 0, p);
        }
        done();
    }

    @Override
    public void bulk(byte[] value) {
        bulk(value, 0, value.length);
    }

    @Override
    public void bulk(byte[] value, int offset, int length) {
        if (length <= SMALL) {
            // Header, value and CRLF assembled here and copied with one buffer write: each
            // ByteBuf write checks access and bounds, and an LRANGE reply is hundreds of these.
            byte[] s = line;
            int p = putHeader(s, 0, '$', length);
            System.arraycopy(value, offset, s, p, length);
            p += length;
            s[p++] = '\r';
            s[p++] = '\n';
            room(p).writeBytes(s, 0, p);
            done();
            return;
        }
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
            emit(o);
        }
        done();
    }

    @Override
    public void bulk(String value) {
        bulk(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void bulkLong(long value) {
        int len = Decimal.length(value);
        ByteBuf o = room(2 * HEADER);
        o.writeByte('$');
        writeLong(o, len);
        o.writeBytes(CRLF);
        writeLong(o, value);
        o.writeBytes(CRLF);
        done();
    }

    @Override
    public void nullBulk() {
        byte[] b = protocol == 3 ? NULL3 : NULL_BULK;
        room(b.length).writeBytes(b);
        done();
    }

    @Override
    public void nullArray() {
        byte[] b = protocol == 3 ? NULL3 : NULL_ARRAY;
        room(b.length).writeBytes(b);
        done();
    }

    @Override
    public void array(int length) {
        checkLength(length);
        header('*', length);
        open(length);
    }

    @Override
    public void map(int pairs) {
        checkLength(pairs);
        if (pairs > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("map of " + pairs + " pairs");
        }
        if (protocol == 3) {
            header('%', pairs);
        } else {
            header('*', pairs * 2);
        }
        open(pairs * 2);
    }

    @Override
    public void set(int length) {
        checkLength(length);
        header(protocol == 3 ? '~' : '*', length);
        open(length);
    }

    @Override
    public void push(int length) {
        checkLength(length);
        header(protocol == 3 ? '>' : '*', length);
        open(length);
    }

    /** A negative aggregate length is no RESP (nulls have their own methods): refused before anything is written. */
    private static void checkLength(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative aggregate length " + n);
        }
    }

    @Override
    public void doubleValue(double value) {
        doubleText(DoubleFormat.g17(value));
    }

    @Override
    public void doubleText(String s) {
        requireLine(s);
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
        done();
    }

    /** A one-line ASCII text (doubles, big numbers): anything else would break the frame or its length. */
    private static void requireLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c > 0x7f) {
                throw new IllegalArgumentException("not a one-line ASCII text: " + s);
            }
        }
    }

    @Override
    public void bool(boolean value) {
        byte[] b = protocol == 3 ? (value ? TRUE3 : FALSE3) : (value ? ONE : ZERO);
        room(b.length).writeBytes(b);
        done();
    }

    @Override
    public void verbatim(String format, byte[] value) {
        if (format.length() != 3) {
            // RESP3 frames the format as exactly three characters.
            throw new IllegalArgumentException("verbatim format must be 3 characters: " + format);
        }
        requireLine(format);
        if (protocol == 3) {
            ByteBuf o = room(value.length + format.length() * 3 + HEADER + 3);
            o.writeByte('=');
            writeLong(o, value.length + 4);
            o.writeBytes(CRLF);
            o.writeCharSequence(format, StandardCharsets.UTF_8);
            o.writeByte(':');
            o.writeBytes(value);
            o.writeBytes(CRLF);
            done();
        } else {
            bulk(value);
        }
    }

    @Override
    public void bigNumber(String digits) {
        requireLine(digits);
        if (protocol == 3) {
            ByteBuf o = room(digits.length() + 3);
            o.writeByte('(');
            o.writeCharSequence(digits, StandardCharsets.US_ASCII);
            o.writeBytes(CRLF);
            done();
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
            // the pairs and the reply annotated make one value
            open(2 * pairs + 1);
        }
    }

    /** Writes pre-encoded protocol bytes: exactly one complete value. */
    public void raw(byte[] bytes) {
        room(bytes.length).writeBytes(bytes);
        done();
    }

    /**
     * Copies pre-encoded protocol bytes from {@code src} without changing its indexes (it may be
     * shared): exactly one complete value.
     */
    public void raw(ByteBuf src) {
        int n = src.readableBytes();
        room(n).writeBytes(src, src.readerIndex(), n);
        done();
    }

    private void header(char type, int length) {
        int p = putHeader(line, 0, type, length);
        room(p).writeBytes(line, 0, p);
    }

    /** Bulks up to this size are assembled in {@link #line} with their header. */
    private static final int SMALL = 256;
    /** A small bulk with its header and CRLF, or a header line. */
    private final byte[] line = new byte[SMALL + HEADER + 2];

    /**
     * Writes a RESP line {@code <type><n>\r\n} ({@code *3}, {@code $5}, {@code :42}) at {@code off}
     * of {@code dst} (room for 23 bytes) and returns the position after it: for the parts of the
     * server that assemble RESP in their own arrays (the AOF, the replication buffer, pub/sub messages).
     */
    public static int putHeader(byte[] dst, int off, char type, long n) {
        dst[off] = (byte) type;
        int end = Decimal.write(n, dst, off + 1);
        dst[end] = '\r';
        dst[end + 1] = '\n';
        return end + 2;
    }

    /** Digits are formatted here and copied once: per-byte ByteBuf writes check bounds every time. */
    private final byte[] digits = new byte[20];

    private void writeLong(ByteBuf o, long v) {
        if (v >= 0 && v < 10) {
            o.writeByte((int) ('0' + v));
            return;
        }
        o.writeBytes(digits, 0, Decimal.write(v, digits, 0));
    }
}
