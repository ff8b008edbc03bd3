package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RespWriterBasicsTest {
    private static String render(int protocol, java.util.function.Consumer<RespWriter> body) {
        RespWriter w = new RespWriter();
        ByteBuf b = Unpooled.buffer();
        w.target(b);
        w.protocol(protocol);
        body.accept(w);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void integersAndBulks() {
        assertEquals(":0\r\n:1\r\n:-42\r\n:9223372036854775807\r\n:-9223372036854775808\r\n", render(2, w -> {
            w.integer(0);
            w.integer(1);
            w.integer(-42);
            w.integer(Long.MAX_VALUE);
            w.integer(Long.MIN_VALUE);
        }));
        assertEquals("$3\r\nabc\r\n$0\r\n\r\n$3\r\n-12\r\n", render(2, w -> {
            w.bulk("abc");
            w.bulk(new byte[0]);
            w.bulkLong(-12);
        }));
    }

    @Test
    void smallAndLargeBulksAroundTheScratchSizeAndEveryHeaderLength() {
        // bulks are assembled with their header below 257 bytes and written in parts above
        for (int len : new int[] {0, 1, 9, 10, 99, 100, 255, 256, 257, 300, 999, 1000, 20000}) {
            byte[] v = new byte[len + 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = (byte) ('a' + i % 26);
            }
            String expected = "$" + len + "\r\n" + new String(v, 2, len, StandardCharsets.ISO_8859_1) + "\r\n";
            assertEquals(expected, render(2, w -> w.bulk(v, 2, len)), "length " + len);
        }
        for (long n : new long[] {2, 9, 10, 99, 100, 12345, 1L << 40, Long.MAX_VALUE, -1, -10}) {
            assertEquals(":" + n + "\r\n", render(2, w -> w.integer(n)));
        }
        for (int n : new int[] {1, 9, 10, 600, 123456789}) {
            assertEquals("*" + n + "\r\n", render(2, w -> w.array(n)));
        }
    }

    @Test
    void resp3TypesDegradeOnResp2() {
        assertEquals("*4\r\n~2\r\n", render(2, w -> w.map(2)) + render(3, w -> w.set(2)));
        assertEquals("%2\r\n*2\r\n", render(3, w -> w.map(2)) + render(2, w -> w.set(2)));
        assertEquals("$-1\r\n*-1\r\n_\r\n_\r\n", render(2, w -> {
            w.nullBulk();
            w.nullArray();
        }) + render(3, w -> {
            w.nullBulk();
            w.nullArray();
        }));
        assertEquals("$3\r\n1.5\r\n,1.5\r\n", render(2, w -> w.doubleValue(1.5)) + render(3, w -> w.doubleValue(1.5)));
        assertEquals(":1\r\n#f\r\n", render(2, w -> w.bool(true)) + render(3, w -> w.bool(false)));
        assertEquals("$2\r\nhi\r\n=6\r\ntxt:hi\r\n", render(2, w -> w.verbatim("txt", "hi".getBytes()))
                + render(3, w -> w.verbatim("txt", "hi".getBytes())));
    }

    @Test
    void errorsHaveNoLineBreaks() {
        assertEquals("-ERR a b\r\n", render(2, w -> w.error("ERR a\nb")));
    }
}
