package io.sockudo.kv.types.stack.vectorset.cmd;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.types.stack.vectorset.filter.Strtod;

/**
 * A vector given as arguments, Redis's {@code parseVector}: optionally {@code REDUCE dim} (VADD
 * only), then {@code FP32 <blob>} (little-endian floats) or {@code VALUES n v1 ... vn}. Any
 * problem makes the whole specification invalid ({@code ERR invalid vector specification}).
 */
final class VectorArgs {
    static final int MAX_DIM = 1 << 16;

    final float[] vector;
    /** Requested reduced dimension, 0 without REDUCE. */
    final int reduceDim;
    /** Arguments taken, REDUCE included. */
    final int consumed;

    private VectorArgs(float[] vector, int reduceDim, int consumed) {
        this.vector = vector;
        this.reduceDim = reduceDim;
        this.consumed = consumed;
    }

    int dim() {
        return vector.length;
    }

    /** Parses from argument {@code start}; null when the specification is invalid. */
    static VectorArgs parse(CommandContext ctx, int start, boolean allowReduce) {
        int argc = ctx.argc();
        int consumed = 0;
        long reduce = 0;
        if (allowReduce && argc > start + 2 && Args.is(ctx.arg(start), "REDUCE")) {
            byte[] r = ctx.arg(start + 1);
            if (!Args.isLong(r)) {
                return null;
            }
            long rdim = Args.parseLongUnchecked(r, 0, r.length);
            if (rdim <= 0) {
                return null;
            }
            // Redis keeps it in a 32-bit unsigned field
            reduce = rdim & 0xffffffffL;
            start += 2;
            consumed += 2;
        }
        if (start >= argc) {
            return null;
        }
        byte[] format = ctx.arg(start);
        float[] vec;
        if (Args.is(format, "FP32")) {
            if (argc < start + 2) {
                return null;
            }
            byte[] blob = ctx.arg(start + 1);
            if (blob.length % 4 != 0 || blob.length < 4 || blob.length / 4 > MAX_DIM) {
                return null;
            }
            vec = new float[blob.length / 4];
            for (int i = 0; i < vec.length; i++) {
                int o = i * 4;
                vec[i] = Float.intBitsToFloat((blob[o] & 0xff) | (blob[o + 1] & 0xff) << 8
                        | (blob[o + 2] & 0xff) << 16 | (blob[o + 3] & 0xff) << 24);
            }
            consumed += 2;
        } else if (Args.is(format, "VALUES")) {
            if (argc < start + 2) {
                return null;
            }
            byte[] n = ctx.arg(start + 1);
            if (!Args.isLong(n)) {
                return null;
            }
            long vdim = Args.parseLongUnchecked(n, 0, n.length);
            if (vdim < 1 || vdim > MAX_DIM || argc < start + 2 + vdim) {
                return null;
            }
            vec = new float[(int) vdim];
            for (int j = 0; j < vdim; j++) {
                double d = Strtod.redisArg(ctx.arg(start + 2 + j));
                if (Double.isNaN(d)) {
                    return null;
                }
                vec[j] = (float) d;
            }
            consumed += (int) vdim + 2;
        } else {
            return null;
        }
        if (reduce > vec.length) {
            return null;
        }
        return new VectorArgs(vec, (int) reduce, consumed);
    }
}
