package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sockudo.kv.kernel.KernelHarness;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A connection over an embedded channel: one client's pipeline of large replies yields the event
 * loop after a slice of output, its replies keep their order, and the output-buffer limit closes
 * it. Deterministic: what is checked is how much one turn of the loop produced, not how long it took.
 */
class ConnectionFairnessTest {
    /** {@code BIG n}: a bulk reply of n bytes. */
    private static KernelHarness kernelWithBigCommand() {
        KernelHarness h = new KernelHarness();
        h.kernel.modules().register(new KvModule() {
            @Override
            public String name() {
                return "big";
            }

            @Override
            public int version() {
                return 1;
            }

            @Override
            public void register(ModuleRegistry registry, List<String> args) {
                registry.command(CommandSpec.builder("big").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                        .handler(ctx -> ctx.reply().bulk(new byte[(int) Args.toLong(ctx.arg(1))])).build());
            }
        }, null, List.of(), () -> { });
        return h;
    }

    /**
     * An embedded channel whose queued tasks run only when the test says so: Netty's runs them
     * inside every flush, which would hide when a connection yields.
     */
    private static final class ManualChannel extends EmbeddedChannel {
        private boolean allowed;
        private boolean inside;

        ManualChannel(io.netty.channel.ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        public void runPendingTasks() {
            if (allowed && !inside) { // not again from a flush made by one of those tasks
                inside = true;
                try {
                    super.runPendingTasks();
                } finally {
                    inside = false;
                }
            }
        }

        /** Runs the tasks queued and due now, once (one turn of a real event loop). */
        void runQueuedTasks() {
            allowed = true;
            try {
                runPendingTasks();
            } finally {
                allowed = false;
            }
        }
    }

    private static ManualChannel connect(KernelHarness h) {
        return new ManualChannel(new RespDecoder(h.kernel.limits(), () -> false), new ConnectionHandler(h.kernel.connectionServices()));
    }

    private static ByteBuf pipeline(int n, String command) {
        return Unpooled.wrappedBuffer((command + "\r\n").repeat(n).getBytes(StandardCharsets.US_ASCII));
    }

    private static long outboundBytes(EmbeddedChannel ch) {
        long n = 0;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            n += ((ByteBuf) o).readableBytes();
            ((ByteBuf) o).release();
        }
        return n;
    }

    @Test
    void aPipelineOfLargeRepliesYieldsAfterASliceAndFinishesInOrder() {
        KernelHarness h = kernelWithBigCommand();
        ManualChannel ch = connect(h);
        int n = 3000;
        int size = 100 * 1024;
        long replyBytes = size + ("$" + size + "\r\n\r\n").length();
        ch.writeInbound(pipeline(n, "BIG " + size)); // one socket read
        long firstTurn = outboundBytes(ch);
        assertTrue(firstTurn >= ConnectionHandler.SLICE_BYTES, "a slice was produced: " + firstTurn);
        assertTrue(firstTurn < ConnectionHandler.SLICE_BYTES + 2 * replyBytes,
                "the connection yielded after a slice instead of running its whole pipeline: " + firstTurn);
        assertFalse(ch.config().isAutoRead(), "it stops reading while it has commands left");
        long secondTurn = 0;
        ch.runQueuedTasks(); // the continuation queued behind the other connections: one more slice
        secondTurn = outboundBytes(ch);
        assertTrue(secondTurn < ConnectionHandler.SLICE_BYTES + 2 * replyBytes, "one slice per turn: " + secondTurn);
        long rest = 0;
        for (int turn = 0; turn < n && !ch.config().isAutoRead(); turn++) {
            ch.runQueuedTasks();
            rest += outboundBytes(ch);
        }
        assertEquals(n * replyBytes, firstTurn + secondTurn + rest, "every reply arrives");
        assertTrue(ch.config().isAutoRead(), "reading resumes when the pipeline is done");
        ch.writeInbound(pipeline(1, "PING"));
        ch.runQueuedTasks();
        ByteBuf pong = ch.readOutbound();
        assertEquals("+PONG\r\n", pong.toString(StandardCharsets.US_ASCII));
        pong.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void repliesStayInOrderAcrossYields() {
        KernelHarness h = kernelWithBigCommand();
        ManualChannel ch = connect(h);
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            in.append("BIG 40000\r\nECHO m").append(i).append("\r\n");
            expected.append("$40000\r\n").append("\0".repeat(40000)).append("\r\n")
                    .append("$").append(("m" + i).length()).append("\r\nm").append(i).append("\r\n");
        }
        ch.writeInbound(Unpooled.wrappedBuffer(in.toString().getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 100; i++) {
            ch.runQueuedTasks();
        }
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) o).release();
        }
        assertEquals(expected.toString(), out.toString());
        ch.finishAndReleaseAll();
    }

    @Test
    void hardOutputLimitClosesTheClientAndDropsTheRest() {
        KernelHarness h = kernelWithBigCommand();
        h.kernel.config().set("client-output-buffer-limit", "normal 150kb 0 0");
        ManualChannel ch = connect(h);
        ch.writeInbound(pipeline(5, "BIG 100000"));
        assertFalse(ch.isActive(), "closed once its pending output passed 150kb");
        ch.finishAndReleaseAll();
    }

    @Test
    void clientReplyOffDiscardsLargeRepliesWithoutQueueingThem() {
        KernelHarness h = kernelWithBigCommand();
        ManualChannel ch = connect(h);
        ch.writeInbound(Unpooled.wrappedBuffer(("CLIENT REPLY OFF\r\n" + "BIG 1000000\r\n".repeat(50)
                + "CLIENT REPLY ON\r\nCLIENT REPLY SKIP\r\nBIG 5\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 100; i++) {
            ch.runQueuedTasks();
        }
        StringBuilder out = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            out.append(((ByteBuf) o).toString(StandardCharsets.ISO_8859_1));
            ((ByteBuf) o).release();
        }
        assertEquals("+OK\r\n+PONG\r\n", out.toString());
        ch.finishAndReleaseAll();
    }
}
