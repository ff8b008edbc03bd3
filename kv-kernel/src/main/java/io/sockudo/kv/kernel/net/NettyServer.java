package io.sockudo.kv.kernel.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP front end: native epoll when available (NIO otherwise), one pipeline per connection
 * of {@link RespDecoder} then {@link ConnectionHandler}.
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    private final ConnectionServices services;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private String transport;
    /** Allocates the arrays of multi-megabyte arguments off the event loops (see RespDecoder). */
    private final java.util.concurrent.ExecutorService bigArgAllocator =
            java.util.concurrent.Executors.newSingleThreadExecutor(new DefaultThreadFactory("kv-alloc", true));

    public NettyServer(ConnectionServices services) {
        this.services = services;
    }

    /** Binds every address of {@code bind} on {@code port} (0 = ephemeral) and returns the port bound. */
    public int start(List<String> bindAddresses, int port) throws InterruptedException {
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("sockudo.kv.nio");
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        transport = epoll ? "epoll" : "nio";
        int threads = (int) services.config().getLong("event-loop-threads");
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kv-accept", true), factory);
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("kv-io", true), factory);
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, (int) services.config().getLong("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Reads grow to 256 KB for large uploads (fewer recv calls) and start small; the
                // buffer is pooled and released once decoded, so nothing stays per connection.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 2048, 256 * 1024))
                .childOption(ChannelOption.SO_KEEPALIVE, services.config().getLong("tcp-keepalive") > 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ConnectionHandler handler = new ConnectionHandler(services);
                        ch.pipeline().addLast("resp-decoder", new RespDecoder(services.limits(), handler::authPending,
                                services.stats().netInputBytes, bigArgAllocator));
                        ch.pipeline().addLast("commands", handler);
                    }
                });
        int bound = port;
        for (String addr : bindAddresses) {
            String host = addr.startsWith("-") ? addr.substring(1) : addr;
            boolean optional = addr.startsWith("-");
            if (host.equals("*")) {
                host = "0.0.0.0";
            } else if (host.equals("::*")) {
                host = "::";
            }
            try {
                Channel ch = b.bind(new InetSocketAddress(host, bound)).sync().channel();
                listeners.add(ch);
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
            } catch (Exception e) {
                if (!optional) {
                    throw new IllegalStateException("could not bind " + host + ":" + bound + ": " + e.getMessage(), e);
                }
                LOG.debug("optional bind {} failed: {}", host, e.toString());
            }
        }
        if (listeners.isEmpty()) {
            throw new IllegalStateException("no address could be bound");
        }
        LOG.info("listening on port {} ({} transport, {} event loop thread(s))", bound, transport, threads);
        if (!io.netty.util.internal.PlatformDependent.useDirectBufferNoCleaner()) {
            // Large replies then use zeroed, GC-freed buffers: slower, and direct memory can run out.
            LOG.warn("Netty cannot manage direct buffers itself (start the JVM with "
                    + "-Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/java.nio=io.netty.common "
                    + "--add-opens java.base/jdk.internal.misc=io.netty.common, as bin/sockudo-kv does)");
        }
        return bound;
    }

    public String transport() {
        return transport;
    }

    /** Runs a task on an event loop of the server (timers such as the active expire cycle). */
    /** The socket class for outgoing connections on {@link #workers()} (a replica's link to its master). */
    public Class<? extends Channel> clientChannelClass() {
        return "epoll".equals(transport) ? io.netty.channel.epoll.EpollSocketChannel.class
                : io.netty.channel.socket.nio.NioSocketChannel.class;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        bigArgAllocator.shutdownNow();
    }
}
