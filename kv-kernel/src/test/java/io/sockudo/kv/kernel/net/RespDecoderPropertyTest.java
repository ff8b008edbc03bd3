package io.sockudo.kv.kernel.net;

import io.netty.buffer.Unpooled;
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
        EmbeddedChannel ch = new EmbeddedChannel(new RespDecoder(new ProtocolLimits(), () -> false));
        int pos = 0;
        while (pos < wire.length) {
            int n = Math.min(wire.length - pos, 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 512));
            ch.writeInbound(Unpooled.wrappedBuffer(wire, pos, n));
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
}
