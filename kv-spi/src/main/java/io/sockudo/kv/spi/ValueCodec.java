package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * Serializes values of one Redis core {@link ValueType} in the RDB format, with the type's own RDB
 * type bytes, exactly as redis-server 7.0 writes them (so RDB files and {@code DUMP} payloads are
 * exchangeable with it). Other types use a {@link ModuleTypeCodec}. See docs/spi.md "Codecs" for
 * the contract: when the methods run, on which thread, and how older encodings are loaded.
 */
public interface ValueCodec {
    /** The RDB type byte this codec writes for {@code value} (e.g. 0 for a string). */
    int rdbType(KvValue value);

    /** Writes the value body (after the type byte and key). */
    void write(KvValue value, RdbOutput out) throws IOException;

    /**
     * Reads a value body of RDB type {@code rdbType}, applying the loading server's thresholds
     * ({@link RdbInput#config()}). Returns null when the payload is well formed but holds no
     * element (Redis skips such keys in a file and refuses them in RESTORE). Throws
     * {@link IOException} on anything malformed, never an unchecked exception, and never leaves a
     * half-built value behind.
     */
    KvValue read(int rdbType, RdbInput in) throws IOException;

    /** The RDB type bytes this codec can read. */
    int[] rdbTypes();

    /**
     * Writes {@code value}, stored under {@code key}, as the commands that rebuild it, for an AOF
     * base in command form ({@code aof-use-rdb-preamble no}; Redis's {@code rewriteAppendOnlyFileRio}):
     * the commands redis-server writes for the type (RPUSH, SADD, ZADD, HMSET, XADD...), so the file
     * also loads there. The key's expiry follows as PEXPIREAT (written by the kernel). Runs as
     * {@link #write} does (the key's lock held, on the rewrite thread or a copy-on-write writer).
     * The default emits a RESTORE of the DUMP payload.
     */
    default void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        out.emitRestore(key, value);
    }

    /**
     * Feeds the value's elements to {@code digest} as Redis's {@code xorObjectDigest} does for the
     * type (the kernel mixes the key, the type and the expiry around it).
     */
    void digest(KvValue value, ValueDigest digest);
}
