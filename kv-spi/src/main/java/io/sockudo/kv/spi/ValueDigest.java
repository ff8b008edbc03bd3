package io.sockudo.kv.spi;

/**
 * The digest of one value as {@code DEBUG DIGEST} / {@code DEBUG DIGEST-VALUE} compute it
 * (Redis's {@code debug.c}): a 20-byte SHA-1 state that elements are mixed into (order matters,
 * lists and streams) or xor-ed into (order does not matter, sets, hashes, sorted sets). A codec
 * feeds the elements of its value in the way Redis does for the same type, so the digests of a
 * dataset can be compared with redis-server's.
 */
public interface ValueDigest {
    /** Redis's {@code mixDigest}: {@code digest = SHA1(digest xor SHA1(data))}. */
    void mix(byte[] data, int offset, int length);

    /** Redis's {@code xorDigest}: {@code digest ^= SHA1(data)}. */
    void xor(byte[] data, int offset, int length);

    /**
     * An element of two parts (a hash field and its value, a sorted-set member and its score as
     * {@code %.17g}): a zeroed element digest mixed with {@code a} then {@code b}, xor-ed into
     * the value's digest.
     */
    void xorPair(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength);

    default void mix(byte[] data) {
        mix(data, 0, data.length);
    }

    default void xor(byte[] data) {
        xor(data, 0, data.length);
    }
}
