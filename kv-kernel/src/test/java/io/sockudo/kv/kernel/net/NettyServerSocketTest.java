package io.sockudo.kv.kernel.net;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.sockudo.kv.kernel.KernelHarness;
import io.sockudo.kv.kernel.client.Client;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The options of the sockets the server accepts, read back from the kernel (getsockopt). */
class NettyServerSocketTest {
    @Test
    void clientSocketsLimitTheirUnsentBytes() throws Exception {
        assumeTrue(Epoll.isAvailable(), "TCP_NOTSENT_LOWAT is set on the epoll transport");
        KernelHarness h = new KernelHarness();
        NettyServer server = new NettyServer(h.kernel.connectionServices());
        try (server) {
            int port = server.start(List.of("127.0.0.1"), 0);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                s.setSoTimeout(5000);
                s.getOutputStream().write("PING\r\n".getBytes());
                assertEquals('+', s.getInputStream().read(), "the connection is served");
                Channel ch = null;
                for (Client c : h.kernel.connectionServices().clients().all()) {
                    ch = c.channel();
                }
                assertNotNull(ch);
                assertEquals(NettyServer.NOTSENT_LOWAT, ch.config().getOption(EpollChannelOption.TCP_NOTSENT_LOWAT));
            }
        }
    }
}
