package io.sockudo.kv.kernel.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sockudo.kv.kernel.tls.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP front end: native epoll when available (NIO otherwise), one pipeline per connection
 * of {@link RespDecoder} then {@link ConnectionHandler}; on the TLS port an SslHandler (OpenSSL
 * or the JDK's engine, contexts from {@link TlsContexts}) comes first.
 */
public final class NettyServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyServer.class);

    private final ConnectionServices services;
    private EventLoopGroup boss;
    /** event-loop-spin-us in nanoseconds, read by every client loop's SpinThenSelect at each wait. */
    private volatile long spinNanos;
    private EventLoopGroup workers;
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Channel> tlsListeners = new ArrayList<>();
    private volatile int tlsPort;
    private List<String> bindAddresses = List.of();
    private Class<? extends ServerChannel> channelClass;
    private TlsContexts tls;
    private String transport;
    /** Allocates the arrays of multi-megabyte arguments off the event loops (see RespDecoder). */
    private final java.util.concurrent.ExecutorService bigArgAllocator =
            java.util.concurrent.Executors.newSingleThreadExecutor(new DefaultThreadFactory("kv-alloc", true));

    public NettyServer(ConnectionServices services) {
        this.services = services;
    }

    /**
     * Binds every address of {@code bind} on {@code port} (0 = ephemeral) and returns the port
     * bound; with a {@code tlsPort}, also a TLS listener there (see {@link #startTls}).
     */
    public int start(List<String> bindAddresses, int port) throws InterruptedException {
        return start(bindAddresses, port, 0, null);
    }

    /**
     * Binds the plain listener on {@code port} and the TLS listener on {@code tlsPort}. As in
     * Redis, {@code port 0} beside a TLS port means TLS only; without a TLS port, 0 binds an
     * ephemeral port (the test kit's servers).
     *
     * @return the plain port bound, 0 when TLS only
     */
    public int start(List<String> bindAddresses, int port, int tlsPort, TlsContexts tls) throws InterruptedException {
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("sockudo.kv.nio");
        IoHandlerFactory factory = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        // Client connections' loops poll briefly before they sleep (see SpinThenSelect); the accept
        // loop just sleeps.
        readSpinBudget();
        services.config().onChange("event-loop-spin-us", v -> readSpinBudget());
        SelectStrategyFactory spin = () -> new SpinThenSelect(() -> spinNanos);
        IoHandlerFactory clientFactory = epoll ? EpollIoHandler.newFactory(0, spin)
                : NioIoHandler.newFactory(SelectorProvider.provider(), spin);
        channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        transport = epoll ? "epoll" : "nio";
        this.bindAddresses = List.copyOf(bindAddresses);
        this.tls = tls;
        int threads = (int) services.config().getLong("event-loop-threads");
        boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kv-accept", true), factory);
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("kv-io", true), clientFactory);
        int bound = 0;
        if (port != 0 || tlsPort == 0) {
            bound = bindAll(bootstrap(false), port, listeners);
            LOG.info("listening on port {} ({} transport, {} event loop thread(s))", bound, transport, threads);
        }
        if (tlsPort != 0) {
            startTls(tlsPort);
        }
        if (!io.netty.util.internal.PlatformDependent.useDirectBufferNoCleaner()) {
            // Large replies then use zeroed, GC-freed buffers: slower, and direct memory can run out.
            LOG.warn("Netty cannot manage direct buffers itself (start the JVM with "
                    + "-Dio.netty.tryReflectionSetAccessible=true --add-opens java.base/java.nio=io.netty.common "
                    + "--add-opens java.base/jdk.internal.misc=io.netty.common, as bin/sockudo-kv does)");
        }
        return bound;
    }

    /**
     * Binds the TLS listener on {@code tlsPort} (0 closes it): at start-up and when CONFIG SET
     * tls-port changes it, as Redis does. The certificate must be configured.
     */
    public synchronized void startTls(int tlsPort) throws InterruptedException {
        if (tlsPort != 0 && (tls == null || !tls.configured())) {
            throw new IllegalStateException("Failed to configure TLS. Check logs for more info. "
                    + "(tls-port needs tls-cert-file and tls-key-file)");
        }
        List<Channel> fresh = new ArrayList<>();
        int bound = 0;
        if (tlsPort != 0) {
            bound = bindAll(bootstrap(true), tlsPort, fresh);
        }
        for (Channel c : tlsListeners) {
            c.close().syncUninterruptibly();
        }
        tlsListeners.clear();
        tlsListeners.addAll(fresh);
        this.tlsPort = bound;
        if (tlsPort != 0) {
            LOG.info("listening on TLS port {}", bound);
        }
    }

    private void readSpinBudget() {
        spinNanos = services.config().getLong("event-loop-spin-us") * 1000;
    }

    /** The TLS port bound, 0 when none. */
    public int tlsPort() {
        return tlsPort;
    }

    /**
     * TCP_NOTSENT_LOWAT of client sockets: the kernel holds at most this much not yet sent per
     * socket; the rest of a long reply waits in the connection's output buffer until the client
     * takes more. Without it the kernel's send buffer grows to megabytes per client that reads
     * slower than the server writes, and the loopback or NIC work of sending that backlog is then
     * done in the reader's context each time it reads (on one machine the client, already the
     * slower side, gets slower still: GET of 100 KB values at -P 16 dropped to 0.6x of
     * redis-server's throughput with the client at 100 % CPU). Output held here instead also
     * counts towards client-output-buffer-limit. It limits only unsent bytes, never those in
     * flight, so throughput over long links is not capped; 128 KB is ample to refill from.
     */
    static final long NOTSENT_LOWAT = 128 * 1024;

    private ServerBootstrap bootstrap(boolean withTls) {
        return new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, (int) services.config().getLong("tcp-backlog"))
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Unsent bytes the kernel takes per socket (epoll only): see NOTSENT_LOWAT.
                .childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, "epoll".equals(transport) ? NOTSENT_LOWAT : null)
                // Reads grow to 256 KB for large uploads (fewer recv calls) and start small; the
                // buffer is pooled and released once decoded, so nothing stays per connection.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new io.netty.channel.AdaptiveRecvByteBufAllocator(512, 2048, 256 * 1024))
                .childOption(ChannelOption.SO_KEEPALIVE, services.config().getLong("tcp-keepalive") > 0)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (withTls) {
                            // TLS first: everything after it reads and writes plain RESP.
                            ch.pipeline().addLast("tls", tls.newServerHandler(ch));
                            io.netty.channel.ChannelHandler policy = tls.sessionPolicy();
                            if (policy != null) {
                                ch.pipeline().addLast("tls-session", policy);
                            }
                        }
                        ConnectionHandler handler = new ConnectionHandler(services);
                        ch.pipeline().addLast("resp-decoder", new RespDecoder(services.limits(), handler::authPending,
                                services.stats().netInputBytes, bigArgAllocator));
                        ch.pipeline().addLast("commands", handler);
                    }
                });
    }

    /** Binds every configured address on {@code port}; the first bind fixes an ephemeral port for the others. */
    private int bindAll(ServerBootstrap b, int port, List<Channel> into) throws InterruptedException {
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
                into.add(ch);
                bound = ((InetSocketAddress) ch.localAddress()).getPort();
            } catch (Exception e) {
                if (!optional) {
                    for (Channel c : into) {
                        c.close();
                    }
                    throw new IllegalStateException("could not bind " + host + ":" + bound + ": " + e.getMessage(), e);
                }
                LOG.debug("optional bind {} failed: {}", host, e.toString());
            }
        }
        if (into.isEmpty()) {
            throw new IllegalStateException("no address could be bound");
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
        synchronized (this) {
            for (Channel c : tlsListeners) {
                c.close().syncUninterruptibly();
            }
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
