package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * Serializes values of one {@link ValueType} in the RDB format. Redis core types use their own
 * RDB type bytes; other types use the module-type record with a 64-bit module type id.
 */
public interface ValueCodec {
    /** The RDB type byte this codec writes for {@code value} (e.g. 0 for a string). */
    int rdbType(KvValue value);

    /** Writes the value body (after the type byte and key). */
    void write(KvValue value, RdbOutput out) throws IOException;

    /** Reads a value body of RDB type {@code rdbType}. */
    KvValue read(int rdbType, RdbInput in) throws IOException;

    /** The RDB type bytes this codec can read. */
    int[] rdbTypes();
}
