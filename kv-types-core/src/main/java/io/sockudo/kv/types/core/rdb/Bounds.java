package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.RdbInput;

import java.io.IOException;

/** Checks of counts read from RDB payloads before anything is sized by them. */
public final class Bounds {
    private Bounds() {
    }

    /**
     * A count of elements that each take at least {@code minBytes} bytes: larger than what is left
     * of the payload (or than an array can hold) is corruption.
     */
    public static int count(RdbInput in, long n, int minBytes) throws IOException {
        if (n < 0 || n > Integer.MAX_VALUE - 8 || (in.remaining() != Long.MAX_VALUE && n * minBytes > in.remaining())) {
            throw new IOException("element count " + Long.toUnsignedString(n) + " larger than the payload");
        }
        return (int) n;
    }

    /** A size to pre-allocate for {@code n} elements: never trusted beyond a modest bound. */
    public static int presize(long n) {
        return (int) Math.min(n, 1 << 16);
    }
}
