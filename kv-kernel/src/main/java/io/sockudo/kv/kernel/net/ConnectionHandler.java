package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.KvException;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Runs the commands of one connection on its event loop. Replies of a whole read batch go into
 * one buffer that is flushed once, when the batch has been read (pipelining without a syscall
 * per reply).
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    // Byte for byte what redis-server 7.0.15 sends (typo "Setup a an" included).
    static final String PROTECTED_MODE_MESSAGE = "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";

    private final Kernel kernel;
    private final RespWriter writer = new RespWriter();
    private Client client;
    private ExecutionContext exec;
    private ChannelHandlerContext channelCtx;
    /**
     * Commands not run yet, in arrival order: those received while the client is blocked, or
     * held by CLIENT PAUSE (the held command first). Replayed by {@link #drain}.
     */
    private final java.util.ArrayDeque<byte[][]> pending = new java.util.ArrayDeque<>();
    /** True while the head of {@link #pending} is a command held by CLIENT PAUSE. */
    private boolean holding;
    /** Commands run in the current read batch (drives {@link CommandClock} refreshes). */
    private int batchCommands;

    public ConnectionHandler(Kernel kernel) {
        this.kernel = kernel;
    }

    /** The client of this connection (for the decoder's authentication checks). */
    public boolean authPending() {
        return kernel.authRequired() && (client == null || !client.authenticated());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.channelCtx = ctx;
        client = new Client(kernel.clients.nextId(), ctx.channel());
        exec = new ExecutionContext(kernel, client, writer);
        exec.onUnblocked = this::resume;
        if (kernel.clients.size() >= kernel.config.getLong("maxclients")) {
            kernel.clients.rejectedConnections.increment();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
                    "-ERR max number of clients reached\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .addListener(f -> ctx.close());
            return;
        }
        if (protectedModeRefuses(ctx)) {
            kernel.clients.rejectedConnections.increment();
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(("-" + PROTECTED_MODE_MESSAGE + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII))).addListener(f -> ctx.close());
            return;
        }
        kernel.clients.add(client);
        kernel.connectionListeners.forEach(l -> l.opened(client));
    }

    private boolean protectedModeRefuses(ChannelHandlerContext ctx) {
        return protectedModeRefuses(kernel.config.getBoolean("protected-mode"), kernel.authRequired(),
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

    private ByteBuf out() {
        ByteBuf out = writer.target();
        if (out == null) {
            out = channelCtx.alloc().ioBuffer(512);
            writer.target(out);
        }
        return out;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof byte[][] argv) {
            if (client.closeAfterReply()) {
                return;
            }
            if (client.blocked != null || !pending.isEmpty()) {
                pending.addLast(argv);
                return;
            }
            run(ctx, argv);
        } else if (msg instanceof ProtocolError err) {
            if (client.blocked != null || !pending.isEmpty()) {
                pending.addLast(PROTOCOL_ERROR_MARK);
                pendingError = err;
                return;
            }
            protocolError(ctx, err);
        }
    }

    private ProtocolError pendingError;
    /** Stands for a protocol error in {@link #pending} (ArrayDeque takes no nulls). */
    private static final byte[][] PROTOCOL_ERROR_MARK = new byte[0][];

    private void protocolError(ChannelHandlerContext ctx, ProtocolError err) {
        out();
        writer.error(err.message());
        flush(ctx);
        ctx.close();
    }

    /** Called on this connection's event loop when a blocked client is released. */
    private void resume() {
        drain(channelCtx);
    }

    /**
     * Runs queued commands in order until the queue is empty or the client is blocked or held
     * again. Runs on this connection's event loop.
     */
    private void drain(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            pending.clear();
            return;
        }
        holding = false;
        while (client.blocked == null && !holding && !pending.isEmpty()) {
            byte[][] argv = pending.pollFirst();
            if (argv == PROTOCOL_ERROR_MARK) {
                protocolError(ctx, pendingError);
                return;
            }
            run(ctx, argv);
        }
        exec.inBatch = false;
        flush(ctx);
        if (!holding) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void run(ChannelHandlerContext ctx, byte[][] argv) {
        // One clock read per read batch (and every 64 commands of a long one) instead of several per command.
        if (!exec.inBatch || (++batchCommands & 63) == 0) {
            CommandClock.refresh();
            if (!exec.inBatch) {
                exec.lastNanos = System.nanoTime();
            }
            exec.inBatch = true;
        }
        ByteBuf out = out();
        int mark = out.writerIndex();
        kernel.dispatcher.execute(exec, argv);
        if (client.postponed) {
            client.postponed = false;
            hold(ctx, argv);
            return;
        }
        applyReplyMode(out, mark);
        if (client.closeAfterReply() || client.killed) {
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
        ctx.channel().config().setAutoRead(false);
        Runnable wake = () -> ctx.executor().execute(() -> drainHeld(ctx));
        kernel.pause.onChange(wake);
        long wait = kernel.pause.remainingMillis(System.currentTimeMillis());
        ctx.executor().schedule(() -> drainHeld(ctx), wait + 1, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** A pause ended or changed: replay held commands (one still covered is held again). */
    private void drainHeld(ChannelHandlerContext ctx) {
        if (holding) {
            drain(ctx);
        }
    }

    /** CLIENT REPLY OFF/SKIP: drop what the command wrote (checked after it ran, as Redis checks at write time). */
    private void applyReplyMode(ByteBuf out, int mark) {
        if (client.replyOff || client.replySkip) {
            out.writerIndex(mark);
        }
        client.replySkip = false;
        if (client.replySkipNext) {
            client.replySkip = true;
            client.replySkipNext = false;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        exec.inBatch = false;
        flush(ctx);
    }

    private void flush(ChannelHandlerContext ctx) {
        ByteBuf out = writer.target();
        if (out == null) {
            return;
        }
        writer.target(null);
        if (out.isReadable()) {
            kernel.stats.netOutputBytes.add(out.readableBytes());
            ctx.writeAndFlush(out, ctx.voidPromise());
        } else {
            out.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.clear();
        holding = false;
        if (client != null) {
            kernel.clients.remove(client);
            kernel.connectionListeners.forEach(l -> l.closed(client));
        }
        ByteBuf out = writer.target();
        if (out != null) {
            writer.target(null);
            out.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof IOException) && !(cause instanceof KvException)) {
            org.slf4j.LoggerFactory.getLogger(ConnectionHandler.class).warn("connection error", cause);
        }
        ctx.close();
    }
}
