package io.sockudo.kv.types.stack.vectorset.hnsw;

/**
 * The arithmetic a vector goes through on its way into a set, and back out for VEMB: L2
 * normalisation (cosine similarity becomes a dot product), int8 and binary quantisation, the
 * projection matrix of {@code REDUCE}. Float operations happen in the order Redis performs them,
 * so stored vectors, VEMB output and scores of small vectors come out bit for bit as Redis's.
 */
public final class VectorMath {
    private VectorMath() {
    }

    // ---------------------------------------------------------------------------------------
    // Normalisation
    // ---------------------------------------------------------------------------------------

    /**
     * Divides {@code v[off..off+dim)} by its L2 norm and returns the norm; a zero vector is left
     * as it is and reports 1 (Redis keeps a node's default l2 of 1 then).
     */
    public static float normalize(float[] v, int off, int dim) {
        float l2 = 0;
        int i = 0;
        for (; i + 3 < dim; i += 4) {
            float a = v[off + i];
            float b = v[off + i + 1];
            float c = v[off + i + 2];
            float d = v[off + i + 3];
            l2 += a * a + b * b + c * c + d * d;
        }
        for (; i < dim; i++) {
            l2 += v[off + i] * v[off + i];
        }
        if (l2 == 0) {
            return 1f;
        }
        l2 = (float) Math.sqrt(l2);
        for (i = 0; i < dim; i++) {
            v[off + i] /= l2;
        }
        return l2;
    }

    // ---------------------------------------------------------------------------------------
    // Quantisation
    // ---------------------------------------------------------------------------------------

    /**
     * Int8 quantisation of a normalised vector with its own range (the largest absolute
     * component maps to ±127). Returns the range; a zero vector gets range 0 and zero codes.
     */
    public static float quantizeQ8(float[] src, int so, byte[] dst, int dOff, int dim) {
        float maxAbs = 0;
        for (int j = 0; j < dim; j++) {
            float x = src[so + j];
            if (x > maxAbs) {
                maxAbs = x;
            }
            if (-x > maxAbs) {
                maxAbs = -x;
            }
        }
        if (maxAbs == 0) {
            for (int j = 0; j < dim; j++) {
                dst[dOff + j] = 0;
            }
            return 0f;
        }
        float scale = 127.0f / maxAbs;
        for (int j = 0; j < dim; j++) {
            dst[dOff + j] = (byte) roundHalfAway(src[so + j] * scale);
        }
        return maxAbs;
    }

    /** C's {@code roundf}: halves round away from zero (Java's Math.round rounds them up). */
    static int roundHalfAway(float x) {
        float a = Math.abs(x);
        float t = (float) Math.floor(a);
        if (a - t >= 0.5f) {
            t += 1f;
        }
        return (int) (x < 0 ? -t : t);
    }

    /** Binary quantisation: bit j of the vector is set when component j is positive. */
    public static void quantizeBin(float[] src, int so, long[] dst, int dOff, int dim) {
        int words = Quant.words(dim);
        for (int w = 0; w < words; w++) {
            dst[dOff + w] = 0;
        }
        for (int j = 0; j < dim; j++) {
            if (src[so + j] > 0) {
                dst[dOff + (j >>> 6)] |= 1L << (j & 63);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Back to floats (VEMB)
    // ---------------------------------------------------------------------------------------

    /** Approximates the vector as added: de-quantised and multiplied by its norm (binary: ±1). */
    public static void dequantize(int quant, NodeStore store, int slot, float[] out) {
        int dim = store.dim;
        NodeStore.Page p = store.page(slot);
        int i = slot & NodeStore.MASK;
        if (quant == Quant.NONE) {
            System.arraycopy(p.f, i * dim, out, 0, dim);
        } else if (quant == Quant.Q8) {
            float range = p.range[i];
            int base = i * dim;
            for (int j = 0; j < dim; j++) {
                out[j] = (p.q[base + j] * range) / 127;
            }
        } else {
            int base = i * store.words;
            for (int j = 0; j < dim; j++) {
                out[j] = (p.b[base + (j >>> 6)] & (1L << (j & 63))) != 0 ? 1.0f : -1.0f;
            }
            return;
        }
        float l2 = p.l2[i];
        for (int j = 0; j < dim; j++) {
            out[j] *= l2;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Projection (REDUCE)
    // ---------------------------------------------------------------------------------------

    /**
     * The projection matrix Redis builds for {@code REDUCE}: row i, column j is ±1/sqrt(in) with
     * the sign of the parity of {@code popcount(i & j)} (a Hadamard pattern). It is deterministic,
     * so a replica that replays VADD builds the same one; it is saved with the set anyway.
     */
    public static float[] projectionMatrix(int inputDim, int outputDim) {
        float[] m = new float[inputDim * outputDim];
        float scale = (float) (1.0 / Math.sqrt(inputDim));
        for (int i = 0; i < outputDim; i++) {
            for (int j = 0; j < inputDim; j++) {
                int sign = (Integer.bitCount(i & j) & 1) == 0 ? 1 : -1;
                m[i * inputDim + j] = sign * scale;
            }
        }
        return m;
    }

    /** {@code matrix × input}: an {@code outputDim} vector. */
    public static float[] project(float[] input, float[] matrix, int inputDim, int outputDim) {
        float[] out = new float[outputDim];
        for (int i = 0; i < outputDim; i++) {
            int row = i * inputDim;
            float sum = 0f;
            for (int j = 0; j < inputDim; j++) {
                sum += matrix[row + j] * input[j];
            }
            out[i] = sum;
        }
        return out;
    }
}
