package io.sockudo.kv.kernel.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A replica's connection to its master (Redis's {@code server.master} plus the handshake of
 * {@code syncWithMaster}): PING, AUTH (masterauth/masteruser), REPLCONF listening-port /
 * ip-address / capa eof psync2, PSYNC with this server's history id and offset; then either
 * CONTINUE (the stream goes on where it stopped) or FULLRESYNC with an RDB transfer ({@code $<size>}
 * or diskless {@code $EOF:<mark>}), received into a file or memory as {@code repl-diskless-load}
 * says and loaded by {@link Replication#loadFullSync}; then the stream: each command is applied as
 * the master client (no replies), its bytes counted in the offset and forwarded verbatim to this
 * server's own replicas and backlog (a MULTI ... EXEC block as a whole, at its EXEC).
 * Runs on one event loop; the load runs on a thread of its own while the link stops reading.
 */
final class MasterLink extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

    enum State {
        CONNECTING("connecting"), RECEIVE_PONG("handshake"), RECEIVE_AUTH("handshake"), RECEIVE_PORT("handshake"),
        RECEIVE_IP("handshake"), RECEIVE_CAPA("handshake"), RECEIVE_PSYNC("handshake"), TRANSFER("sync"),
        LOADING("sync"), CONNECTED("connected"), CLOSED("connect");

        final String shown;

        State(String shown) {
            this.shown = shown;
        }
    }

    private final Replication repl;
    final String host;
    final int port;
    volatile State state = State.CONNECTING;
    volatile long lastIoMillis = System.currentTimeMillis();
    private ChannelHandlerContext ctx;
    private final StreamParser parser = new StreamParser();

    // ---- the transfer ----------------------------------------------------------------------------
    private String fullReplid;
    private long fullOffset;
    /** Declared size of the RDB, or -1 with an EOF mark. */
    volatile long transferSize = -1;
    volatile long transferRead;
    private byte[] eofMark;
    private TransferSink sink;
    /** Diskless load: the load thread reads the socket's bytes as they arrive. */
    private boolean streaming;
    private boolean transferComplete;
    private boolean loadEnded;
    private boolean loadOk;
    volatile long transferLastIoMillis;

    // ---- the stream ------------------------------------------------------------------------------
    /** Bytes of the stream read (slave_read_repl_offset); applied bytes are the buffer's offset. */
    volatile long readOffset;
    private boolean inMulti;
    private final ByteArrayOutputStream multiBytes = new ByteArrayOutputStream();

    MasterLink(Replication repl, String host, int port) {
        this.repl = repl;
        this.host = host;
        this.port = port;
    }

    // ---- handshake ---------------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        repl.linkConnected(ctx.channel());
        LOG.info("MASTER <-> REPLICA sync started");
        lastIoMillis = System.currentTimeMillis();
        state = State.RECEIVE_PONG;
        send("PING");
    }

    private void send(String... args) {
        StringBuilder sb = new StringBuilder();
        sb.append('*').append(args.length).append("\r\n");
        for (String a : args) {
            byte[] b = a.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
        }
        ctx.writeAndFlush(Unpooled.copiedBuffer(sb, StandardCharsets.UTF_8));
    }

    /** Reads one reply line (without CRLF), or null until it is complete. */
    private static String line(ByteBuf in) {
        int eol = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (eol < 0) {
            return null;
        }
        String s = in.toString(in.readerIndex(), eol - in.readerIndex(), StandardCharsets.UTF_8);
        in.readerIndex(eol + 1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        lastIoMillis = System.currentTimeMillis();
        while (in.isReadable()) {
            State s = state;
            if (s == State.CONNECTED) {
                applyStream(in);
                return;
            }
            if (s == State.TRANSFER) {
                if (!transfer(in)) {
                    return;
                }
                continue;
            }
            if (s == State.LOADING || s == State.CLOSED) {
                return;
            }
            String reply = line(in);
            if (reply == null) {
                return;
            }
            handshakeReply(reply);
        }
    }

    private void handshakeReply(String reply) throws IOException {
        switch (state) {
            case RECEIVE_PONG -> {
                // -NOAUTH / -NOPERM are fine here: AUTH comes next (as Redis's syncWithMaster)
                if (reply.startsWith("-") && !reply.startsWith("-NOAUTH") && !reply.startsWith("-NOPERM")
                        && !reply.startsWith("-ERR operation not permitted")) {
                    fail("Error reply to PING from master: '" + reply + "'");
                    return;
                }
                LOG.info("Master replied to PING, replication can continue...");
                String auth = repl.masterAuth();
                if (auth != null && !auth.isEmpty()) {
                    state = State.RECEIVE_AUTH;
                    String user = repl.masterUser();
                    if (user != null && !user.isEmpty()) {
                        send("AUTH", user, auth);
                    } else {
                        send("AUTH", auth);
                    }
                } else {
                    sendPort();
                }
            }
            case RECEIVE_AUTH -> {
                if (reply.startsWith("-")) {
                    fail("Unable to AUTH to MASTER: " + reply);
                    return;
                }
                sendPort();
            }
            case RECEIVE_PORT -> {
                if (reply.startsWith("-")) {
                    LOG.info("(Non critical) Master does not understand REPLCONF listening-port: {}", reply);
                }
                String ip = repl.announceIp();
                if (ip != null && !ip.isEmpty()) {
                    state = State.RECEIVE_IP;
                    send("REPLCONF", "ip-address", ip);
                } else {
                    sendCapa();
                }
            }
            case RECEIVE_IP -> {
                if (reply.startsWith("-")) {
                    LOG.info("(Non critical) Master does not understand REPLCONF ip-address: {}", reply);
                }
                sendCapa();
            }
            case RECEIVE_CAPA -> {
                if (reply.startsWith("-")) {
                    LOG.info("(Non critical) Master does not understand REPLCONF capa: {}", reply);
                }
                state = State.RECEIVE_PSYNC;
                String[] psync = repl.psyncArgs();
                LOG.info("Trying a partial resynchronization (request {}:{}).", psync[0], psync[1]);
                if (repl.failoverInProgress()) {
                    send("PSYNC", psync[0], psync[1], "FAILOVER"); // the target promotes itself first
                } else {
                    send("PSYNC", psync[0], psync[1]);
                }
            }
            case RECEIVE_PSYNC -> psyncReply(reply);
            default -> {
            }
        }
    }

    private void sendPort() {
        state = State.RECEIVE_PORT;
        send("REPLCONF", "listening-port", Integer.toString(repl.announcePort()));
    }

    private void sendCapa() {
        state = State.RECEIVE_CAPA;
        send("REPLCONF", "capa", "eof", "capa", "psync2");
    }

    private void psyncReply(String reply) throws IOException {
        if (reply.isEmpty()) {
            return; // the master keeps the link alive with newlines before it answers
        }
        if (reply.startsWith("+FULLRESYNC")) {
            String[] p = reply.split(" ");
            if (p.length < 3) {
                fail("Master replied with wrong +FULLRESYNC syntax.");
                return;
            }
            fullReplid = p[1];
            fullOffset = Long.parseLong(p[2].trim());
            LOG.info("Full resync from master: {}:{}", fullReplid, fullOffset);
            repl.failoverAccepted();
            repl.fullSyncStarting();
            state = State.TRANSFER;
            transferSize = -2; // header not read yet
            transferRead = 0;
            transferLastIoMillis = System.currentTimeMillis();
            return;
        }
        if (reply.startsWith("+CONTINUE")) {
            String[] p = reply.split(" ");
            String newId = p.length > 1 ? p[1].trim() : null;
            LOG.info("Successful partial resynchronization with master.");
            repl.failoverAccepted();
            repl.partialSyncAccepted(newId);
            state = State.CONNECTED;
            readOffset = repl.appliedOffset();
            LOG.info("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.");
            return;
        }
        if (reply.startsWith("-") && repl.failoverInProgress()) {
            LOG.warn("Failover target rejected psync request: {}", reply);
            repl.failoverRejected();
            close();
            return;
        }
        if (reply.startsWith("-NOMASTERLINK") || reply.startsWith("-LOADING")) {
            fail("Master is currently unable to PSYNC but should be in the future: " + reply);
            return;
        }
        fail("Unexpected reply to PSYNC from master: " + reply);
    }

    // ---- the RDB transfer --------------------------------------------------------------------------

    /** Consumes transfer bytes; false when more are needed. */
    private boolean transfer(ByteBuf in) throws IOException {
        transferLastIoMillis = System.currentTimeMillis();
        if (transferSize == -2) {
            String header = line(in);
            if (header == null) {
                return false;
            }
            if (header.isEmpty()) {
                return true; // keepalive newline while the master prepares the RDB
            }
            if (header.startsWith("-")) {
                fail("MASTER aborted replication with an error: " + header);
                return false;
            }
            if (!header.startsWith("$")) {
                fail("Bad protocol from MASTER, the first byte is not '$' (we received '" + header + "'), "
                        + "are you sure the host and port are right?");
                return false;
            }
            if (header.startsWith("$EOF:")) {
                eofMark = header.substring(5).getBytes(StandardCharsets.US_ASCII);
                transferSize = -1;
                LOG.info("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to {}",
                        repl.diskLoad() ? "disk" : "parser");
            } else {
                eofMark = null;
                transferSize = Long.parseLong(header.substring(1).trim());
                LOG.info("MASTER <-> REPLICA sync: receiving {} bytes from master to {}", transferSize,
                        repl.diskLoad() ? "disk" : "parser");
            }
            if (repl.diskLoad()) {
                sink = TransferSink.toFile(repl.tempTransferFile());
            } else {
                // Diskless load: parsed from the socket while it arrives, by the load thread
                streaming = true;
                sink = TransferSink.streaming(new SocketRdbStream(ctx.channel()));
                startLoad(sink);
            }
            return true;
        }
        if (eofMark == null) {
            int k = (int) Math.min(in.readableBytes(), transferSize - transferRead);
            sink.write(in, k);
            transferRead += k;
            if (transferRead == transferSize) {
                transferDone();
            }
            return state != State.TRANSFER ? true : in.isReadable();
        }
        int keep = eofMark.length;
        int n = in.readableBytes() - keep;
        if (n > 0) {
            sink.write(in, n);
            transferRead += n;
        }
        if (in.readableBytes() == keep && matches(in, eofMark)) {
            in.skipBytes(keep);
            transferDone();
            return true;
        }
        return false;
    }

    private static boolean matches(ByteBuf in, byte[] mark) {
        for (int i = 0; i < mark.length; i++) {
            if (in.getByte(in.readerIndex() + i) != mark[i]) {
                return false;
            }
        }
        return true;
    }

    private void transferDone() throws IOException {
        state = State.LOADING;
        ctx.channel().config().setAutoRead(false);
        TransferSink done = sink;
        sink = null;
        done.close();
        transferComplete = true;
        if (streaming) {
            LOG.info("MASTER <-> REPLICA sync: the RDB was received, waiting for its load to end");
            maybeLoaded();
        } else {
            startLoad(done);
        }
    }

    /** The load thread: reads the RDB from {@code from} (a received file, or the socket as it arrives). */
    private void startLoad(TransferSink from) {
        LOG.info("MASTER <-> REPLICA sync: Loading DB in memory");
        String replid = fullReplid;
        long offset = fullOffset;
        Thread t = new Thread(() -> {
            boolean ok = repl.loadFullSync(from, replid, offset);
            ctx.executor().execute(() -> {
                loadOk = ok;
                loadEnded = true;
                maybeLoaded();
            });
        }, "kv-repl-load");
        t.setDaemon(true);
        t.start();
    }

    /** On the loop: the load ended; the link goes on once the transfer ended too (a failure ends it at once). */
    private void maybeLoaded() {
        if (!loadEnded) {
            return;
        }
        if (!loadOk) {
            if (state == State.TRANSFER || state == State.LOADING) {
                state = State.LOADING;
                loaded(false);
            }
            return;
        }
        if (transferComplete) {
            loaded(true);
        }
    }

    private void loaded(boolean ok) {
        if (state != State.LOADING) {
            return;
        }
        if (!ok) {
            fail("Failed trying to load the MASTER synchronization DB");
            return;
        }
        state = State.CONNECTED;
        readOffset = repl.appliedOffset();
        LOG.info("MASTER <-> REPLICA sync: Finished with success");
        sendAck(); // the master puts a diskless replica online at its first ACK
        ctx.channel().config().setAutoRead(true);
        try {
            ByteBuf rest = internalBuffer();
            if (rest.isReadable()) {
                applyStream(rest); // disk transfers: the stream may follow the file in the same read
            }
        } catch (RuntimeException e) {
            fail("error applying the master's stream: " + e);
        }
    }

    // ---- the stream --------------------------------------------------------------------------------

    private static boolean is(byte[] a, String name) {
        if (a.length != name.length()) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            int c = a[i] | 0x20;
            if (c != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void applyStream(ByteBuf in) {
        java.util.concurrent.locks.ReentrantLock gate = repl.streamGate();
        gate.lock(); // an image's instant falls between batches: its data and offset agree
        try {
            applyBatch(in);
        } finally {
            gate.unlock();
        }
        repl.afterStreamBatch();
    }

    private void applyBatch(ByteBuf in) {
        while (state == State.CONNECTED && !repl.masterClientKilled()) {
            int start = in.readerIndex();
            byte[][] argv = parser.next(in);
            if (argv == null) {
                return;
            }
            int len = in.readerIndex() - start;
            readOffset += len;
            if (argv.length > 0 && is(argv[0], "replconf") && argv.length >= 2 && is(argv[1], "getack")) {
                sendAck(); // the offset before this command, as Redis answers it
            } else if (argv.length > 0 && !inMulti && is(argv[0], "multi")) {
                inMulti = true;
                multiBytes.reset();
                repl.applyFromMaster(argv);
            } else if (argv.length > 0) {
                repl.applyFromMaster(argv);
            }
            if (inMulti) {
                byte[] raw = new byte[len];
                in.getBytes(start, raw);
                multiBytes.write(raw, 0, len);
                if (argv.length > 0 && (is(argv[0], "exec") || is(argv[0], "discard"))) {
                    inMulti = false;
                    byte[] block = multiBytes.toByteArray();
                    multiBytes.reset();
                    repl.proxy(block, 0, block.length);
                }
            } else {
                repl.proxy(in, start, len);
            }
        }
    }

    /** REPLCONF ACK with the offset applied so far, and FACK (what the AOF fsynced) when there is an AOF. */
    void sendAck() {
        if (ctx != null && state == State.CONNECTED) {
            long fack = repl.fack();
            if (fack >= 0) {
                send("REPLCONF", "ACK", Long.toString(repl.appliedOffset()), "FACK", Long.toString(fack));
            } else {
                send("REPLCONF", "ACK", Long.toString(repl.appliedOffset()));
            }
        }
    }

    /** {@link #sendAck} from another thread (the AOF's fsync). */
    void sendAckLater() {
        ChannelHandlerContext c = ctx;
        if (c != null && state == State.CONNECTED) {
            c.executor().execute(this::sendAck);
        }
    }

    // ---- ending ------------------------------------------------------------------------------------

    private void fail(String why) {
        LOG.warn("{}", why);
        close();
    }

    /** Closes the link; the cron reconnects while this server is a replica. */
    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (state != State.CLOSED && state != State.LOADING) {
            LOG.info("Connection with master lost.");
        }
        if (state != State.LOADING) {
            state = State.CLOSED;
        }
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        if (inMulti) {
            inMulti = false;
            multiBytes.reset();
            repl.discardMasterTransaction(); // resumes at the MULTI after a partial resync
        }
        repl.linkDisconnected(ctx.channel());
        repl.linkClosed(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("Error on the link with the master: {}", cause.toString());
        close();
    }

    /** Where the RDB goes while it arrives: a temporary file (disk load) or memory (diskless load). */
    abstract static class TransferSink {
        abstract void write(ByteBuf in, int n) throws IOException;

        abstract void close() throws IOException;

        abstract void discard();

        /** The RDB to load. */
        abstract java.io.InputStream open() throws IOException;

        abstract long size();

        /** The file that was received (disk load), or null. */
        java.nio.file.Path file() {
            return null;
        }

        static TransferSink toFile(java.nio.file.Path path) throws IOException {
            java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(path,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
            return new TransferSink() {
                long size;

                @Override
                void write(ByteBuf in, int n) throws IOException {
                    int left = n;
                    while (left > 0) {
                        left -= in.readBytes(ch, left);
                    }
                    size += n;
                }

                @Override
                void close() throws IOException {
                    ch.force(false);
                    ch.close();
                }

                @Override
                void discard() {
                    try {
                        ch.close();
                        java.nio.file.Files.deleteIfExists(path);
                    } catch (IOException e) {
                        LOG.debug("discarding the transfer file: {}", e.toString());
                    }
                }

                @Override
                java.io.InputStream open() throws IOException {
                    return new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(path), 1 << 16);
                }

                @Override
                long size() {
                    return size;
                }

                @Override
                java.nio.file.Path file() {
                    return path;
                }
            };
        }

        /** The bytes go to the load thread as they arrive (Redis's diskless load). */
        static TransferSink streaming(SocketRdbStream pipe) {
            return new TransferSink() {
                @Override
                void write(ByteBuf in, int n) {
                    pipe.offer(in, n);
                }

                @Override
                void close() {
                    pipe.end();
                }

                @Override
                void discard() {
                    pipe.fail("the link with the master was lost during the transfer");
                }

                @Override
                java.io.InputStream open() {
                    return pipe;
                }

                @Override
                long size() {
                    return -1;
                }
            };
        }
    }
}
