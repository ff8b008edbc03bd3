package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sockudo.kv.kernel.Kernel;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.command.ExecutionContext;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.KvException;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Runs the commands of one connection on its event loop. Replies of a whole read batch go into
 * one buffer that is flushed once, when the batch has been read (pipelining without a syscall
 * per reply).
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    static final String PROTECTED_MODE_MESSAGE = "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";

    private final Kernel kernel;
    private final RespWriter writer = new RespWriter();
    private Client client;
    private ExecutionContext exec;
    private ChannelHandlerContext channelCtx;
    /** Commands received while the client is blocked, run in order once it is released. */
    private final java.util.ArrayDeque<byte[][]> pending = new java.util.ArrayDeque<>();

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
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(("-" + PROTECTED_MODE_MESSAGE + "\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII))).addListener(f -> ctx.close());
            return;
        }
        kernel.clients.add(client);
        kernel.connectionListeners.forEach(l -> l.opened(client));
    }

    private boolean protectedModeRefuses(ChannelHandlerContext ctx) {
        if (!kernel.config.getBoolean("protected-mode") || kernel.authRequired()) {
            return false;
        }
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
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

    /** Runs the commands that arrived while the client was blocked (on this connection's event loop). */
    private void resume() {
        if (!channelCtx.channel().isActive()) {
            pending.clear();
            return;
        }
        while (client.blocked == null && !pending.isEmpty()) {
            byte[][] argv = pending.pollFirst();
            if (argv == PROTOCOL_ERROR_MARK) {
                protocolError(channelCtx, pendingError);
                return;
            }
            run(channelCtx, argv);
        }
        flush(channelCtx);
    }

    private void run(ChannelHandlerContext ctx, byte[][] argv) {
        ByteBuf out = out();
        int mark = out.writerIndex();
        kernel.dispatcher.execute(exec, argv);
        applyReplyMode(out, mark);
        if (client.closeAfterReply() || client.killed) {
            flush(ctx);
            ctx.close();
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
