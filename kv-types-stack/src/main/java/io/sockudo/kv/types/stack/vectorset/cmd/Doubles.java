package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.doubles.Redis8Doubles;

/**
 * Vector-set replies write doubles as Redis 8 does ({@link Redis8Doubles#d2string}, on RESP2 and
 * RESP3 alike). The kernel's {@link ReplyWriter#doubleValue} follows Redis 7.0's 17 digits, so
 * they format their own text and write it with {@link ReplyWriter#doubleText}.
 */
final class Doubles {
    private Doubles() {
    }

    static void reply(ReplyWriter r, double v) {
        r.doubleText(format(v));
    }

    static String format(double v) {
        return Redis8Doubles.d2string(v);
    }
}
