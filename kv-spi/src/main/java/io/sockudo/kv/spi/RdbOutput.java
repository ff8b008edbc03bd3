package io.sockudo.kv.spi;

import java.io.IOException;

/** Primitive writers of the RDB format, for {@link ValueCodec}s. */
public interface RdbOutput {
    /** An RDB length (6/14/32/64-bit length encoding). */
    void writeLength(long length) throws IOException;

    /**
     * An RDB string, as Redis's {@code rdbSaveRawString} writes it: up to 11 bytes that are a
     * canonical integer fitting 32 bits use the integer encodings; longer than 20 bytes, LZF when
     * {@code rdbcompression} is on and it saves at least 4 bytes; otherwise length-prefixed bytes.
     */
    void writeString(byte[] value, int offset, int length) throws IOException;

    default void writeString(byte[] value) throws IOException {
        writeString(value, 0, value.length);
    }

    /**
     * A compressed quicklist node as Redis writes one ({@code rdbSaveLzfBlob}): when LZF saves more
     * than 8 bytes of {@code value} (Redis's {@code MIN_COMPRESS_IMPROVE}) the LZF string is written,
     * whatever {@code rdbcompression} says, and true returned; otherwise nothing is written and false
     * returned (the caller writes the bytes with {@link #writeString}).
     */
    boolean writeCompressedNode(byte[] value, int offset, int length) throws IOException;

    /** A binary double, little-endian (RDB_TYPE_ZSET_2 scores). */
    void writeBinaryDouble(double value) throws IOException;

    /** A millisecond time as Redis's {@code rdbSaveMillisecondTime}: 8 bytes, little-endian. */
    void writeMillis(long millis) throws IOException;

    /** Raw bytes. */
    void writeRaw(byte[] value, int offset, int length) throws IOException;

    /** An unsigned 8-bit value. */
    void writeByte(int b) throws IOException;
}
