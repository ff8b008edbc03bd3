package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.KvException;

/**
 * JSON.NUMINCRBY and JSON.NUMMULTBY arithmetic with RedisJSON's rules: an integer with an integer
 * operand stays a 64-bit integer and wraps on overflow; anything involving a float or an
 * integer above {@code Long.MAX_VALUE} is computed in doubles and stored as a double; a result
 * that is not finite is refused.
 */
final class Numbers {
    private Numbers() {
    }

    /**
     * Applies {@code operand} (a packed number) to the number at {@code at} of {@code b}; writes
     * the packed result into {@code out} and returns its length.
     */
    static int apply(byte[] b, int at, byte[] operand, boolean multiply, byte[] out) {
        if (Packed.kind(b, at) == Packed.INT && Packed.kind(operand, 0) == Packed.INT) {
            long x = Packed.intValue(b, at);
            long y = Packed.intValue(operand, 0);
            long r = multiply ? x * y : x + y;
            out[0] = Packed.INT;
            return Packed.putVarint(out, 1, Packed.zigzag(r));
        }
        double x = Packed.asDouble(b, at);
        double y = Packed.asDouble(operand, 0);
        double r = multiply ? x * y : x + y;
        if (Double.isNaN(r) || Double.isInfinite(r)) {
            throw new KvException("result is not a number");
        }
        out[0] = Packed.DOUBLE;
        Packed.putU64(out, 1, Double.doubleToRawLongBits(r));
        return 9;
    }
}
