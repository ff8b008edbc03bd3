package io.sockudo.kv.types.core.bitmaps;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bit counting and searching over byte arrays, eight bytes at a time. Bits are numbered as Redis
 * numbers them: bit 0 is the most significant bit of byte 0.
 */
public final class Bits {
    /** Reads 8 bytes as one long; byte order is irrelevant for counting. */
    private static final VarHandle LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Big-endian so that the first bit in Redis's order is the word's most significant bit. */
    private static final VarHandle BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bits() {
    }

    /** Number of set bits in {@code a[from, from + length)}. */
    public static long popcount(byte[] a, int from, int length) {
        long count = 0;
        int i = from;
        int end = from + length;
        for (; i + 32 <= end; i += 32) {
            count += Long.bitCount((long) LE.get(a, i)) + Long.bitCount((long) LE.get(a, i + 8))
                    + Long.bitCount((long) LE.get(a, i + 16)) + Long.bitCount((long) LE.get(a, i + 24));
        }
        for (; i + 8 <= end; i += 8) {
            count += Long.bitCount((long) LE.get(a, i));
        }
        for (; i < end; i++) {
            count += Integer.bitCount(a[i] & 0xFF);
        }
        return count;
    }

    /** Number of set bits among bit positions {@code [startBit, endBit]} (inclusive, in range of {@code a}). */
    public static long popcountBits(byte[] a, long startBit, long endBit) {
        int sb = (int) (startBit >>> 3);
        int eb = (int) (endBit >>> 3);
        long count = popcount(a, sb, eb - sb + 1);
        // remove the bits of the first byte before startBit and of the last byte after endBit
        int headMask = ~(0xFF >>> (startBit & 7)) & 0xFF;
        int tailMask = (0xFF >>> ((endBit & 7) + 1));
        count -= Integer.bitCount(a[sb] & headMask);
        count -= Integer.bitCount(a[eb] & tailMask);
        return count;
    }

    /**
     * The position of the first bit equal to {@code bit} among positions {@code [startBit, endBit]}
     * (inclusive, in range of {@code a}), or -1.
     */
    public static long firstBit(byte[] a, long startBit, long endBit, int bit) {
        int sb = (int) (startBit >>> 3);
        int eb = (int) (endBit >>> 3);
        int flip = bit == 0 ? 0xFF : 0;
        int headMask = 0xFF >>> (startBit & 7);
        int tailMask = (0xFF << (7 - (endBit & 7))) & 0xFF;
        // first byte, masked to the range
        int v = ((a[sb] & 0xFF) ^ flip) & headMask;
        if (sb == eb) {
            v &= tailMask;
        }
        if (v != 0) {
            return (long) sb * 8 + Integer.numberOfLeadingZeros(v) - 24;
        }
        if (sb == eb) {
            return -1;
        }
        // whole bytes in between, a word at a time
        int i = sb + 1;
        long wflip = bit == 0 ? -1L : 0L;
        for (; i + 8 <= eb; i += 8) {
            long w = (long) BE.get(a, i) ^ wflip;
            if (w != 0) {
                return (long) i * 8 + Long.numberOfLeadingZeros(w);
            }
        }
        for (; i < eb; i++) {
            int b = (a[i] & 0xFF) ^ flip;
            if (b != 0) {
                return (long) i * 8 + Integer.numberOfLeadingZeros(b) - 24;
            }
        }
        v = ((a[eb] & 0xFF) ^ flip) & tailMask;
        if (v != 0) {
            return (long) eb * 8 + Integer.numberOfLeadingZeros(v) - 24;
        }
        return -1;
    }
}
