package io.sockudo.kv.kernel.acl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Passwords are kept only as SHA-256 hashes (lower-case hex, as ACL LIST prints them) and compared in constant time. */
final class Passwords {
    private static final HexFormat HEX = HexFormat.of();

    private Passwords() {
    }

    static String hash(byte[] password) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(password));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    static String hash(String password) {
        return hash(password.getBytes(StandardCharsets.UTF_8));
    }

    /** A {@code #hash} rule's hash: 64 lower-case hex digits, as Redis accepts them. */
    static boolean validHash(String h) {
        if (h.length() != 64) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < 'a' || c > 'f') && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** Constant-time comparison of two hashes of the same length (no early exit on the first difference). */
    static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
