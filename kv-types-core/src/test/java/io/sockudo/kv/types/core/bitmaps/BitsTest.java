package io.sockudo.kv.types.core.bitmaps;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Word-at-a-time counting and searching against a bit-by-bit model, on random arrays and ranges. */
class BitsTest {
    private static int bit(byte[] a, long pos) {
        return (a[(int) (pos >>> 3)] >>> (7 - (pos & 7))) & 1;
    }

    private static long modelCount(byte[] a, long from, long to) {
        long n = 0;
        for (long p = from; p <= to; p++) {
            n += bit(a, p);
        }
        return n;
    }

    private static long modelFirst(byte[] a, long from, long to, int b) {
        for (long p = from; p <= to; p++) {
            if (bit(a, p) == b) {
                return p;
            }
        }
        return -1;
    }

    private static byte[] randomArray(SplittableRandom r, int len) {
        byte[] a = new byte[len];
        int style = r.nextInt(4);
        for (int i = 0; i < len; i++) {
            a[i] = switch (style) {
                case 0 -> (byte) r.nextInt(256);
                case 1 -> r.nextInt(50) == 0 ? (byte) (1 << r.nextInt(8)) : 0; // sparse ones
                case 2 -> r.nextInt(50) == 0 ? (byte) ~(1 << r.nextInt(8)) : (byte) 0xFF; // sparse zeros
                default -> (byte) (r.nextBoolean() ? 0 : 0xFF);
            };
        }
        return a;
    }

    @Test
    void popcountMatchesModel() {
        SplittableRandom r = new SplittableRandom(1);
        for (int round = 0; round < 2000; round++) {
            byte[] a = randomArray(r, 1 + r.nextInt(100));
            int from = r.nextInt(a.length);
            int len = r.nextInt(a.length - from + 1);
            assertEquals(modelCount(a, from * 8L, (from + len) * 8L - 1), Bits.popcount(a, from, len));
            long s = r.nextLong(a.length * 8L);
            long e = s + r.nextLong(a.length * 8L - s);
            assertEquals(modelCount(a, s, e), Bits.popcountBits(a, s, e), "bits " + s + ".." + e);
        }
    }

    @Test
    void firstBitMatchesModel() {
        SplittableRandom r = new SplittableRandom(2);
        for (int round = 0; round < 5000; round++) {
            byte[] a = randomArray(r, 1 + r.nextInt(80));
            long s = r.nextLong(a.length * 8L);
            long e = s + r.nextLong(a.length * 8L - s);
            for (int b = 0; b <= 1; b++) {
                assertEquals(modelFirst(a, s, e, b), Bits.firstBit(a, s, e, b), "bit " + b + " in " + s + ".." + e);
            }
        }
    }

    @Test
    void bitopCombinesLikeBytewiseModel() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 500; round++) {
            int n = 1 + r.nextInt(4);
            byte[][] src = new byte[n][];
            int[] lens = new int[n];
            int max = 0;
            for (int j = 0; j < n; j++) {
                lens[j] = r.nextInt(40);
                src[j] = randomArray(r, lens[j] + r.nextInt(3)); // spare capacity past the length
                max = Math.max(max, lens[j]);
            }
            if (max == 0) {
                continue;
            }
            for (int op = 0; op < 3; op++) {
                byte[] got = BitOps.combine(op, src, lens, max);
                for (int i = 0; i < max; i++) {
                    int v = i < lens[0] ? src[0][i] & 0xFF : 0;
                    for (int j = 1; j < n; j++) {
                        int y = i < lens[j] ? src[j][i] & 0xFF : 0;
                        v = op == 0 ? v & y : op == 1 ? v | y : v ^ y;
                    }
                    assertEquals(v, got[i] & 0xFF, "op " + op + " byte " + i);
                }
            }
        }
    }
}
