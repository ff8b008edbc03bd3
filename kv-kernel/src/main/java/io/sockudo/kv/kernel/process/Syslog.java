package io.sockudo.kv.kernel.process;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.logging.RedisLog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * {@code syslog-enabled}, {@code syslog-ident}, {@code syslog-facility}: every log line written is
 * also sent to the local syslog socket ({@code /dev/log}), as Redis's {@code syslog(3)} call does:
 * one datagram per line in the BSD format glibc sends, {@code <PRI>Mmm dd hh:mm:ss ident[pid]: message},
 * with Redis's level map (debug → LOG_DEBUG, verbose → LOG_INFO, notice → LOG_NOTICE, warning →
 * LOG_WARNING). Java 17 has no AF_UNIX datagram socket, so this uses Netty's native epoll
 * transport (Linux); where it is missing, or nothing listens on the socket, the server says so
 * once and logs to its usual output only (Redis's syslog() fails silently there too).
 */
public final class Syslog {
    /** The socket path; tests point it elsewhere with {@code -Dsockudo.kv.syslog.socket}. */
    static final String DEFAULT_SOCKET = "/dev/log";
    /** Made when syslog is first used: the formatter's locale data cost milliseconds of every start. */
    private static final class Stamp {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH)
                .withZone(ZoneId.systemDefault());
    }
    private static final long PID = ProcessHandle.current().pid();

    private final EventLoopGroup group;
    private final Channel channel;
    private final int facility;
    private final String ident;

    private Syslog(EventLoopGroup group, Channel channel, int facility, String ident) {
        this.group = group;
        this.channel = channel;
        this.facility = facility;
        this.ident = ident;
    }

    /** Redis's syslog_facility_enum: user, local0..local7. */
    static int facilityCode(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("user")) {
            return 1;
        }
        if (n.length() == 6 && n.startsWith("local") && n.charAt(5) >= '0' && n.charAt(5) <= '7') {
            return 16 + (n.charAt(5) - '0');
        }
        return 16;
    }

    /** syslog(3) severities for Redis's levels. */
    static int severity(RedisLog.Level level) {
        return switch (level) {
            case DEBUG -> 7;
            case VERBOSE -> 6;
            case NOTICE -> 5;
            case WARNING -> 4;
        };
    }

    /** One datagram as glibc's syslog(3) formats it (RFC 3164). */
    static byte[] datagram(int facility, String ident, RedisLog.Level level, String message, Instant at) {
        String s = "<" + (facility * 8 + severity(level)) + ">" + Stamp.FORMAT.format(at) + " " + ident + "[" + PID + "]: "
                + message;
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * With {@code syslog-enabled yes}, connects to the syslog socket and adds it as a second
     * destination of the log; returns the open sink (to close at exit), or null.
     */
    public static Syslog openIfConfigured(ConfigRegistry config) {
        if (!config.getBoolean("syslog-enabled")) {
            return null;
        }
        return open(System.getProperty("sockudo.kv.syslog.socket", DEFAULT_SOCKET),
                facilityCode(config.get("syslog-facility")), config.get("syslog-ident"));
    }

    static Syslog open(String path, int facility, String ident) {
        if (!Epoll.isAvailable()) {
            RedisLog.log(RedisLog.Level.WARNING,
                    "syslog-enabled is yes, but this platform has no native epoll transport for the local syslog socket: "
                            + "logging to the usual output only", null);
            return null;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kv-syslog", true),
                EpollIoHandler.newFactory());
        try {
            Channel ch = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel c) {
                            // send only
                        }
                    })
                    .connect(new DomainSocketAddress(path)).syncUninterruptibly().channel();
            Syslog s = new Syslog(group, ch, facility, ident);
            RedisLog.secondary(s::send);
            return s;
        } catch (Exception e) { // Netty rethrows the connect's IOException unchecked
            group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
            RedisLog.log(RedisLog.Level.WARNING, "Can't connect to the syslog socket " + path + " (" + e.getMessage()
                    + "): logging to the usual output only", null);
            return null;
        }
    }

    /** Sends one line (from any thread; the write is queued on the syslog loop, never blocking the caller). */
    void send(RedisLog.Level level, String message) {
        if (channel.isActive()) {
            // a plain promise: a failed send is dropped (a void promise would report it through the
            // pipeline, i.e. to the log, i.e. here again)
            channel.writeAndFlush(Unpooled.wrappedBuffer(datagram(facility, ident, level, message, Instant.now())));
        }
    }

    /** Stops sending (server exit). */
    public void close() {
        RedisLog.secondary(null);
        channel.close().awaitUninterruptibly(1000);
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
