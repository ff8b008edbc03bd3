package io.sockudo.kv.types.stack.vectorset.hnsw;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float and int8 dot products with the JDK's incubating Vector API, used by {@link Dist}
 * when the {@code jdk.incubator.vector} module is in the boot layer (bin/sockudo-kv adds it) and
 * the CPU has 256-bit vectors or wider. C2 does not vectorise the plain int8 loop at all on
 * JDK 17 (it would have to widen bytes to ints), and compiles the float loop to an ordered
 * reduction; here both are 2–4x faster (bench/VectorKernelsBench.java, docs/benchmarks.md).
 *
 * <p>Only {@link Dist} refers to this class, behind {@link #usable()}, so it is never loaded
 * when the module is absent. The int8 product is exact integer arithmetic, so it equals the
 * scalar one bit for bit; the float one sums in another order (lanes, then across), so it can
 * differ from the scalar loop in the last bits, which is why {@link Dist} keeps Redis's scalar
 * order below 16 components.
 */
final class SimdKernels {
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128;
    private static final VectorSpecies<Short> SS = ShortVector.SPECIES_256;
    private static final VectorSpecies<Integer> IS = IntVector.SPECIES_256;

    private SimdKernels() {
    }

    /** True when the hardware runs 256-bit vectors natively (otherwise the API would emulate them). */
    static boolean usable() {
        return IntVector.SPECIES_PREFERRED.vectorBitSize() >= 256 && FS.vectorBitSize() >= 256;
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(FS);
        int i = 0;
        int up = FS.loopBound(n);
        for (; i < up; i += FS.length()) {
            acc = FloatVector.fromArray(FS, a, ao + i).fma(FloatVector.fromArray(FS, b, bo + i), acc);
        }
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** 16 bytes at a time: widened to shorts, multiplied (|x*y| <= 127 * 128 fits), summed as ints. */
    static int dotQ8(byte[] a, int ao, byte[] b, int bo, int n) {
        IntVector acc = IntVector.zero(IS);
        int i = 0;
        for (; i + 16 <= n; i += 16) {
            ShortVector x = (ShortVector) ByteVector.fromArray(BS, a, ao + i).convertShape(VectorOperators.B2S, SS, 0);
            ShortVector y = (ShortVector) ByteVector.fromArray(BS, b, bo + i).convertShape(VectorOperators.B2S, SS, 0);
            ShortVector p = x.mul(y);
            acc = acc.add((IntVector) p.convertShape(VectorOperators.S2I, IS, 0))
                    .add((IntVector) p.convertShape(VectorOperators.S2I, IS, 1));
        }
        int s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }
}
