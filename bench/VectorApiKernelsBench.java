import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Random;

/**
 * The float and int8 dot products of bench/VectorKernelsBench.java written with the incubating
 * Vector API (needs --add-modules jdk.incubator.vector, which the launcher does not pass, and
 * which the family's dependency rules do not allow: hence measured here only).
 */
public class VectorApiKernelsBench {
    static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Byte> BS = ByteVector.SPECIES_128;
    static final VectorSpecies<Short> SS = ShortVector.SPECIES_256;
    static final VectorSpecies<Integer> IS = IntVector.SPECIES_256;

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

    public static void main(String[] args) {
        int dim = 128;
        int n = 4096;
        Random r = new Random(1);
        float[] f = new float[dim * n];
        for (int i = 0; i < f.length; i++) {
            f[i] = r.nextFloat() - 0.5f;
        }
        byte[] q = new byte[dim * n];
        r.nextBytes(q);
        int reps = 2_000_000;
        double bf = 1e9;
        double bq = 1e9;
        float fs = 0;
        int is = 0;
        for (int round = 0; round < 7; round++) {
            long t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                fs += dot(f, ((k * 7919) & (n - 1)) * dim, f, ((k * 104729) & (n - 1)) * dim, dim);
            }
            bf = Math.min(bf, (System.nanoTime() - t) / (double) reps);
            t = System.nanoTime();
            for (int k = 0; k < reps; k++) {
                is += dotQ8(q, ((k * 7919) & (n - 1)) * dim, q, ((k * 104729) & (n - 1)) * dim, dim);
            }
            bq = Math.min(bq, (System.nanoTime() - t) / (double) reps);
        }
        System.out.printf("Vector API (%s): float %.1f | int8 %.1f ns per 128-d distance (best of 7)  [%s %d]%n",
                FS, bf, bq, fs > 0 ? "" : " ", is & 1);
    }
}
