package io.sockudo.kv.kernel.resp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every reply type in both protocols, against the bytes redis-server 7.0.15 sends for
 * {@code DEBUG PROTOCOL <type>} with RESP2 and after {@code HELLO 3}.
 */
class RespWriterTest {
    private static String write(int protocol, Consumer<RespWriter> body) {
        RespWriter w = new RespWriter();
        ByteBuf out = Unpooled.buffer();
        w.target(out);
        w.protocol(protocol);
        body.accept(w);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void both(String resp2, String resp3, Consumer<RespWriter> body) {
        assertEquals(resp2, write(2, body), "RESP2");
        assertEquals(resp3, write(3, body), "RESP3");
    }

    @Test
    void scalars() {
        both("$11\r\nHello World\r\n", "$11\r\nHello World\r\n", w -> w.bulk("Hello World"));
        both(":12345\r\n", ":12345\r\n", w -> w.integer(12345));
        both("$5\r\n3.141\r\n", ",3.141\r\n", w -> w.doubleValue(3.141));
        both("$37\r\n1234567999999999999999999999999999999\r\n", "(1234567999999999999999999999999999999\r\n",
                w -> w.bigNumber("1234567999999999999999999999999999999"));
        both("$-1\r\n", "_\r\n", RespWriter::nullBulk);
        both("*-1\r\n", "_\r\n", RespWriter::nullArray);
        both(":1\r\n", "#t\r\n", w -> w.bool(true));
        both(":0\r\n", "#f\r\n", w -> w.bool(false));
        both("$25\r\nThis is a verbatim\nstring\r\n", "=29\r\ntxt:This is a verbatim\nstring\r\n",
                w -> w.verbatim("txt", "This is a verbatim\nstring".getBytes(StandardCharsets.UTF_8)));
        both("-ERR x y\r\n", "-ERR x y\r\n", w -> w.error("ERR x\ny"));
        both("+OK\r\n", "+OK\r\n", RespWriter::ok);
    }

    @Test
    void doublesAsRedisPrintsThem() {
        both("$3\r\ninf\r\n", ",inf\r\n", w -> w.doubleValue(Double.POSITIVE_INFINITY));
        both("$4\r\n-inf\r\n", ",-inf\r\n", w -> w.doubleValue(Double.NEGATIVE_INFINITY));
        both("$18\r\n1.1000000000000001\r\n", ",1.1000000000000001\r\n", w -> w.doubleValue(1.1));
        both("$1\r\n0\r\n", ",0\r\n", w -> w.doubleValue(0));
    }

    @Test
    void aggregates() {
        both("*3\r\n:0\r\n:1\r\n:2\r\n", "*3\r\n:0\r\n:1\r\n:2\r\n", w -> {
            w.array(3);
            w.integer(0);
            w.integer(1);
            w.integer(2);
        });
        both("*3\r\n:0\r\n:1\r\n:2\r\n", "~3\r\n:0\r\n:1\r\n:2\r\n", w -> {
            w.set(3);
            w.integer(0);
            w.integer(1);
            w.integer(2);
        });
        both("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n", "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n", w -> {
            w.map(3);
            for (int i = 0; i < 3; i++) {
                w.integer(i);
                w.bool(i == 1);
            }
        });
        // DEBUG PROTOCOL push (Redis refuses it on RESP2; RESP2 degrades a push to an array).
        assertEquals(">2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n",
                write(3, w -> {
                    w.push(2);
                    w.bulk("server-cpu-usage");
                    w.integer(42);
                    w.bulk("Some real reply following the push reply");
                }));
        assertEquals("*1\r\n:1\r\n", write(2, w -> {
            w.push(1);
            w.integer(1);
        }));
    }

    @Test
    void attributesAreDroppedOnResp2() {
        Consumer<RespWriter> body = w -> {
            w.attribute(1);
            if (w.protocol() == 3) {
                w.bulk("key-popularity");
                w.array(2);
                w.bulk("key:123");
                w.integer(90);
            }
            w.bulk("Some real reply following the attribute");
        };
        both("$39\r\nSome real reply following the attribute\r\n",
                "|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n",
                body);
    }
}
