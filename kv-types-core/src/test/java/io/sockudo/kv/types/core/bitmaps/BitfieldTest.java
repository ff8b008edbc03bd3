package io.sockudo.kv.types.core.bitmaps;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BITFIELD field access and overflow arithmetic against a BigInteger / bit-by-bit model. */
class BitfieldTest {
    private static long modelGet(byte[] a, int len, long offset, int bits) {
        long v = 0;
        for (int j = 0; j < bits; j++) {
            long p = offset + j;
            int byteIndex = (int) (p >>> 3);
            int b = byteIndex < len ? (a[byteIndex] >>> (7 - (p & 7))) & 1 : 0;
            v = (v << 1) | b;
        }
        return v;
    }

    @Test
    void getAndSetMatchModel() {
        SplittableRandom r = new SplittableRandom(4);
        for (int round = 0; round < 20000; round++) {
            byte[] a = new byte[24];
            for (int i = 0; i < a.length; i++) {
                a[i] = (byte) r.nextInt(256);
            }
            int bits = 1 + r.nextInt(64);
            long offset = r.nextInt(a.length * 8 - bits + 1);
            int len = r.nextInt(a.length + 1); // reads past len see zeros
            long u = modelGet(a, len, offset, bits);
            assertEquals(u, Bitfield.getUnsigned(a, len, offset, bits));
            long signed = bits == 64 ? u : (u << (64 - bits)) >> (64 - bits);
            assertEquals(signed, Bitfield.getSigned(a, len, offset, bits));
            long value = r.nextLong();
            byte[] before = a.clone();
            Bitfield.set(a, offset, bits, value);
            long mask = bits == 64 ? -1L : (1L << bits) - 1;
            assertEquals(value & mask, modelGet(a, a.length, offset, bits));
            // bits outside the field are untouched
            for (long p = 0; p < a.length * 8L; p++) {
                if (p < offset || p >= offset + bits) {
                    assertEquals(modelGet(before, before.length, p, 1), modelGet(a, a.length, p, 1));
                }
            }
        }
    }

    private static long randomInteresting(SplittableRandom r, int bits) {
        return switch (r.nextInt(5)) {
            case 0 -> r.nextLong();
            case 1 -> r.nextLong(-4, 5);
            case 2 -> (1L << Math.min(bits, 63)) + r.nextLong(-3, 3);
            case 3 -> -(1L << Math.min(bits - 1, 62)) + r.nextLong(-3, 3);
            default -> r.nextBoolean() ? Long.MAX_VALUE - r.nextInt(3) : Long.MIN_VALUE + r.nextInt(3);
        };
    }

    @Test
    void signedArithmeticMatchesModel() {
        SplittableRandom r = new SplittableRandom(5);
        boolean[] overflow = new boolean[1];
        for (int round = 0; round < 200000; round++) {
            int bits = 1 + r.nextInt(64);
            BigInteger max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
            BigInteger min = max.negate().subtract(BigInteger.ONE);
            boolean set = r.nextBoolean();
            long value = set ? randomInteresting(r, bits) : (r.nextLong() << (64 - bits)) >> (64 - bits);
            long incr = set ? 0 : randomInteresting(r, bits);
            BigInteger exact = BigInteger.valueOf(value).add(BigInteger.valueOf(incr));
            boolean over = exact.compareTo(max) > 0 || exact.compareTo(min) < 0;
            BigInteger wrapped = exact.mod(BigInteger.ONE.shiftLeft(bits));
            if (wrapped.compareTo(max) > 0) {
                wrapped = wrapped.subtract(BigInteger.ONE.shiftLeft(bits));
            }
            long got = Bitfield.addSigned(value, incr, bits, Bitfield.WRAP, overflow);
            assertEquals(over, overflow[0]);
            assertEquals(wrapped.longValueExact(), got, bits + ": " + value + " + " + incr);
            got = Bitfield.addSigned(value, incr, bits, Bitfield.SAT, overflow);
            BigInteger sat = exact.max(min).min(max);
            assertEquals(sat.longValueExact(), got);
        }
    }

    @Test
    void unsignedArithmeticMatchesModel() {
        SplittableRandom r = new SplittableRandom(6);
        boolean[] overflow = new boolean[1];
        for (int round = 0; round < 200000; round++) {
            int bits = 1 + r.nextInt(63);
            BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
            boolean set = r.nextBoolean();
            long value = set ? randomInteresting(r, bits) : r.nextLong() & ((1L << bits) - 1);
            long incr = set ? 0 : randomInteresting(r, bits);
            // SET takes the given value as C's uint64_t: a negative number is a huge one
            BigInteger v = set && value < 0 ? BigInteger.valueOf(value).add(BigInteger.ONE.shiftLeft(64))
                    : BigInteger.valueOf(value);
            BigInteger exact = v.add(BigInteger.valueOf(incr));
            boolean over = exact.compareTo(max) > 0 || exact.signum() < 0;
            long got = Bitfield.addUnsigned(value, incr, bits, Bitfield.WRAP, overflow);
            assertEquals(over, overflow[0], bits + ": " + value + " + " + incr);
            assertEquals(exact.and(max).longValueExact(), got);
            got = Bitfield.addUnsigned(value, incr, bits, Bitfield.SAT, overflow);
            BigInteger sat = exact.signum() < 0 ? BigInteger.ZERO : exact.min(max);
            assertEquals(sat.longValueExact(), got);
        }
    }

    @Test
    void typeParsing() {
        assertEquals(-64, BitfieldCommand.parseType("i64".getBytes()));
        assertEquals(63, BitfieldCommand.parseType("u63".getBytes()));
        assertEquals(-1, BitfieldCommand.parseType("i1".getBytes()));
        assertEquals(-8, BitfieldCommand.parseType("i8\0x".getBytes()));
        for (String bad : new String[] {"u64", "i65", "i0", "u0", "I8", "x8", "", "i", "i-1", "i08", "i 8"}) {
            assertThrows(RuntimeException.class, () -> BitfieldCommand.parseType(bad.getBytes()), bad);
        }
    }
}
