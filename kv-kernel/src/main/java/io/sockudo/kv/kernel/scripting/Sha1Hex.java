package io.sockudo.kv.kernel.scripting;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 as 40 lower-case hex digits (script names, redis.sha1hex). */
final class Sha1Hex {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private Sha1Hex() {
    }

    static byte[] of(byte[] data, int offset, int length) {
        MessageDigest d = DIGEST.get();
        d.reset();
        d.update(data, offset, length);
        byte[] h = d.digest();
        byte[] out = new byte[40];
        for (int i = 0; i < 20; i++) {
            out[2 * i] = HEX[(h[i] >> 4) & 15];
            out[2 * i + 1] = HEX[h[i] & 15];
        }
        return out;
    }

    static byte[] of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** Lower-cases a 40-character SHA given by a client (EVALSHA accepts either case). */
    static byte[] normalize(byte[] sha) {
        byte[] out = new byte[sha.length];
        for (int i = 0; i < sha.length; i++) {
            byte b = sha[i];
            out[i] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }
        return out;
    }
}
