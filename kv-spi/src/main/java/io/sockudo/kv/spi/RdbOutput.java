package io.sockudo.kv.spi;

import java.io.IOException;

/** Primitive writers of the RDB format, for {@link ValueCodec}s. */
public interface RdbOutput {
    /** An RDB length (6/14/32/64-bit length encoding). */
    void writeLength(long length) throws IOException;
    /** An RDB string (length-prefixed; the engine may use integer or LZF encodings). */
    void writeString(byte[] value, int offset, int length) throws IOException;
    default void writeString(byte[] value) throws IOException { writeString(value, 0, value.length); }
    /** A binary double, little-endian (RDB_TYPE_ZSET_2 scores). */
    void writeBinaryDouble(double value) throws IOException;
    /** Raw bytes. */
    void writeRaw(byte[] value, int offset, int length) throws IOException;
    /** An unsigned 8-bit value. */
    void writeByte(int b) throws IOException;
}
