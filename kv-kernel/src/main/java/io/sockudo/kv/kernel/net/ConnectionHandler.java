package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.unix.Socket;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.concurrent.EventExecutor;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.PushSink;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.resp.SpareChunk;
import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.KvException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Runs the commands of one connection on its event loop and sends their replies.
 *
 * <p><b>Batches.</b> Replies of the commands of one socket read are queued on the channel as they
 * are produced ({@link RespWriter} hands over 64 KB chunks and large values as their own
 * buffers) and flushed once when the read has been handled: pipelining costs one write system
 * call per batch, not one per reply. A batch whose replies pass {@link #FLUSH_EARLY} bytes is
 * flushed on the way, so the socket drains a long reply while it is being produced.
 *
 * <p><b>Direct sends.</b> When a batch's replies fit in one chunk and nothing is waiting in
 * Netty's outbound buffer (the usual case without pipelining), the chunk is sent with one
 * {@code send} on the socket at the flush, as Redis writes replies before it sleeps; only what
 * the socket does not take goes through Netty's write path, which waits for the socket to drain.
 * That skips Netty's per-write machinery (pipeline, outbound entry, promise) and the chunk goes
 * back to the loop's {@link SpareChunk} instead of the pool.
 *
 * <p><b>Fairness.</b> A connection whose commands produced {@link #SLICE_BYTES} of output in one
 * turn of the event loop yields: it stops reading, keeps its remaining commands in order in
 * {@link #pending}, and continues in a task queued behind the other connections of the loop. So a
 * client fetching large values cannot hold the loop for the length of its pipeline.
 *
 * <p><b>Output limits.</b> Whenever replies are queued, the connection's pending output (what
 * the socket has not taken yet) is checked against {@code client-output-buffer-limit}; a client
 * over its limit is closed at once, its pending output released, and the rest of the command's
 * reply discarded, as Redis frees such a client asynchronously.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter implements PushSink {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    // Byte for byte what redis-server 7.0.15 sends (typo "Setup a an" included).
    static final String PROTECTED_MODE_MESSAGE = "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";
    static final String SECURITY_WARNING = "Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.";

    /** Unflushed replies past this are flushed before the batch ends. */
    static final int FLUSH_EARLY = 256 * 1024;
    /** Output one connection may produce in one turn of the event loop before it yields. */
    static final int SLICE_BYTES = 1024 * 1024;

    /** When the cross-protocol warning was last logged (Redis logs it at most once a minute). */
    private static volatile long securityWarningLogged = Long.MIN_VALUE / 2;

    private final ConnectionServices services;
    private RespWriter writer;
    private Client client;
    private ExecutionContext exec;
    private ChannelHandlerContext channelCtx;
    /** This connection's decoder (its query buffer, for client eviction); null in some tests. */
    private RespDecoder decoder;
    /**
     * Commands not run yet, in arrival order: those received while the client is blocked, held
     * by CLIENT PAUSE (the held command first), or left when the connection yielded. Replayed by
     * {@link #drain}.
     */
    private final PendingCommands pending = new PendingCommands();
    /** True while the head of {@link #pending} is a command held by CLIENT PAUSE. */
    private boolean holding;
    /** True between yielding and the task that continues with {@link #pending}. */
    private boolean yielded;
    /** The connection is being closed (output limit, cross-protocol request): run nothing more. */
    private boolean closing;
    /** Commands run in the current read batch (drives {@link CommandClock} refreshes). */
    private int batchCommands;
    /** Bytes queued on the channel since the last flush. */
    private long unflushed;
    /** The connection's socket when replies may be sent directly (a plain TCP or Unix socket), else null. */
    private Socket directSocket;
    /** True while {@link #flush} finishes the writer: the chunk it queues is the batch's last. */
    private boolean flushing;
    /** Bytes produced in the current turn of the event loop (see {@link #SLICE_BYTES}). */
    private long sliceBytes;
    private ProtocolError pendingError;
    /** Stands for a protocol error in {@link #pending} (the queue takes no nulls). */
    private static final byte[][] PROTOCOL_ERROR_MARK = new byte[0][];
    private final Runnable continueAfterYield = this::continueAfterYield;
    /** Messages pushed to this client from any thread, written by {@link #drainPushes}. */
    private final PushQueue pushes = new PushQueue();
    private final Runnable drainPushes = this::drainPushes;

    public ConnectionHandler(ConnectionServices services) {
        this.services = services;
    }

    /** The client of this connection (for the decoder's authentication checks). */
    public boolean authPending() {
        return services.auth().required() && (client == null || !client.authenticated());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.channelCtx = ctx;
        decoder = ctx.pipeline().get(RespDecoder.class);
        writer = new RespWriter(ctx.alloc(), this::queue);
        directSocket = directSocket(ctx.channel());
        client = new Client(services.clients().nextId(), ctx.channel());
        exec = new ExecutionContext(services.environment(), client, writer);
        exec.onUnblocked(this::resume);
        if (services.clients().size() >= services.config().getLong("maxclients")) {
            services.clients().rejectedConnections.increment();
            refuse(ctx, "-ERR max number of clients reached\r\n");
            return;
        }
        if (protectedModeRefuses(ctx)) {
            services.clients().rejectedConnections.increment();
            refuse(ctx, "-" + PROTECTED_MODE_MESSAGE + "\r\n");
            return;
        }
        client.pushSink(this);
        services.clients().add(client);
        services.listeners().opened(client);
        if (decoder != null) {
            decoder.deliverTo(this::commandParsed);
        }
    }

    /**
     * The socket replies may be written to directly: a native (epoll) socket whose pipeline has no
     * outbound handler (no TLS) to transform what is written. Null otherwise.
     */
    static Socket directSocket(Channel ch) {
        if (!(ch instanceof UnixChannel unix) || !(unix.fd() instanceof Socket socket)) {
            return null;
        }
        for (java.util.Map.Entry<String, ChannelHandler> e : ch.pipeline()) {
            if (e.getValue() instanceof ChannelOutboundHandler) {
                return null;
            }
        }
        return socket;
    }

    private static void refuse(ChannelHandlerContext ctx, String reply) {
        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(reply.getBytes(StandardCharsets.US_ASCII)))
                .addListener(f -> ctx.close());
    }

    private boolean protectedModeRefuses(ChannelHandlerContext ctx) {
        return protectedModeRefuses(services.config().getBoolean("protected-mode"), services.auth().required(),
                ctx.channel().remoteAddress());
    }

    /** Redis's rule: with protected mode on and no password, only loopback (or local socket) peers may connect. */
    static boolean protectedModeRefuses(boolean protectedMode, boolean authRequired, java.net.SocketAddress peer) {
        if (!protectedMode || authRequired) {
            return false;
        }
        if (peer instanceof InetSocketAddress a) {
            return a.getAddress() != null && !a.getAddress().isLoopbackAddress();
        }
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // A client killed from another event loop (CLIENT KILL, ACL changes) runs nothing more
        // while its close is on its way, as Redis skips the input of a CLOSE_ASAP client.
        if (closing || client.closeAfterReply() || client.killed()) {
            return;
        }
        if (msg instanceof byte[][] argv) {
            if (client.blocked() != null || !pending.isEmpty() || yielded) {
                pending.addLast(argv);
                return;
            }
            run(ctx, argv);
            if (sliceBytes >= SLICE_BYTES) {
                yieldTurn(ctx);
            }
        } else if (msg instanceof ProtocolError err) {
            if (client.blocked() != null || !pending.isEmpty() || yielded) {
                pending.addLast(PROTOCOL_ERROR_MARK);
                pendingError = err;
                return;
            }
            protocolError(ctx, err);
        }
    }

    /** A command straight from the decoder ({@link RespDecoder#deliverTo}): as if fired down the pipeline. */
    private void commandParsed(byte[][] argv) {
        try {
            channelRead(channelCtx, argv);
        } catch (Throwable e) {
            // what Netty does with a handler's exception: this handler's exceptionCaught
            exceptionCaught(channelCtx, e);
        }
    }

    private void protocolError(ChannelHandlerContext ctx, ProtocolError err) {
        if (err == ProtocolError.CROSS_PROTOCOL) {
            crossProtocolAttempt(ctx);
            return;
        }
        writer.error(err.message());
        flush(ctx);
        ctx.close();
    }

    /**
     * A {@code POST} or {@code Host:} request (an HTTP request sent to the server, e.g. by a web
     * page): close without sending anything, not even the replies already produced, as Redis does.
     */
    private void crossProtocolAttempt(ChannelHandlerContext ctx) {
        long now = System.currentTimeMillis();
        if (Math.abs(now - securityWarningLogged) > 60_000) {
            securityWarningLogged = now;
            LOG.warn(SECURITY_WARNING);
        }
        closeNow(ctx);
    }

    /** Closes the connection without sending what is still queued. */
    private void closeNow(ChannelHandlerContext ctx) {
        closing = true;
        pending.clear();
        writer.discard(true);
        ctx.close();
    }

    /**
     * Called on this connection's event loop when a blocked client is released. It runs in a task
     * (an offloaded command's completion, a served waiter), where an exception would be swallowed
     * by the event loop and leave the queued commands waiting forever: such a failure closes the
     * connection instead, as it would in {@link #channelRead}.
     */
    private void resume() {
        try {
            drain(channelCtx);
        } catch (Throwable e) {
            exceptionCaught(channelCtx, e);
        }
    }

    /**
     * Runs queued commands in order until the queue is empty, the client is blocked or held
     * again, or the connection yields once more. Runs on this connection's event loop.
     */
    private void drain(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive() || closing || client.killed()) {
            pending.clear();
            return;
        }
        holding = false;
        while (client.blocked() == null && !holding && !yielded && !closing && !pending.isEmpty()) {
            byte[][] argv = pending.pollFirst();
            if (argv == PROTOCOL_ERROR_MARK) {
                protocolError(ctx, pendingError);
                return;
            }
            run(ctx, argv);
            if (sliceBytes >= SLICE_BYTES) {
                yieldTurn(ctx);
            }
        }
        exec.inBatch(false);
        flush(ctx);
        noteQueryBuffer(); // the queued commands just run leave the query buffer (CLIENT LIST qbuf)
        if (!holding && !yielded && !closing) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Records the query buffer's size for CLIENT LIST, INFO and client eviction (one compare when unchanged). */
    private void noteQueryBuffer() {
        if (decoder != null) {
            long q = queryBufferBytes();
            if (q != client.queryBufferBytes()) {
                client.queryBufferBytes(q);
            }
        }
    }

    /**
     * This connection produced a lot in this turn: stop reading, and continue with the pending
     * commands in a task queued behind the other connections of the event loop.
     */
    private void yieldTurn(ChannelHandlerContext ctx) {
        if (yielded || closing) {
            return;
        }
        yielded = true;
        ctx.channel().config().setAutoRead(false);
        // A scheduled task, not execute(): the loop runs tasks queued with execute() in the same
        // round until the queue is empty (up to a second), so a connection re-queueing itself
        // would not let the others' I/O in; due scheduled tasks are taken once per round.
        ctx.executor().schedule(continueAfterYield, 0, TimeUnit.NANOSECONDS);
    }

    private void continueAfterYield() {
        yielded = false;
        exec.inBatch(false);
        resume();
    }

    private void run(ChannelHandlerContext ctx, byte[][] argv) {
        // One clock read per read batch (and every 64 commands of a long one) instead of several per command.
        if (!exec.inBatch() || (++batchCommands & 63) == 0) {
            CommandClock.refresh();
            if (!exec.inBatch()) {
                exec.lastNanos(System.nanoTime());
                sliceBytes = 0;
            }
            exec.inBatch(true);
        }
        // CLIENT REPLY OFF/SKIP: the command's reply is encoded and dropped (CLIENT REPLY ON ends it).
        boolean silent = client.replyOff() || client.replySkip();
        if (silent) {
            writer.discard(true);
        }
        services.dispatcher().execute(exec, argv);
        if (silent && !closing) {
            writer.discard(false);
        }
        if (client.postponed()) {
            client.postponed(false);
            hold(ctx, argv);
            return;
        }
        if (client.requeue()) {
            // waits for the client's scripts: replayed, in order, when the client is unblocked
            client.requeue(false);
            pending.addFirst(argv);
            return;
        }
        client.replySkip(false);
        if (client.replySkipNext()) {
            client.replySkip(true);
            client.replySkipNext(false);
        }
        if (closing) {
            return;
        }
        if (client.closeAfterReply() || client.killed()) {
            flush(ctx);
            ctx.close();
        }
    }

    /**
     * CLIENT PAUSE covers the command just received: keep it at the head of the queue (and stop
     * reading) until the pause ends or changes, then replay it and whatever arrived after it.
     */
    private void hold(ChannelHandlerContext ctx, byte[][] argv) {
        pending.addFirst(argv);
        holding = true;
        if (client.blocked() == null) {
            client.blocked(Client.PAUSED);
        }
        ctx.channel().config().setAutoRead(false);
        Runnable wake = () -> ctx.executor().execute(() -> drainHeld(ctx));
        services.pause().onChange(wake);
        long wait = services.pause().remainingMillis(System.currentTimeMillis());
        ctx.executor().schedule(() -> drainHeld(ctx), wait + 1, TimeUnit.MILLISECONDS);
    }

    /** A pause ended or changed: replay held commands (one still covered is held again). */
    private void drainHeld(ChannelHandlerContext ctx) {
        if (holding) {
            if (client.blocked() == Client.PAUSED) {
                client.blocked(null);
            }
            resume();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        exec.inBatch(false);
        // the query buffer is noted even while client eviction is off (one compare when nothing
        // is held), so that turning it on sees the clients already holding big input
        noteQueryBuffer();
        if (services.eviction().enabled() && !closing) {
            services.eviction().update(client, null);
            if (!ctx.channel().isActive()) {
                return; // evicted
            }
        }
        if (services.groupCommit().getAsBoolean()) {
            writer.finish();
            if (unflushed > 0 && !inReplyBatch) {
                inReplyBatch = true;
                ReplyBatch.join(ctx.executor(), this, services.beforeReplies());
            }
            return;
        }
        flush(ctx);
    }

    /** In this loop's {@link ReplyBatch}, waiting for the AOF to be durable before flushing. */
    private boolean inReplyBatch;

    /** The batch made the AOF durable: flush what this connection has queued. */
    void flushBatched() {
        inReplyBatch = false;
        if (channelCtx != null && unflushed > 0) {
            unflushed = 0;
            channelCtx.flush();
        }
    }

    /**
     * Queues a message for this client from any thread. Bounded: a client whose queued messages
     * pass its class's hard limit (or the safety limit) is closed without waiting for its loop.
     */
    @Override
    public void push(ByteBuf message) {
        if (!enqueuePush(message, message.readableBytes())) {
            message.release();
        }
    }

    @Override
    public void push(byte[] message) {
        enqueuePush(message, message.length);
    }

    /**
     * Queues a message from any thread, or refuses it (closing, or over the class's hard limit or
     * the safety limit: then the client is closed without waiting for its loop).
     */
    private boolean enqueuePush(Object message, int size) {
        if (closing || channelCtx == null) {
            return false;
        }
        EventExecutor loop = channelCtx.executor();
        if (services.outputGuard().overHardLimit(client, pushes.bytes() + size)) {
            loop.execute(this::closeForOutputLimit);
            return false;
        }
        if (pushes.add(message, size, loop.inEventLoop())) {
            loop.execute(drainPushes);
        }
        return true;
    }

    /** Writes the queued pushes after what the connection already queued, then flushes once. */
    private void drainPushes() {
        pushes.draining();
        if (closing) {
            pushes.discard();
            return;
        }
        // Small messages are copied into the reply chunks (one outbound buffer for many messages);
        // large ones go out as their own view. Either way a shared message stays unchanged.
        for (Object m; (m = pushes.poll()) != null; ) {
            byte[] array = m instanceof byte[] a ? a : null;
            ByteBuf buf = array == null ? (ByteBuf) m : null;
            if (PushQueue.size(m) < RespWriter.LARGE) {
                if (array != null) {
                    writer.raw(array);
                } else {
                    writer.raw(buf);
                }
            } else {
                writer.finish();
                queue(array != null ? Unpooled.wrappedBuffer(array) : buf.retainedDuplicate());
            }
            if (buf != null) {
                buf.release();
            }
        }
        flush(channelCtx);
    }

    private void closeForOutputLimit() {
        if (!closing) {
            LOG.warn("Client {} scheduled to be closed ASAP for overcoming of output buffer limits.",
                    services.describer().describe(client));
            closeNow(channelCtx);
        }
    }

    /** The writer's sink: queues a finished chunk of replies on the channel. */
    private void queue(ByteBuf chunk) {
        int n = chunk.readableBytes();
        services.stats().netOutputBytes.add(n);
        sliceBytes += n;
        if (flushing && unflushed == 0 && sendNow(chunk)) {
            return;
        }
        channelCtx.write(chunk, channelCtx.voidPromise());
        unflushed += n;
        if (unflushed >= FLUSH_EARLY) {
            unflushed = 0;
            services.beforeReplies().run();
            channelCtx.flush();
        }
        checkOutputLimit();
    }

    /**
     * Closes the client when its pending output passed its class's limits (or the safety limit).
     * A connection the peer closed also stops accumulating: what a long command still produces
     * for it is discarded, and the command can see that it may stop ({@code discarding()}).
     */
    private void checkOutputLimit() {
        if (closing) {
            return;
        }
        if (!channelCtx.channel().isActive()) {
            closeNow(channelCtx);
            return;
        }
        long used = client.outputBufferMemory() + pushes.bytes();
        if (services.outputGuard().exceeded(client, used, CommandClock.millis())) {
            closeForOutputLimit();
        } else if (services.eviction().enabled()) {
            measureForEviction(client); // a command of this client may be producing this: never evict it now
        }
    }

    /**
     * maxmemory-clients: this client's query buffer and output measured again; when all clients
     * together reach the limit, the largest are closed (except {@code running}, whose command is
     * on its way).
     */
    private void measureForEviction(Client running) {
        client.queryBufferBytes(queryBufferBytes());
        services.eviction().update(client, running);
    }

    /** Redis's query buffer: input not parsed yet, and the commands parsed and waiting to run. */
    private long queryBufferBytes() {
        return (decoder == null ? 0 : decoder.queryBufferBytes()) + pending.bytes();
    }

    /**
     * Sends a batch's only chunk straight to the socket when nothing is queued before it (see
     * the class comment). True when the socket took all of it; false when Netty's write path must
     * take it, or the rest of it: the socket is full, the connection has output waiting, or the
     * send failed (Netty's write then meets the error and closes the connection as usual).
     */
    private boolean sendNow(ByteBuf chunk) {
        Socket socket = directSocket;
        if (socket == null || !chunk.hasMemoryAddress() || !socket.isOpen()) {
            return false;
        }
        ChannelOutboundBuffer pendingOutput = channelCtx.channel().unsafe().outboundBuffer();
        if (pendingOutput == null || pendingOutput.totalPendingWriteBytes() != 0) {
            return false;
        }
        services.beforeReplies().run(); // no reply may announce a write the AOF does not hold yet
        int sent;
        try {
            sent = socket.sendAddress(chunk.memoryAddress(), chunk.readerIndex(), chunk.writerIndex());
        } catch (IOException e) {
            return false;
        }
        if (sent == chunk.readableBytes()) {
            SpareChunk.give(chunk);
            return true;
        }
        chunk.skipBytes(sent);
        return false;
    }

    private void flush(ChannelHandlerContext ctx) {
        flushing = true;
        try {
            writer.finish();
        } finally {
            flushing = false;
        }
        if (unflushed > 0) {
            unflushed = 0;
            services.beforeReplies().run(); // no reply may announce a write the AOF does not hold yet
            ctx.flush();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
        holding = false;
        if (client != null && client.blocked() == Client.PAUSED) {
            client.blocked(null);
        }
        closing = true;
        pushes.discard();
        if (client != null) {
            services.clients().remove(client);
            services.eviction().removed(client);
            services.listeners().closed(client);
        }
        if (writer != null) {
            writer.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException) && !(cause instanceof KvException)) {
            LOG.warn("connection error", cause);
        }
        ctx.close();
    }
}
