package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.ModuleTypeDigest;
import io.sockudo.kv.spi.ValueDigest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The 20-byte digests of Redis's {@code debug.c}: {@code xorDigest} (xor the SHA-1 of the data
 * into the state) and {@code mixDigest} (xor, then replace the state by its own SHA-1), plus the
 * module digest context ({@code RedisModuleDigest}: a sequence state mixed element by element and
 * xor-ed into the result at each end of sequence). Not thread-safe.
 */
final class Sha1Digest implements ValueDigest, ModuleTypeDigest {
    private final MessageDigest sha1;
    final byte[] state = new byte[20];
    private final byte[] scratch = new byte[20];
    private final byte[] element = new byte[20];
    /** Module digests: the running sequence ({@code md.o}); the result is {@link #state} ({@code md.x}). */
    private final byte[] sequence = new byte[20];

    Sha1Digest() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is always available", e);
        }
    }

    void reset() {
        java.util.Arrays.fill(state, (byte) 0);
        java.util.Arrays.fill(sequence, (byte) 0);
    }

    /** {@code into ^= SHA1(data)}. */
    void xorInto(byte[] into, byte[] data, int off, int len) {
        sha1.update(data, off, len);
        try {
            sha1.digest(scratch, 0, 20);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 20; i++) {
            into[i] ^= scratch[i];
        }
    }

    /** {@code into = SHA1(into ^ SHA1(data))}. */
    void mixInto(byte[] into, byte[] data, int off, int len) {
        xorInto(into, data, off, len);
        sha1.update(into, 0, 20);
        try {
            sha1.digest(into, 0, 20);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void mix(byte[] data, int offset, int length) {
        mixInto(state, data, offset, length);
    }

    @Override
    public void xor(byte[] data, int offset, int length) {
        xorInto(state, data, offset, length);
    }

    @Override
    public void xorPair(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        java.util.Arrays.fill(element, (byte) 0);
        mixInto(element, a, aOffset, aLength);
        mixInto(element, b, bOffset, bLength);
        xorInto(state, element, 0, 20);
    }

    @Override
    public void addStringBuffer(byte[] data, int offset, int length) {
        mixInto(sequence, data, offset, length);
    }

    @Override
    public void addLongLong(long value) {
        byte[] d = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        mixInto(sequence, d, 0, d.length);
    }

    @Override
    public void endSequence() {
        xorInto(state, sequence, 0, 20);
        java.util.Arrays.fill(sequence, (byte) 0);
    }

    static String hex(byte[] d) {
        StringBuilder sb = new StringBuilder(40);
        for (byte b : d) {
            sb.append(Character.forDigit((b >>> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
