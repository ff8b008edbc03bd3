package io.sockudo.kv.spi;

import java.io.IOException;

/** Primitive readers of the RDB format, for {@link ValueCodec}s. */
public interface RdbInput {
    long readLength() throws IOException;
    /** An RDB string in any of its encodings (plain, integer, LZF). */
    byte[] readString() throws IOException;
    double readBinaryDouble() throws IOException;
    void readRaw(byte[] into, int offset, int length) throws IOException;
    int readByte() throws IOException;
}
