package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * Where a value (or a module's aux state) writes itself as commands when the kernel writes the base
 * of an AOF in command form ({@code aof-use-rdb-preamble no}), as Redis's {@code aof_rewrite}
 * callbacks call {@code RedisModule_EmitAOF}. Replaying what was emitted, in order, on an empty
 * server must rebuild the value exactly. The kernel implements it; see docs/spi.md, "Codecs".
 */
public interface AofOutput {
    /** Emits one command: {@code argv[0]} is its name. */
    void emit(byte[]... argv) throws IOException;

    /**
     * Emits {@code RESTORE key 0 <payload>} with {@code value}'s DUMP payload (its codec's record):
     * the form for a value that has no command that rebuilds it (RedisBloom's default
     * {@code aof_rewrite} does the same). The key's expiry is emitted by the kernel afterwards.
     */
    void emitRestore(byte[] key, KvValue value) throws IOException;
}
