package io.sockudo.kv.it.server;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.BackgroundWork;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CommandContext.offload and BackgroundWork through a test module: work off the event loop while
 * other clients are served, replies in order, MULTI runs it inline, failures become errors, and
 * background scans see every key under the kernel's locks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OffloadTest {
    private static EmbeddedServer server;
    /** Released by the test: the offloaded work of WAITLEN waits for it. */
    private static volatile CountDownLatch gate = new CountDownLatch(0);
    private static volatile BackgroundWork background;

    static final class OffloadModule implements KvModule {
        @Override
        public String name() {
            return "offloadtest";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void register(ModuleRegistry r, List<String> args) {
            background = r.background();
            // WAITLEN key: off the loop, waits for the gate, then replies the length of the key's string
            // read in the reply phase, with the key's lock held again
            r.command(CommandSpec.builder("waitlen").arity(2).flags(CommandFlag.READONLY).keys(1, 1, 1, "RO")
                    .handler(ctx -> ctx.offload(() -> {
                        try {
                            gate.await(30, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Thread.currentThread().getName();
                    }, (c, thread) -> {
                        if (!thread.startsWith("kv-worker")) {
                            c.reply().error("ERR ran on " + thread);
                            return;
                        }
                        c.reply().integer(c.db().exists(c.arg(1)) ? 1 : 0);
                    })).build());
            r.command(CommandSpec.builder("failoff").arity(1).flags(CommandFlag.READONLY)
                    .handler(ctx -> ctx.offload(() -> {
                        throw new IllegalStateException("boom");
                    }, (c, x) -> c.reply().ok())).build());
            // SQUARE n: n*n computed off the loop (inline inside MULTI)
            r.command(CommandSpec.builder("square").arity(2).flags(CommandFlag.FAST)
                    .handler(ctx -> {
                        long n = Args.toLong(ctx.arg(1));
                        ctx.offload(() -> n * n, (c, v) -> c.reply().integer(v));
                    }).build());
        }
    }

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        server.server().registerModule(new OffloadModule());
    }

    @AfterAll
    static void stop() {
        gate.countDown();
        server.close();
    }

    @Test
    void otherClientsAreServedWhileTheWorkRunsAndTheClientsRepliesStayInOrder() throws Exception {
        gate = new CountDownLatch(1);
        try (RespClient a = new RespClient(server.port()); RespClient b = new RespClient(server.port())) {
            b.callText("SET", "k", "v");
            a.sendRaw("WAITLEN k\r\nPING\r\nSQUARE 7\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", b.callText("PING"), "served while WAITLEN works");
            assertEquals(":1\r\n", b.callText("EXISTS", "k"));
            gate.countDown();
            assertEquals(":1\r\n", new String(a.readReply(), StandardCharsets.US_ASCII));
            assertEquals("+PONG\r\n", new String(a.readReply(), StandardCharsets.US_ASCII));
            assertEquals(":49\r\n", new String(a.readReply(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void insideMultiTheWorkRunsInline() throws IOException {
        try (RespClient a = new RespClient(server.port())) {
            a.callText("MULTI");
            a.callText("SQUARE", "3");
            a.callText("SQUARE", "4");
            assertEquals("*2\r\n:9\r\n:16\r\n", a.callText("EXEC"));
        }
    }

    @Test
    void aFailureOffTheLoopIsAnErrorReply() throws IOException {
        try (RespClient a = new RespClient(server.port())) {
            String reply = a.callText("FAILOFF");
            assertTrue(reply.startsWith("-ERR internal error while running 'failoff'"), reply);
            assertEquals("+PONG\r\n", a.callText("PING"));
        }
    }

    @Test
    void aClientThatLeavesDuringTheWorkDoesNotDisturbTheServer() throws Exception {
        gate = new CountDownLatch(1);
        RespClient a = new RespClient(server.port());
        a.sendRaw("WAITLEN k\r\n".getBytes(StandardCharsets.US_ASCII));
        a.close();
        gate.countDown();
        try (RespClient b = new RespClient(server.port())) {
            assertEquals("+PONG\r\n", b.callText("PING"));
        }
    }

    @Test
    void backgroundScanSeesEveryKeyAndWithKeyLocksIt() throws Exception {
        try (RespClient a = new RespClient(server.port())) {
            a.callText("SELECT", "3");
            for (int i = 0; i < 500; i++) {
                a.callText("SET", "bg:" + i, "x");
            }
        }
        AtomicLong seen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        background.execute(() -> {
            long cursor = 0;
            do {
                cursor = background.scan(3, cursor, (key, value) -> seen.incrementAndGet());
            } while (cursor != 0);
            background.withKey(3, "bg:7".getBytes(StandardCharsets.US_ASCII), db -> db.delete("bg:7".getBytes(StandardCharsets.US_ASCII)));
            done.countDown();
        });
        assertTrue(done.await(20, TimeUnit.SECONDS));
        assertEquals(500, seen.get());
        try (RespClient a = new RespClient(server.port())) {
            a.callText("SELECT", "3");
            assertEquals(":499\r\n", a.callText("DBSIZE"));
        }
    }
}
