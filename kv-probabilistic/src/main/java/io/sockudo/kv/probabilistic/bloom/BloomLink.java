package io.sockudo.kv.probabilistic.bloom;

/**
 * One Bloom filter of a scaling chain, laid out as RedisBloom's {@code struct bloom} plus the
 * link's item count: bits are set at {@code (a + i*b) mod bits} for the {@code hashes} indexes of
 * the item's two 64-bit hashes, bit {@code x} being bit {@code x % 8} of byte {@code x / 8}.
 *
 * <p>Filters created here use RedisBloom's options FORCE64|NOROUND: the bit count is
 * {@code entries * bpe} rounded up to whole 64-bit words (no power-of-two rounding, so
 * {@code n2 == 0} and indexes are taken modulo the bit count). Filters loaded from RedisBloom
 * with a power-of-two size ({@code n2 > 0}) index modulo {@code 2^n2}, as it does.
 */
final class BloomLink {
    static final double LN2 = 0.693147180559945;
    /** ln(2)^2, the constant RedisBloom's calc_bpe divides by. */
    static final double LN2_SQUARED = 0.480453013918201;

    long entries;
    double error;
    int hashes;
    double bpe;
    long bits;
    int n2;
    byte[] bf;
    /** Items added to this link. */
    long size;

    BloomLink() {
    }

    /** bloom_init with NOROUND; null when the filter cannot be allocated. */
    static BloomLink create(long entries, double error) {
        BloomLink l = new BloomLink();
        l.entries = entries;
        l.error = error;
        l.bpe = bitsPerEntry(error);
        long bits = (long) (entries * l.bpe);
        if (bits <= 0) {
            bits = 1;
        }
        long bytes = bits % 64 != 0 ? ((bits / 64) + 1) * 8 : bits / 8;
        if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16) {
            return null;
        }
        l.bits = bytes * 8;
        l.n2 = 0;
        l.hashes = (int) Math.ceil(LN2 * l.bpe);
        l.bf = new byte[(int) bytes];
        return l;
    }

    static double bitsPerEntry(double error) {
        double bpe = -(Math.log(error) / LN2_SQUARED);
        return bpe < 0 ? -bpe : bpe;
    }

    long bytes() {
        return bf.length;
    }

    /** True when every bit of the item is set. */
    boolean check(long a, long b) {
        byte[] f = bf;
        if (n2 > 0) {
            long mask = n2 == 64 ? -1L : (1L << n2) - 1;
            for (int i = 0; i < hashes; i++) {
                long x = (a + i * b) & mask;
                if ((f[(int) (x >>> 3)] & (1 << (x & 7))) == 0) {
                    return false;
                }
            }
        } else {
            long m = bits;
            for (int i = 0; i < hashes; i++) {
                long x = Long.remainderUnsigned(a + i * b, m);
                if ((f[(int) (x >>> 3)] & (1 << (x & 7))) == 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sets the item's bits; true when at least one was unset (the item is new to this link). */
    boolean add(long a, long b) {
        byte[] f = bf;
        boolean unset = false;
        for (int i = 0; i < hashes; i++) {
            long sum = a + i * b;
            long x = n2 > 0 ? sum & (n2 == 64 ? -1L : (1L << n2) - 1) : Long.remainderUnsigned(sum, bits);
            int byteIx = (int) (x >>> 3);
            int mask = 1 << (x & 7);
            if ((f[byteIx] & mask) == 0) {
                f[byteIx] |= (byte) mask;
                unset = true;
            }
        }
        return unset;
    }

    /** bloom_validate_integrity: true when the link's parameters are consistent. */
    boolean valid() {
        return error > 0 && error < 1 && n2 >= 0 && n2 <= 63
                && !(n2 != 0 && Long.compareUnsigned(bits, 1L << n2) < 0)
                && bits != 0 && bf != null && bits == (long) bf.length * 8
                && hashes == (int) Math.ceil(LN2 * bpe);
    }

    BloomLink copy() {
        BloomLink l = new BloomLink();
        l.entries = entries;
        l.error = error;
        l.hashes = hashes;
        l.bpe = bpe;
        l.bits = bits;
        l.n2 = n2;
        l.bf = bf.clone();
        l.size = size;
        return l;
    }
}
