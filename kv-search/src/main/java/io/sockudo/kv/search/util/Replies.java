package io.sockudo.kv.search.util;

import io.sockudo.kv.spi.ReplyWriter;

/** Reply helpers with RediSearch's formats. */
public final class Replies {
    private Replies() {
    }

    /**
     * A double as RediSearch replies it ({@code RedisModule_ReplyWithDouble} on Redis 7.0: {@code %.17g},
     * a bulk string on RESP2, a double on RESP3).
     */
    public static void dbl(ReplyWriter w, double d) {
        w.doubleText(CFormat.g(d, 17));
    }
}
