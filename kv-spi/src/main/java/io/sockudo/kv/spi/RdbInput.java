package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * Primitive readers of the RDB format, for {@link ValueCodec}s. The kernel supplies one per load
 * (an RDB file, a {@code RESTORE} payload, a replica's full sync). Every read checks what it reads
 * against what is left of the payload: a length larger than the remaining bytes is corruption and
 * throws {@link IOException} before anything is allocated.
 */
public interface RdbInput {
    /** An RDB length (6/14/32/64-bit length encoding); a special string encoding is an error here. */
    long readLength() throws IOException;

    /** An RDB string in any of its encodings (plain, integer, LZF), as a new array. */
    byte[] readString() throws IOException;

    /** A binary double, little-endian ({@code RDB_TYPE_ZSET_2} scores). */
    double readBinaryDouble() throws IOException;

    /** Exactly {@code length} raw bytes. */
    void readRaw(byte[] into, int offset, int length) throws IOException;

    /** One unsigned byte. */
    int readByte() throws IOException;

    /** A millisecond time as Redis's {@code rdbLoadMillisecondTime}: 8 bytes, little-endian. */
    long readMillis() throws IOException;

    /**
     * The bytes left in the payload, or {@link Long#MAX_VALUE} when unknown. A codec reading an
     * element count checks it against this before sizing anything (every element takes at least
     * one byte), so a corrupt count cannot make it allocate without bound.
     */
    long remaining();

    /**
     * The configuration of the server that loads the value: codecs apply its encoding thresholds
     * ({@code *-max-listpack-*}, {@code set-max-intset-entries}...) as Redis's loader does.
     */
    ServerConfigView config();

    /**
     * True when the payload must be validated deeply ({@code sanitize-dump-payload yes}, or
     * {@code clients} for a client's RESTORE): every packed element checked, duplicates refused.
     * sockudo-kv's core codecs convert packed blobs into their own structures and validate them
     * completely either way; a codec that can trust a blob as it is may skip work when false.
     */
    boolean deepSanitization();
}
