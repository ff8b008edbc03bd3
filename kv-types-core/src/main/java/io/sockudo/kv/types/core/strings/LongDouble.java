package io.sockudo.kv.types.core.strings;

import java.math.BigInteger;

/**
 * An exact emulation of C's {@code long double} as redis-server on x86-64 Linux computes it: the
 * x87 80-bit extended format, a 64-bit significand, exponents down to subnormals at 2^-16445,
 * overflow to infinity at 2^16384, round-to-nearest-even. INCRBYFLOAT and HINCRBYFLOAT compute in
 * this type, so matching Redis byte for byte needs the same rounding, not Java's {@code double}.
 *
 * <p>A finite value is {@code (-1)^negative * mantissa * 2^exponent} with {@code mantissa} an
 * unsigned 64-bit integer (not necessarily normalized). Instances are immutable.
 */
public final class LongDouble {
    /** Exponent of the smallest subnormal, 2^-16445 (16382 + 63 fraction bits). */
    static final int MIN_EXP = -16445;
    /** Finite values are below 2^MAX_BITS. */
    static final int MAX_BITS = 16384;

    private static final byte FINITE = 0;
    private static final byte INFINITE = 1;
    private static final byte NAN = 2;

    public static final LongDouble ZERO = new LongDouble(false, 0, 0, FINITE);
    static final LongDouble NEGATIVE_ZERO = new LongDouble(true, 0, 0, FINITE);
    public static final LongDouble POSITIVE_INFINITY = new LongDouble(false, 0, 0, INFINITE);
    public static final LongDouble NEGATIVE_INFINITY = new LongDouble(true, 0, 0, INFINITE);
    public static final LongDouble NaN = new LongDouble(false, 0, 0, NAN);

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final boolean negative;
    private final long mantissa;
    private final int exponent;
    private final byte kind;

    private LongDouble(boolean negative, long mantissa, int exponent, byte kind) {
        this.negative = negative;
        this.mantissa = mantissa;
        this.exponent = exponent;
        this.kind = kind;
    }

    /** The exact value of a 64-bit integer (a long double holds every long exactly). */
    public static LongDouble of(long v) {
        if (v == 0) {
            return ZERO;
        }
        // -Long.MIN_VALUE wraps to itself, which read as unsigned is 2^63: still exact
        return new LongDouble(v < 0, v < 0 ? -v : v, 0, FINITE);
    }

    /**
     * Rounds {@code magnitude * 2^exp}, plus a positive fraction below the unit in the last place
     * of {@code magnitude} when {@code sticky} is set, to the nearest long double (ties to even).
     * When {@code sticky} is set, {@code magnitude} must have at least 66 bits so the sticky part
     * is always below the rounding position.
     */
    static LongDouble round(boolean negative, BigInteger magnitude, int exp, boolean sticky) {
        int bits = magnitude.bitLength();
        if (bits == 0) {
            return negative ? NEGATIVE_ZERO : ZERO;
        }
        int shift = Math.max(bits - 64, MIN_EXP - exp);
        BigInteger q = magnitude;
        if (shift > 0) {
            q = magnitude.shiftRight(shift);
            if (magnitude.testBit(shift - 1)) {
                int lowest = magnitude.getLowestSetBit();
                boolean aboveHalf = sticky || lowest < shift - 1;
                if (aboveHalf || q.testBit(0)) {
                    q = q.add(BigInteger.ONE);
                }
            }
            exp += shift;
            if (q.bitLength() > 64) {
                // rounded up to 2^64: exactly representable one binade higher
                q = q.shiftRight(1);
                exp++;
            }
        } else if (sticky) {
            throw new IllegalArgumentException("inexact value needs at least 66 bits");
        }
        int qBits = q.bitLength();
        if (qBits == 0) {
            return negative ? NEGATIVE_ZERO : ZERO;
        }
        if ((long) qBits + exp > MAX_BITS) {
            return negative ? NEGATIVE_INFINITY : POSITIVE_INFINITY;
        }
        return new LongDouble(negative, q.longValue(), exp, FINITE);
    }

    /** {@code this + other}, rounded once, as the x87 FPU adds. */
    public LongDouble add(LongDouble other) {
        if (kind == NAN || other.kind == NAN) {
            return NaN;
        }
        if (kind == INFINITE || other.kind == INFINITE) {
            if (kind == INFINITE && other.kind == INFINITE && negative != other.negative) {
                return NaN;
            }
            return kind == INFINITE ? this : other;
        }
        if (mantissa == 0) {
            // (-0) + (-0) = -0; x + 0 = x
            return other.mantissa == 0 ? (negative && other.negative ? NEGATIVE_ZERO : ZERO) : other;
        }
        if (other.mantissa == 0) {
            return this;
        }
        int e = Math.min(exponent, other.exponent);
        BigInteger a = unsigned(mantissa).shiftLeft(exponent - e);
        BigInteger b = unsigned(other.mantissa).shiftLeft(other.exponent - e);
        if (negative) {
            a = a.negate();
        }
        if (other.negative) {
            b = b.negate();
        }
        BigInteger sum = a.add(b);
        if (sum.signum() == 0) {
            return ZERO; // x + (-x) is +0 when rounding to nearest
        }
        return round(sum.signum() < 0, sum.abs(), e, false);
    }

    public boolean isNaN() {
        return kind == NAN;
    }

    public boolean isInfinite() {
        return kind == INFINITE;
    }

    public boolean isFinite() {
        return kind == FINITE;
    }

    /** True for +0 and -0. */
    public boolean isZero() {
        return kind == FINITE && mantissa == 0;
    }

    public boolean isNegative() {
        return negative;
    }

    /** The unsigned significand of a finite value. */
    BigInteger magnitude() {
        return unsigned(mantissa);
    }

    /** The binary exponent of a finite value. */
    int exponent() {
        return exponent;
    }

    static BigInteger unsigned(long v) {
        BigInteger b = BigInteger.valueOf(v);
        return v < 0 ? b.add(TWO_64) : b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LongDouble d)) {
            return false;
        }
        if (kind != d.kind) {
            return false;
        }
        if (kind == NAN) {
            return true;
        }
        if (negative != d.negative) {
            return false;
        }
        if (kind == INFINITE) {
            return true;
        }
        return compareMagnitude(d) == 0;
    }

    private int compareMagnitude(LongDouble d) {
        int e = Math.min(exponent, d.exponent);
        return unsigned(mantissa).shiftLeft(exponent - e).compareTo(unsigned(d.mantissa).shiftLeft(d.exponent - e));
    }

    @Override
    public int hashCode() {
        if (kind != FINITE || mantissa == 0) {
            return kind;
        }
        // normalize so equal values hash alike
        int tz = Long.numberOfTrailingZeros(mantissa);
        return Long.hashCode(mantissa >>> tz) * 31 + (exponent + tz) + (negative ? 1 : 0);
    }

    @Override
    public String toString() {
        if (kind == NAN) {
            return "nan";
        }
        if (kind == INFINITE) {
            return negative ? "-inf" : "inf";
        }
        return (negative ? "-" : "") + Long.toUnsignedString(mantissa) + "*2^" + exponent;
    }
}
