package io.sockudo.kv.search.index;

import io.sockudo.kv.search.schema.VectorParams;

/** Vector blobs as RediSearch reads them: little-endian FLOAT32 or FLOAT64 arrays. */
public final class Vectors {
    private Vectors() {
    }

    /** float[] for FLOAT32, double[] for FLOAT64; the blob must have the attribute's size. */
    public static Object decode(byte[] blob, VectorParams p) {
        return Processor.decode(blob, p);
    }
}
