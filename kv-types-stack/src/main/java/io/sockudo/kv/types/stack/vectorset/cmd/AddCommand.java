package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.types.stack.vectorset.VectorSet;
import io.sockudo.kv.types.stack.vectorset.hnsw.Hnsw;
import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;
import io.sockudo.kv.types.stack.vectorset.hnsw.Query;
import io.sockudo.kv.types.stack.vectorset.hnsw.VectorMath;

/**
 * {@code VADD key [REDUCE dim] (FP32 blob | VALUES n v...) element [CAS] [NOQUANT | Q8 | BIN]
 * [EF build-ef] [SETATTR json] [M numlinks]}, with Redis's checks in Redis's order.
 *
 * <p>With {@code CAS} (for a new element of an existing set) the neighbour search runs on a
 * worker thread under the set's read lock; back on the connection, under the key's lock, the
 * element is linked with the neighbours found if the key still holds the same set, the element
 * is still absent and no deletion happened meanwhile, or inserted afresh otherwise. Like Redis it
 * replies true even when the key was deleted or replaced meanwhile (the VADD then counts as
 * having run before that). Inside MULTI/EXEC and scripts CAS is ignored. A VADD with CAS always
 * propagates without it (Redis replicates it verbatim and its replicas drop CAS).
 */
final class AddCommand {
    private static final long DEFAULT_EF = Hnsw.EF_CONSTRUCTION;

    private AddCommand() {
    }

    static void register(ModuleRegistry r) {
        r.command(Specs.write("vadd", -5, false, true, AddCommand::vadd)
                .summary("Add one or more elements to a vector set, or update its vector if it already exists")
                .args(Specs.key(),
                        ArgSpec.block("reduce", ArgSpec.integer("dim")).token("REDUCE").optional(),
                        ArgSpec.oneOf("format", ArgSpec.pureToken("fp32", "FP32"), ArgSpec.pureToken("values", "VALUES")),
                        ArgSpec.string("vector"),
                        Specs.element(),
                        ArgSpec.pureToken("cas", "CAS").optional(),
                        ArgSpec.oneOf("quant_type", ArgSpec.pureToken("noquant", "NOQUANT"),
                                ArgSpec.pureToken("bin", "BIN"), ArgSpec.pureToken("q8", "Q8")).optional(),
                        ArgSpec.integer("build-exploration-factor").token("EF").optional(),
                        ArgSpec.string("attributes").token("SETATTR").optional(),
                        ArgSpec.integer("numlinks").token("M").optional())
                .build());
    }

