package io.sockudo.kv.kernel.process;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.sockudo.kv.kernel.logging.RedisLog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** syslog-enabled: log lines as RFC 3164 datagrams on a unix datagram socket (a stand-in for /dev/log). */
class SyslogTest {
    @Test
    void formatAsGlibcSendsIt() {
        Instant at = Instant.parse("2026-12-07T08:05:03Z");
        String d = new String(Syslog.datagram(Syslog.facilityCode("local0"), "redis", RedisLog.Level.NOTICE, "Ready",
                at), StandardCharsets.UTF_8);
        assertTrue(d.startsWith("<133>Dec "), d); // local0 (16) * 8 + notice (5)
        assertTrue(d.matches("<133>Dec [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d redis\\[\\d+\\]: Ready"), d);
        assertEquals(8 + 7, Syslog.facilityCode("user") * 8 + Syslog.severity(RedisLog.Level.DEBUG));
        assertEquals(23 * 8 + 4, Syslog.facilityCode("LOCAL7") * 8 + Syslog.severity(RedisLog.Level.WARNING));
    }

    @Test
    void linesReachTheSocket() throws Exception {
        assumeTrue(Epoll.isAvailable(), "native epoll transport");
        Path dir = Files.createTempDirectory("kv-syslog");
        Path sock = dir.resolve("log");
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        Syslog syslog = null;
        try {
            Channel server = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket p) {
                            got.add(p.content().toString(StandardCharsets.UTF_8));
                        }
                    })
                    .bind(new DomainSocketAddress(sock.toString())).syncUninterruptibly().channel();
            syslog = Syslog.open(sock.toString(), Syslog.facilityCode("local3"), "kvtest");
            assertNotNull(syslog);
            RedisLog.log(RedisLog.Level.WARNING, "to syslog " + sock, null);
            String line;
            do {
                line = got.poll(10, TimeUnit.SECONDS);
                assertNotNull(line, "a datagram arrives");
            } while (!line.endsWith("to syslog " + sock)); // other tests' lines may arrive too
            assertTrue(line.startsWith("<" + (19 * 8 + 4) + ">"), line);
            assertTrue(line.contains(" kvtest[" + ProcessHandle.current().pid() + "]: to syslog "), line);
            server.close().syncUninterruptibly();
        } finally {
            if (syslog != null) {
                syslog.close();
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void missingSocketIsNotFatal() {
        assumeTrue(Epoll.isAvailable(), "native epoll transport");
        assertNull(Syslog.open("/nonexistent/dir/log", 16, "redis"));
    }
}
