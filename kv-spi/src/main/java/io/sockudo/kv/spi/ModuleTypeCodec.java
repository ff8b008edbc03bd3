package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * RDB serialization of a value type that Redis core does not have, as a Redis module-type record
 * ({@code RDB_TYPE_MODULE_2}): the kernel writes the type byte, the 64-bit module type id made of
 * {@link #typeName()} and {@link #encodingVersion()} (as {@code moduleTypeEncodeId} does), then
 * the items the codec saves, each behind its opcode, and the closing EOF opcode. A payload written
 * this way is what Redis with the module of the same type name would write, so RDB files and
 * DUMP payloads can be exchanged with it when the codec follows that module's item sequence.
 *
 * <p>A value type supplies either a {@link ValueCodec} (Redis core types) or a
 * {@code ModuleTypeCodec} (everything else) through {@link ValueType}.
 */
public interface ModuleTypeCodec {
    /**
     * The module type name: exactly 9 characters from {@code A-Z a-z 0-9 - _}, e.g.
     * {@code "ReJSON-RL"} or {@code "MBbloom--"}.
     */
    String typeName();

    /** The encoding version written with every record, 0 to 1023. */
    int encodingVersion();

    /** Writes the value as a sequence of items (RedisModule_Save* calls). */
    void save(KvValue value, ModuleTypeOutput out) throws IOException;

    /**
     * Reads a value written with {@code encodingVersion} (this codec's or an older one). Throws
     * {@link IOException} on a payload it cannot read (an unknown newer version included).
     */
    KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException;

    /**
     * Writes {@code value}, stored under {@code key}, as the commands that rebuild it, for an AOF
     * base in command form ({@code aof-use-rdb-preamble no}; a Redis module type's {@code aof_rewrite}).
     * Use the family's own commands where they rebuild the value exactly (JSON.SET, TS.CREATE +
     * TS.MADD...); the key's expiry follows as PEXPIREAT (written by the kernel). Runs as
     * {@link #save} does. The default emits a RESTORE of the DUMP payload, as RedisBloom's
     * {@code RMUtil_DefaultAofRewrite} does for its types without a command form.
     */
    default void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        out.emitRestore(key, value);
    }

    /**
     * Feeds the value to {@code digest} for {@code DEBUG DIGEST} (Redis's module {@code digest}
     * callback). The default digests what {@link #save} writes: every string item and the decimal
     * form of every integer item in order (floats and doubles as their IEEE 754 bits), as one
     * sequence. A codec whose Redis module computes its digest differently overrides it.
     */
    default void digest(KvValue value, ModuleTypeDigest digest) {
        try {
            save(value, new ModuleTypeOutput() {
                @Override
                public void saveUnsigned(long v) {
                    digest.addLongLong(v);
                }

                @Override
                public void saveSigned(long v) {
                    digest.addLongLong(v);
                }

                @Override
                public void saveDouble(double v) {
                    digest.addLongLong(Double.doubleToRawLongBits(v));
                }

                @Override
                public void saveFloat(float v) {
                    digest.addLongLong(Float.floatToRawIntBits(v));
                }

                @Override
                public void saveString(byte[] v, int offset, int length) {
                    digest.addStringBuffer(v, offset, length);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        digest.endSequence();
    }
}
