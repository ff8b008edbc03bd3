package io.sockudo.kv.kernel.keyspace;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The two forms a key takes in a {@link KeyTable} slot, and what the table and {@link Database}
 * read from either without caring which it is:
 * <ul>
 *   <li>an <b>object</b> entry: {@link Entry} (no expiry) or {@link VolatileEntry} (an expiry);</li>
 *   <li>a <b>packed</b> entry: one {@code byte[]} for a key without expiry whose value has an
 *       inline form ({@link io.sockudo.kv.spi.InlineCodec}): no other object at all.</li>
 * </ul>
 * Packed layout (multi-byte fields little-endian, read through a {@link VarHandle}):
 * <pre>
 *   0  access int   LRU clock / LFU data and the {@link ImageMark} bit, updated in place
 *   4  hash int     the key's {@link KeyHash}, so resizing never re-hashes a key
 *   8  codec byte   which {@link InlineCodecs} entry wrote the value
 *   9  key length   unsigned byte (longer keys stay objects)
 *  10  key bytes, then the value's inline bytes up to the end of the array
 * </pre>
 * For the memory benchmark's 11-byte key and 10-byte string (inline: 1 kind byte + 10) that is
 * 16 + 10 + 11 + 11 = 48 bytes, against 120 for the object form (entry, key array, value object,
 * value array).
 */
final class EntryForm {
    static final int ACCESS = 0;
    static final int HASH = 4;
    static final int CODEC = 8;
    static final int KEY_LENGTH = 9;
    static final int HEADER = 10;
    /** Longest key a packed entry holds. */
    static final int MAX_KEY = 255;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private EntryForm() {
    }

    static boolean isPacked(Object slot) {
        return slot instanceof byte[];
    }

    static int hash(Object slot) {
        if (slot instanceof Entry) {
            return ((Entry) slot).hash;
        }
        return (int) INT.get((byte[]) slot, HASH);
    }

    /** True when the slot holds {@code key} (the caller has matched the hash already). */
    static boolean keyEquals(Object slot, byte[] key) {
        if (slot instanceof Entry) {
            return Arrays.equals(((Entry) slot).key, key);
        }
        byte[] p = (byte[]) slot;
        int klen = p[KEY_LENGTH] & 0xff;
        return klen == key.length && Arrays.equals(p, HEADER, HEADER + klen, key, 0, klen);
    }

    /** The key; a packed entry's is copied out (a new array each call). */
    static byte[] key(Object slot) {
        if (slot instanceof Entry) {
            return ((Entry) slot).key;
        }
        byte[] p = (byte[]) slot;
        return Arrays.copyOfRange(p, HEADER, HEADER + (p[KEY_LENGTH] & 0xff));
    }

    static int keyLength(Object slot) {
        if (slot instanceof Entry) {
            return ((Entry) slot).key.length;
        }
        return ((byte[]) slot)[KEY_LENGTH] & 0xff;
    }

    static int access(Object slot) {
        if (slot instanceof Entry) {
            return ((Entry) slot).access;
        }
        return (int) INT.get((byte[]) slot, ACCESS);
    }

    static void access(Object slot, int access) {
        if (slot instanceof Entry) {
            ((Entry) slot).access = access;
        } else {
            INT.set((byte[]) slot, ACCESS, access);
        }
    }

    /** Absolute expiry in Unix ms, or -1 (packed entries never have one). */
    static long expireAt(Object slot) {
        return slot instanceof Entry ? ((Entry) slot).expireAt() : -1;
    }

    // ---- packed entries ------------------------------------------------------------------------

    /** A packed entry's codec id. */
    static int codec(byte[] p) {
        return p[CODEC];
    }

    /** Where a packed entry's inline value starts. */
    static int valueOffset(byte[] p) {
        return HEADER + (p[KEY_LENGTH] & 0xff);
    }

    /** A new packed entry with room for {@code inlineLength} value bytes at {@link #valueOffset}. */
    static byte[] newPacked(byte[] key, int hash, int codec, int inlineLength, int access) {
        byte[] p = new byte[HEADER + key.length + inlineLength];
        INT.set(p, ACCESS, access);
        INT.set(p, HASH, hash);
        p[CODEC] = (byte) codec;
        p[KEY_LENGTH] = (byte) key.length;
        System.arraycopy(key, 0, p, HEADER, key.length);
        return p;
    }

    /** What a packed entry of {@code length} bytes occupies: the array, 8-byte aligned. */
    static long packedBytes(int length) {
        return (16L + length + 7) & ~7L;
    }
}
