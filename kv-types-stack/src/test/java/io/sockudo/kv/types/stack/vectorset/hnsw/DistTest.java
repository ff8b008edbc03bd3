package io.sockudo.kv.types.stack.vectorset.hnsw;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The distance kernels: this JVM runs with the Vector API module (as bin/sockudo-kv runs the
 * server), so {@link Dist} uses {@link SimdKernels}; they must agree with the plain loops the
 * server falls back to: the int8 product exactly, the float one to rounding.
 */
class DistTest {
    @Test
    void simdKernelsAreInUseHere() {
        assumeTrue(SimdKernels.usable(), "the CPU has no 256-bit vectors: the plain loops are used");
        assertTrue(Dist.SIMD, "surefire adds jdk.incubator.vector, as the launcher does");
    }

    @Test
    void int8ProductsAreExact() {
        Random r = new Random(3);
        for (int dim : new int[]{16, 17, 31, 32, 33, 100, 128, 300, 1536}) {
            byte[] a = new byte[dim + 7];
            byte[] b = new byte[dim + 5];
            for (int k = 0; k < 50; k++) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (byte) (r.nextInt(255) - 127);
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (r.nextInt(255) - 127);
                }
                assertEquals(Dist.dotQ8(a, 7, b, 5, dim), SimdKernels.dotQ8(a, 7, b, 5, dim), "dim " + dim);
            }
            java.util.Arrays.fill(a, (byte) -127);
            java.util.Arrays.fill(b, (byte) -127);
            assertEquals(127 * 127 * dim, SimdKernels.dotQ8(a, 0, b, 0, dim), "extremes, dim " + dim);
            float range = 0.37f;
            assertEquals(Dist.q8(a, 0, b, 0, dim, range, range), Dist.q8(a, 0, b, 0, dim, range, range));
        }
    }

    @Test
    void floatProductsAgreeToRounding() {
        Random r = new Random(4);
        for (int dim : new int[]{16, 17, 31, 64, 128, 129, 768}) {
            float[] a = new float[dim + 3];
            float[] b = new float[dim];
            for (int k = 0; k < 50; k++) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) r.nextGaussian();
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] = (float) r.nextGaussian();
                }
                float scalar = Dist.dot(a, 3, b, 0, dim);
                float simd = SimdKernels.dot(a, 3, b, 0, dim);
                double magnitude = 0;
                for (int i = 0; i < dim; i++) {
                    magnitude += Math.abs(a[3 + i] * b[i]);
                }
                assertEquals(scalar, simd, 1e-5 * magnitude, "dim " + dim);
            }
        }
    }
}
