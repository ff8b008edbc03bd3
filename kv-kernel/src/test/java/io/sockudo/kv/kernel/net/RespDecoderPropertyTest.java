package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property tests of the request decoder with seeded random inputs: any encoding of any command
 * list, cut into any chunks, decodes to exactly those commands; arbitrary bytes never throw and
 * end either in commands or in one protocol error after which nothing more is decoded.
 */
class RespDecoderPropertyTest {
    private static final int ROUNDS = 2000;

    private static byte[][] randomCommand(Random rnd) {
        int argc = 1 + rnd.nextInt(6);
        byte[][] argv = new byte[argc][];
        for (int i = 0; i < argc; i++) {
            int len = rnd.nextInt(10) == 0 ? rnd.nextInt(3000) : rnd.nextInt(12);
            argv[i] = new byte[len];
            rnd.nextBytes(argv[i]);
        }
        return argv;
    }

    private static void encode(byte[][] argv, ByteArrayOutputStream out) {
        out.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(a);
            out.writeBytes(new byte[]{'\r', '\n'});
        }
    }

    private static List<Object> feed(byte[] wire, Random rnd) {
        return feed(wire, rnd, rnd.nextBoolean());
    }

    /**
     * Feeds {@code wire} in random chunks. {@code direct}: every buffer the decoder sees has a
     * memory address (the server's case: its fast path for small commands runs); otherwise every
     * buffer is on the heap, so only the general parser runs.
     */
    private static List<Object> feed(byte[] wire, Random rnd, boolean direct) {
        return feed(wire, rnd, direct, true);
    }

    /** {@code onePass} false: the decoder's one-pass path for small commands is off. */
    private static List<Object> feed(byte[] wire, Random rnd, boolean direct, boolean onePass) {
        RespDecoder decoder = new RespDecoder(new ProtocolLimits(), () -> false);
        decoder.onePass(onePass);
        EmbeddedChannel ch = new EmbeddedChannel(decoder);
        ch.config().setAllocator(new UnpooledByteBufAllocator(direct));
        int pos = 0;
        while (pos < wire.length) {
            int n = Math.min(wire.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 512));
            ByteBuf chunk = direct ? Unpooled.directBuffer(n) : Unpooled.buffer(n);
            chunk.writeBytes(wire, pos, n);
            assertEquals(direct, chunk.hasMemoryAddress(), "the buffer kind this test needs");
            ch.writeInbound(chunk);
            pos += n;
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            out.add(o);
        }
        ch.finishAndReleaseAll();
        return out;
    }

    @Test
    void anyCommandsInAnyChunksDecodeExactly() {
        Random rnd = new Random(20261126);
        for (int round = 0; round < ROUNDS; round++) {
            int n = 1 + rnd.nextInt(20);
            List<byte[][]> commands = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            for (int i = 0; i < n; i++) {
                byte[][] c = randomCommand(rnd);
                commands.add(c);
                encode(c, wire);
            }
            List<Object> decoded = feed(wire.toByteArray(), rnd);
            assertEquals(n, decoded.size(), "round " + round);
            for (int i = 0; i < n; i++) {
                byte[][] got = (byte[][]) decoded.get(i);
                assertEquals(commands.get(i).length, got.length);
                for (int a = 0; a < got.length; a++) {
                    assertArrayEquals(commands.get(i)[a], got[a], "round " + round + " command " + i + " arg " + a);
                }
            }
        }
    }

    @Test
    void arbitraryBytesNeverThrowAndStopAfterOneError() {
        Random rnd = new Random(42);
        byte[] alphabet = "*$\r\n0123456789-+: \"'\\xab".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] wire = new byte[1 + rnd.nextInt(300)];
            for (int i = 0; i < wire.length; i++) {
                wire[i] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
            }
            List<Object> decoded;
            try {
                decoded = feed(wire, rnd);
            } catch (RuntimeException e) {
                fail("round " + round + " threw on " + Arrays.toString(wire), e);
                return;
            }
            int errors = 0;
            for (int i = 0; i < decoded.size(); i++) {
                Object o = decoded.get(i);
                if (o instanceof ProtocolError pe) {
                    errors++;
                    assertEquals(decoded.size() - 1, i, "nothing is decoded after a protocol error");
                    assertTrue(pe.message().startsWith("ERR Protocol error: "), pe.message());
                } else {
                    assertTrue(o instanceof byte[][], "unexpected " + o);
                    assertTrue(((byte[][]) o).length > 0, "empty commands are never emitted");
                }
            }
            assertTrue(errors <= 1);
        }
    }

    /**
     * The direct-memory fast path and the general parser agree on everything: the same commands,
     * the same protocol error at the same point, for valid pipelines and for arbitrary bytes, cut
     * at the same places.
     */
    @Test
    void fastPathAndGeneralParserAgree() {
        Random rnd = new Random(7);
        byte[] alphabet = "*$\r\n0123456789-+: \"'\\xab".getBytes(StandardCharsets.ISO_8859_1);
        for (int round = 0; round < ROUNDS; round++) {
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                if (rnd.nextInt(4) == 0) {
                    // noise: a damaged header, an inline command, a long count or length
                    String[] odd = {"*1\r\n$99999\r\n", "PING\r\n", "*12\r\n", "$5\r\nhello\r\n",
                            "*2\r\n$-1\r\n", "*1\r\n$16385\r\n", "*0\r\n", "*3\r\n$1\r", "*1\r\n$03\r\nabc\r\n"};
                    wire.writeBytes(odd[rnd.nextInt(odd.length)].getBytes(StandardCharsets.ISO_8859_1));
                } else if (rnd.nextInt(8) == 0) {
                    byte[] junk = new byte[1 + rnd.nextInt(20)];
                    for (int j = 0; j < junk.length; j++) {
                        junk[j] = alphabet[rnd.nextInt(alphabet.length)];
                    }
                    wire.writeBytes(junk);
                } else {
                    encode(randomCommand(rnd), wire);
                }
            }
            byte[] bytes = wire.toByteArray();
            long seed = rnd.nextLong();
            List<Object> general = feed(bytes, new Random(seed), true, false);
            List<Object> fast = feed(bytes, new Random(seed), true, true);
            List<Object> heap = feed(bytes, new Random(seed), false, true);
            assertEquals(describe(general), describe(fast), "round " + round);
            assertEquals(describe(general), describe(heap), "round " + round);
        }
    }

    private static List<String> describe(List<Object> decoded) {
        List<String> out = new ArrayList<>();
        for (Object o : decoded) {
            if (o instanceof byte[][] argv) {
                StringBuilder b = new StringBuilder();
                for (byte[] a : argv) {
                    b.append(Arrays.toString(a)).append(' ');
                }
                out.add(b.toString());
            } else {
                out.add(((ProtocolError) o).message());
            }
        }
        return out;
    }
}