    static void vadd(CommandContext ctx) {
        VectorArgs va = VectorArgs.parse(ctx, 2, true);
        if (va == null) {
            throw new KvException("ERR invalid vector specification");
        }
        int argc = ctx.argc();
        if (argc - 2 - va.consumed < 1) {
            throw new KvException(Specs.wrongArity("VADD"));
        }
        boolean cas = false;
        boolean[] casAt = null;
        long ef = DEFAULT_EF;
        long m = Hnsw.DEFAULT_M;
        byte[] attr = null;
        int quant = Quant.Q8;
        for (int j = 2 + va.consumed + 1; j < argc; j++) {
            byte[] opt = ctx.arg(j);
            if (Args.is(opt, "CAS")) {
                cas = true;
                if (casAt == null) {
                    casAt = new boolean[argc];
                }
                casAt[j] = true;
            } else if (Args.is(opt, "EF") && j + 1 < argc) {
                ef = longArg(ctx.arg(j + 1), "ERR invalid EF");
                if (ef <= 0 || ef > 1_000_000) {
                    throw new KvException("ERR invalid EF");
                }
                j++;
            } else if (Args.is(opt, "M") && j + 1 < argc) {
                m = longArg(ctx.arg(j + 1), "ERR invalid M");
                if (m < Hnsw.MIN_M || m > Hnsw.MAX_M) {
                    throw new KvException("ERR invalid M");
                }
                j++;
            } else if (Args.is(opt, "SETATTR") && j + 1 < argc) {
                attr = ctx.arg(j + 1);
                j++;
            } else if (Args.is(opt, "NOQUANT")) {
                quant = Quant.NONE;
            } else if (Args.is(opt, "BIN")) {
                quant = Quant.BIN;
            } else if (Args.is(opt, "Q8")) {
                quant = Quant.Q8;
            } else {
                throw new KvException("ERR invalid option after element");
            }
        }
        // Inside MULTI/EXEC and scripts the command runs where it is, as Redis drops CAS there.
        if (!ctx.canBlock()) {
            cas = false;
        }

        byte[] key = ctx.arg(1);
        KvValue current = ctx.db().get(key);
        if (current != null && !(current instanceof VectorSet)) {
            ctx.reply().wrongType();
            return;
        }
        byte[] element = ctx.arg(2 + va.consumed);
        float[] vec = va.vector;
        int dim = vec.length;
        int reduce = va.reduceDim;

        if (current == null) {
            // The first element is inserted at once: CAS would leave the key empty meanwhile.
            float[] projection = null;
            if (reduce > 0) {
                projection = VectorMath.projectionMatrix(dim, reduce);
                vec = VectorMath.project(vec, projection, dim, reduce);
            }
            VectorSet set = new VectorSet(reduce > 0 ? reduce : dim, quant, (int) m, projection,
                    reduce > 0 ? dim : 0);
            set.add(vec, element, attr, (int) ef);
            ctx.db().put(key, set);
            propagateWithoutCas(ctx, casAt);
            ctx.reply().bool(true);
            return;
        }

        VectorSet set = (VectorSet) current;
        if (set.quant() != quant) {
            throw new KvException("ERR asked quantization mismatch with existing vector set");
        }
        if (set.m() != m) {
            throw new KvException("ERR asked M value mismatch with existing vector set");
        }
        float[] projection = set.projection();
        if ((projection == null && set.dim() != dim) || (projection != null && set.dim() != reduce)) {
            throw new KvException("ERR Vector dimension mismatch - got " + dim + " but set has " + set.dim());
        }
        if (reduce > 0) {
            if (projection == null) {
                throw new KvException("ERR cannot add projection to existing set without projection");
            }
            if (reduce != set.dim()) {
                throw new KvException("ERR projection dimension mismatch with existing set");
            }
        }
        if (projection != null) {
            if (dim != set.projectionInputDim()) {
                throw new KvException("ERR Input dimension mismatch for projection - got " + dim
                        + " but projection expects " + set.projectionInputDim());
            }
            vec = VectorMath.project(vec, projection, dim, set.dim());
        }
        // An update deletes the node before inserting it again: nothing to search ahead of time.
        if (cas && set.slotOf(element) >= 0) {
            cas = false;
        }
        if (cas) {
            addConcurrently(ctx, key, set, vec, element, attr, (int) ef, casAt);
            return;
        }
        boolean added = set.add(vec, element, attr, (int) ef);
        ctx.db().modified(key);
        propagateWithoutCas(ctx, casAt);
        ctx.reply().bool(added);
    }

    /**
     * A VADD that named CAS but ran where it stands (a new key, an update, MULTI/EXEC, a script)
     * propagates without it, like the CAS insert that commits later: a replica or an AOF replay
     * then applies it in stream order, never off its own loop.
     */
    private static void propagateWithoutCas(CommandContext ctx, boolean[] casAt) {
        if (casAt != null) {
            ctx.propagateAs(withoutArg(ctx, casAt));
        }
    }

    /** CAS: the neighbour search off the event loop, the link back on it. */
    private static void addConcurrently(CommandContext ctx, byte[] key, VectorSet set, float[] vec, byte[] element,
                                        byte[] attr, int ef, boolean[] casAt) {
        Query q = set.query(vec);
        byte[][] effect = withoutArg(ctx, casAt);
        ctx.offload(() -> set.prepareConcurrently(q, element, ef), (c, plan) -> {
            // Same set (not deleted or replaced meanwhile), element still absent: link it.
            if (c.db().get(key) == set && set.slotOf(element) < 0) {
                set.commit(plan, element, attr, ef);
                c.db().modified(key);
                // Replicas and the AOF apply it where it stands, as Redis drops CAS there.
                c.propagateAs(effect);
            }
            c.reply().bool(true);
        });
    }

    /** The command's arguments without the CAS options (a new argument vector). */
    private static byte[][] withoutArg(CommandContext ctx, boolean[] skip) {
        int argc = ctx.argc();
        int n = 0;
        for (int i = 0; i < argc; i++) {
            if (!skip[i]) {
                n++;
            }
        }
        byte[][] out = new byte[n][];
        for (int i = 0, k = 0; i < argc; i++) {
            if (!skip[i]) {
                out[k++] = ctx.arg(i);
            }
        }
        return out;
    }

    private static long longArg(byte[] b, String error) {
        if (!Args.isLong(b)) {
            throw new KvException(error);
        }
        return Args.parseLongUnchecked(b, 0, b.length);
    }
}
