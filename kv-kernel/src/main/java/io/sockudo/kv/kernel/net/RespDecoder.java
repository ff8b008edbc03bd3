package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sockudo.kv.kernel.stats.HotCounter;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Frames and parses client requests, both RESP multibulk ({@code *2\r\n$3\r\nGET...}) and inline
 * commands as telnet and {@code redis-cli} send them. Emits one {@code byte[][]} argument vector
 * per command. Parsing state survives partial reads, so a long pipeline is parsed once, and an
 * argument of {@link #BIG_ARG} bytes or more is copied into an array of its declared size as its
 * bytes arrive (as Redis reads big arguments straight into their own buffer): the accumulated input
 * never holds more than one read's worth of it, so a 512 MB upload costs one copy, not one per
 * read. Breaking the protocol emits a {@link ProtocolError} with Redis's text and stops reading;
 * a {@code POST} or {@code Host:} command emits {@link ProtocolError#CROSS_PROTOCOL}.
 */
public final class RespDecoder extends ByteToMessageDecoder {
    /** Redis's PROTO_MBULK_BIG_ARG: arguments this long are read into their own array. */
    static final int BIG_ARG = 32 * 1024;
    /**
     * Arrays for arguments this long are allocated off the event loop: Java zeroes a new array,
     * and committing a few hundred MB of fresh pages takes up to seconds on some machines, which
     * would stall every connection of the loop. The connection stops reading meanwhile.
     */
    static final int OFF_LOOP_ALLOCATION = 4 * 1024 * 1024;

    private final ProtocolLimits limits;
    private final BooleanSupplier authRequired;

    private byte[][] argv;
    private int argc;
    /** Length of the bulk being waited for, or -1 when the next thing is a '$' header. */
    private long bulkLen = -1;
    private boolean failed;
    /** The big argument being filled, or null; {@link #filled} bytes of it have arrived. */
    private byte[] bigArg;
    private int filled;
    /** Where big argument arrays are allocated, or null to allocate them inline. */
    private final Executor allocator;
    /** True while {@link #allocator} prepares {@link #bigArg}. */
    private boolean allocating;
    private ChannelHandlerContext ctx;

    /**
     * Where parsed commands go directly, or null: through the pipeline ({@code out}, then one
     * {@code fireChannelRead} per command). Set by the connection's handler once it is ready.
     */
    private Consumer<byte[][]> sink;

    /** INFO total_net_input_bytes, added to once per read batch; null when not counted. */
    private final HotCounter inputBytes;

    public RespDecoder(ProtocolLimits limits, BooleanSupplier authRequired) {
        this(limits, authRequired, null);
    }

    public RespDecoder(ProtocolLimits limits, BooleanSupplier authRequired, HotCounter inputBytes) {
        this(limits, authRequired, inputBytes, null);
    }

    public RespDecoder(ProtocolLimits limits, BooleanSupplier authRequired, HotCounter inputBytes, Executor allocator) {
        this.limits = limits;
        this.authRequired = authRequired;
        this.inputBytes = inputBytes;
        this.allocator = allocator;
    }

    /** Bytes of the arguments already read of the command not complete yet. */
    private long partialArgBytes;

    /**
     * Redis's query buffer as client eviction counts it: input held and not parsed yet, the big
     * argument being filled (its whole array), and the arguments read of an incomplete command.
     * On the event loop.
     */
    long queryBufferBytes() {
        byte[] big = bigArg;
        return internalBuffer().readableBytes() + (big == null ? 0 : big.length) + partialArgBytes;
    }

    /**
     * Hands every command parsed from now on to {@code commands} as soon as it is parsed, instead
     * of collecting a read's commands in Netty's output list and firing each down the pipeline:
     * ~3 % of the event loop at {@code -P 16} (the list, a thread-local lookup and a pipeline
     * traversal per command). Commands run in the order they arrive either way; one that changes
     * how the rest is parsed (AUTH, for the unauthenticated length limits) now takes effect for
     * the commands after it in the same read, as in Redis. Protocol errors still go through the
     * pipeline. On the event loop.
     */
    void deliverTo(Consumer<byte[][]> commands) {
        this.sink = commands;
    }

    /** Bytes of input held and not consumed yet (tests: uploads must not accumulate). */
    int bufferedBytes() {
        return internalBuffer().readableBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        // Counted per socket read, as Redis adds each read's length to stat_net_input_bytes.
        if (inputBytes != null && msg instanceof ByteBuf b) {
            inputBytes.add(b.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        this.ctx = ctx;
        if (allocating) {
            ctx.channel().config().setAutoRead(false); // someone turned it on: keep the input where it is
            return;
        }
        boolean direct = onePass && in.hasMemoryAddress();
        while (in.isReadable()) {
            if (argv == null) {
                if (direct) {
                    readSmallCommands(in, out);
                    if (failed || !in.isReadable()) {
                        break;
                    }
                }
                byte first = in.getByte(in.readerIndex());
                if (first == '*') {
                    if (!readMultibulkHeader(in, out)) {
                        break;
                    }
                    if (argv == null) {
                        continue; // empty or failed
                    }
                } else {
                    if (!readInline(in, out)) {
                        break;
                    }
                    continue;
                }
            }
            if (!readBulks(in, out)) {
                break;
            }
        }
        if (!failed && in.readableBytes() + (long) filled > limits.queryBufferLimit()) {
            // Redis closes the connection without a reply when the query buffer limit is hit.
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
        }
    }

    private void fail(String message, ByteBuf in, List<Object> out) {
        failed = true;
        argv = null;
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolError("ERR Protocol error: " + message));
    }

    /**
     * The common case of a header line, read with one 8-byte load instead of a line search and a
     * byte-by-byte parse: {@code marker}, one to five digits, CRLF, all within the next 8 readable
     * bytes. Returns the number and consumes the line, or returns -1 and consumes nothing (the
     * general parser then handles the line, errors included).
     */
    private static long shortHeader(ByteBuf in, char marker) {
        int ri = in.readerIndex();
        if (in.writerIndex() - ri < 8) {
            return -1;
        }
        long w = in.getLong(ri); // big-endian: the first byte is the top byte
        if ((int) (w >>> 56) != marker) {
            return -1;
        }
        long v = 0;
        int k = 1;
        int c = (int) (w >>> 48) & 0xff;
        while (k < 6 && c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            k++;
            c = (int) (w >>> (56 - 8 * k)) & 0xff;
        }
        if (k == 1 || c != '\r' || ((w >>> (48 - 8 * k)) & 0xff) != '\n') {
            return -1;
        }
        in.readerIndex(ri + k + 2);
        return v;
    }

    /** False: every command goes to the general parser (tests and bench/resp-micro.sh compare the two). */
    private boolean onePass = true;

    void onePass(boolean on) {
        onePass = on;
    }

    /** Most arguments of a command {@link #readSmallCommands} parses (one count digit). */
    private static final int SMALL_ARGC = 9;
    /** Longest argument {@link #readSmallCommands} parses (the unauthenticated limit, 5 digits). */
    private static final int SMALL_ARG = 16384;
    /** Where each argument of the command being scanned starts, and its length. */
    private final int[] smallStart = new int[SMALL_ARGC];
    private final int[] smallLen = new int[SMALL_ARGC];

    /**
     * The common request, parsed in one pass straight from the memory of a direct buffer: complete
     * commands of at most {@link #SMALL_ARGC} arguments of at most {@link #SMALL_ARG} bytes each.
     * Each command is first scanned (headers checked, arguments located, completeness known) and
     * only then are its arrays allocated and filled, one copy per argument; nothing is consumed of
     * a command that is incomplete or not of that shape (an inline command, a long argument, a
     * malformed header): the general path parses it, errors included. Reading memory without the
     * per-access index and reference-count checks of ByteBuf's accessors is what makes it cheaper
     * (profile of GET -P 16: request parsing was a quarter of the event loop); every read is within
     * [readerIndex, writerIndex), checked once per header.
     */
    private void readSmallCommands(ByteBuf in, List<Object> out) {
        long base = in.memoryAddress();
        int end = in.writerIndex();
        int ri = in.readerIndex();
        long maxArg = Math.min(SMALL_ARG, limits.maxBulkLen());
        int[] starts = smallStart;
        int[] lens = smallLen;
        for (;;) {
            // "*N\r\n" with one digit N in 1..9, and at least one header after it
            if (end - ri < 8 || getByte(base, ri) != '*' || getByte(base, ri + 2) != '\r' || getByte(base, ri + 3) != '\n') {
                break;
            }
            int n = getByte(base, ri + 1) - '0';
            if (n < 1 || n > SMALL_ARGC) {
                break;
            }
            int p = ri + 4;
            int i = 0;
            for (; i < n; i++) {
                // "$L\r\n": up to 5 digits then CRLF, within the readable bytes
                if (end - p < 4 || getByte(base, p) != '$') {
                    break;
                }
                int q = p + 1;
                int limit = Math.min(end, q + 5);
                int len = 0;
                int c = getByte(base, q);
                while (c >= '0' && c <= '9' && q < limit) {
                    len = len * 10 + (c - '0');
                    c = ++q < end ? getByte(base, q) : -1;
                }
                if (q == p + 1 || c != '\r' || q + 1 >= end || getByte(base, q + 1) != '\n' || len > maxArg) {
                    break;
                }
                starts[i] = q + 2;
                lens[i] = len;
                p = q + 2 + len + 2; // the argument and its CRLF (not checked, as Redis does not)
                if (p > end) {
                    break;
                }
            }
            if (i < n) {
                break;
            }
            byte[][] command = new byte[n][];
            for (int k = 0; k < n; k++) {
                byte[] arg = newArgument(lens[k]);
                io.netty.util.internal.PlatformDependent.copyMemory(base + starts[k], arg, 0, arg.length);
                command[k] = arg;
            }
            ri = p;
            in.readerIndex(ri);
            emit(command, in, out);
            if (failed) {
                return;
            }
        }
    }

    /**
     * The array of an argument, left unzeroed (every caller fills all of it before anything reads
     * it): zeroing a large argument's new array cost as much as copying the bytes into it. The JIT
     * leaves the zeroing out when the array fits the thread's allocation buffer (the launcher's
     * {@code TLABRefillWasteFraction} makes that the usual case for values up to ~1 MB); small
     * arrays, or a JVM that keeps jdk.internal.misc closed, get a plain {@code new byte[]}.
     */
    static byte[] newArgument(int length) {
        return io.netty.util.internal.PlatformDependent.allocateUninitializedArray(length);
    }

    private static int getByte(long base, int index) {
        return io.netty.util.internal.PlatformDependent.getByte(base + index);
    }

    /** Index of the '\r' of the next CRLF-terminated line, or -1 when incomplete. */
    private static int findLineEnd(ByteBuf in) {
        int nl = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        return nl;
    }

    private boolean readMultibulkHeader(ByteBuf in, List<Object> out) {
        int ri = in.readerIndex();
        long quick = shortHeader(in, '*');
        if (quick > 0 && (quick <= 10 || !authRequired.getAsBoolean())) {
            argv = new byte[(int) Math.min(quick, 1024)][];
            expected = (int) quick;
            argc = 0;
            bulkLen = -1;
            return true;
        }
        in.readerIndex(ri); // the general path below decides (zero, limits, errors)
        int nl = findLineEnd(in);
        if (nl < 0) {
            if (in.readableBytes() > ProtocolLimits.INLINE_MAX) {
                fail("too big mbulk count string", in, out);
            }
            return false;
        }
        int start = in.readerIndex() + 1;
        int end = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
        long n = parseLong(in, start, end);
        if (n == Long.MIN_VALUE || n > Integer.MAX_VALUE) {
            fail("invalid multibulk length", in, out);
            return true;
        }
        if (n > 10 && authRequired.getAsBoolean()) {
            fail("unauthenticated multibulk length", in, out);
            return true;
        }
        in.readerIndex(nl + 1);
        if (n <= 0) {
            return true;
        }
        argv = new byte[(int) Math.min(n, 1024)][];
        expected = (int) n;
        argc = 0;
        bulkLen = -1;
        return true;
    }

    private int expected;

    private boolean readBulks(ByteBuf in, List<Object> out) {
        while (argc < expected) {
            if (bulkLen < 0) {
                int ri = in.readerIndex();
                long quick = shortHeader(in, '$');
                if (quick >= 0 && quick <= 16384 && quick <= limits.maxBulkLen()) {
                    bulkLen = quick;
                } else {
                    in.readerIndex(ri); // the general path below decides (limits, errors)
                }
            }
            if (bulkLen < 0) {
                if (!in.isReadable()) {
                    return false;
                }
                byte b = in.getByte(in.readerIndex());
                if (b != '$') {
                    fail("expected '$', got '" + (char) (b & 0xff) + "'", in, out);
                    return false;
                }
                int nl = findLineEnd(in);
                if (nl < 0) {
                    if (in.readableBytes() > ProtocolLimits.INLINE_MAX) {
                        fail("too big bulk count string", in, out);
                    }
                    return false;
                }
                int start = in.readerIndex() + 1;
                int end = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
                long len = parseLong(in, start, end);
                if (len == Long.MIN_VALUE || len < 0 || len > limits.maxBulkLen()) {
                    fail("invalid bulk length", in, out);
                    return false;
                }
                if (len > 16384 && authRequired.getAsBoolean()) {
                    fail("unauthenticated bulk length", in, out);
                    return false;
                }
                in.readerIndex(nl + 1);
                bulkLen = len;
            }
            byte[] arg;
            if (bulkLen >= BIG_ARG) {
                if (bigArg == null) {
                    if (bulkLen >= OFF_LOOP_ALLOCATION && allocator != null) {
                        allocateOffLoop((int) bulkLen);
                        return false;
                    }
                    bigArg = newArgument((int) bulkLen);
                    filled = 0;
                }
                int take = (int) Math.min(in.readableBytes(), bulkLen - filled);
                in.readBytes(bigArg, filled, take);
                filled += take;
                if (filled < bulkLen || in.readableBytes() < 2) {
                    return false;
                }
                arg = bigArg;
                bigArg = null;
                filled = 0;
            } else {
                if (in.readableBytes() < bulkLen + 2) {
                    return false;
                }
                arg = newArgument((int) bulkLen);
                in.readBytes(arg);
            }
            in.skipBytes(2); // CRLF (Redis does not check these two bytes either)
            if (argc == argv.length) {
                argv = java.util.Arrays.copyOf(argv, Math.min(expected, argv.length * 2));
            }
            argv[argc++] = arg;
            partialArgBytes += arg.length;
            bulkLen = -1;
        }
        byte[][] done = argv.length == argc ? argv : java.util.Arrays.copyOf(argv, argc);
        argv = null;
        partialArgBytes = 0;
        emit(done, in, out);
        return true;
    }

    /**
     * Allocates the array of a big argument on {@link #allocator} while this connection stops
     * reading; when it is ready, the event loop resumes reading and decodes what it holds.
     */
    private void allocateOffLoop(int length) {
        allocating = true;
        ChannelHandlerContext c = ctx;
        c.channel().config().setAutoRead(false);
        allocator.execute(() -> {
            byte[] array;
            try {
                array = new byte[length];
            } catch (OutOfMemoryError e) {
                array = null;
            }
            byte[] ready = array;
            c.executor().execute(() -> allocated(c, ready));
        });
    }

    private void allocated(ChannelHandlerContext c, byte[] array) {
        allocating = false;
        if (!c.channel().isActive()) {
            return;
        }
        if (array == null) {
            failed = true;
            c.fireChannelRead(new ProtocolError("ERR Protocol error: invalid bulk length"));
            return;
        }
        bigArg = array;
        filled = 0;
        c.channel().config().setAutoRead(true);
        try {
            channelRead(c, io.netty.buffer.Unpooled.EMPTY_BUFFER); // decode what arrived meanwhile
            channelReadComplete(c);
        } catch (Exception e) {
            c.fireExceptionCaught(e);
        }
    }

    /** Emits a parsed command, or the cross-protocol marker (and stops) for POST / Host:. */
    private void emit(byte[][] command, ByteBuf in, List<Object> out) {
        if (isCrossProtocol(command[0])) {
            failed = true;
            in.skipBytes(in.readableBytes());
            out.add(ProtocolError.CROSS_PROTOCOL);
            return;
        }
        Consumer<byte[][]> direct = sink;
        if (direct != null) {
            direct.accept(command);
        } else {
            out.add(command);
        }
    }

    /** {@code POST} or {@code Host:} in any case: the first line of an HTTP request (Redis's securityWarningCommand). */
    static boolean isCrossProtocol(byte[] name) {
        int n = name.length;
        if (n == 4) {
            return (name[0] | 0x20) == 'p' && (name[1] | 0x20) == 'o' && (name[2] | 0x20) == 's'
                    && (name[3] | 0x20) == 't';
        }
        return n == 5 && (name[0] | 0x20) == 'h' && (name[1] | 0x20) == 'o' && (name[2] | 0x20) == 's'
                && (name[3] | 0x20) == 't' && name[4] == ':';
    }

    private boolean readInline(ByteBuf in, List<Object> out) {
        int nl = findLineEnd(in);
        if (nl < 0) {
            if (in.readableBytes() > ProtocolLimits.INLINE_MAX) {
                fail("too big inline request", in, out);
            }
            return false;
        }
        int start = in.readerIndex();
        int end = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
        byte[] line = new byte[end - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        List<byte[]> args = io.sockudo.kv.kernel.util.SplitArgs.split(line);
        if (args == null) {
            fail("unbalanced quotes in request", in, out);
            return false;
        }
        if (!args.isEmpty()) {
            emit(args.toArray(new byte[0][]), in, out);
        }
        return true;
    }

    /** Parses a decimal integer in [start, end), or Long.MIN_VALUE if malformed. */
    private static long parseLong(ByteBuf in, int start, int end) {
        if (start >= end || end - start > 19) {
            return Long.MIN_VALUE;
        }
        boolean neg = false;
        int i = start;
        if (in.getByte(i) == '-') {
            neg = true;
            i++;
            if (i == end) {
                return Long.MIN_VALUE;
            }
        }
        long v = 0;
        for (; i < end; i++) {
            int d = in.getByte(i) - '0';
            if (d < 0 || d > 9) {
                return Long.MIN_VALUE;
            }
            v = v * 10 + d;
        }
        return neg ? -v : v;
    }
}
