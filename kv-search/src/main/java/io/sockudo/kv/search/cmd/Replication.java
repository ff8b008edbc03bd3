package io.sockudo.kv.search.cmd;

import io.sockudo.kv.spi.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * What the FT.* commands hand to the AOF and replicas, as RediSearch replicates them. Index
 * definitions are not keys, so nothing would be propagated otherwise: FT.CREATE goes out as
 * {@code FT._CREATEIFNX}, FT.ALTER as {@code FT._ALTERIFNX}, FT.ALIASADD as
 * {@code FT._ALIASADDIFNX}, FT.ALIASDEL as {@code FT._ALIASDELIFX} and FT.DROPINDEX/FT.DROP as the
 * deleted documents' DELs followed by {@code FT._DROPINDEXIFX index _FORCEKEEPDOCS}: forms that
 * are harmless when replayed on a server that already has (or lacks) the index. The others go
 * out verbatim.
 */
final class Replication {
    private Replication() {
    }

    /** Propagates the command as received (RedisModule_ReplicateVerbatim). */
    static void verbatim(CommandContext ctx) {
        ctx.propagateAs(java.util.Arrays.copyOf(ctx.argv(), ctx.argc()));
    }

    /** Propagates {@code name} followed by the command's arguments after its name. */
    static void as(CommandContext ctx, String name) {
        byte[][] out = new byte[ctx.argc()][];
        out[0] = name.getBytes(StandardCharsets.US_ASCII);
        for (int i = 1; i < out.length; i++) {
            out[i] = ctx.arg(i);
        }
        ctx.propagateAs(out);
    }

    static void command(CommandContext ctx, String... argv) {
        byte[][] out = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            out[i] = argv[i].getBytes(StandardCharsets.UTF_8);
        }
        ctx.propagateAs(out);
    }
}
