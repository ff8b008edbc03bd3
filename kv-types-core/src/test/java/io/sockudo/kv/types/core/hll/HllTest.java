package io.sockudo.kv.types.core.hll;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HLL layout: sparse edits against a dense model, promotion, validation, merging. */
class HllTest {
    private static Hll.Edit newSparse() {
        Hll.Edit e = new Hll.Edit();
        e.array = Hll.create();
        e.length = e.array.length;
        return e;
    }

    private static byte[] emptyDense() {
        byte[] d = Hll.sparseToDense(Hll.create(), Hll.HDR + 2);
        assertNotNull(d);
        return d;
    }

    private static void assertSameRegisters(Hll.Edit e, byte[] dense) {
        byte[] asDense = e.array[Hll.ENCODING] == Hll.DENSE ? Arrays.copyOf(e.array, e.length)
                : Hll.sparseToDense(e.array, e.length);
        assertNotNull(asDense, "sparse value is valid");
        assertArrayEquals(Arrays.copyOfRange(dense, Hll.HDR, Hll.DENSE_SIZE),
                Arrays.copyOfRange(asDense, Hll.HDR, Hll.DENSE_SIZE));
    }

    @Test
    void newValueIsEmptySparse() {
        byte[] a = Hll.create();
        assertArrayEquals(new byte[] {'H', 'Y', 'L', 'L', 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, (byte) 0xff}, a);
        assertTrue(Hll.isHll(a, a.length));
        assertEquals(0, Hll.estimate(Hll.histogram(a, a.length)));
    }

    @Test
    void sparseEditsMatchDenseModel() {
        SplittableRandom r = new SplittableRandom(11);
        for (int round = 0; round < 40; round++) {
            Hll.Edit e = newSparse();
            byte[] dense = emptyDense();
            long sparseMax = round % 4 == 0 ? 60 + r.nextInt(200) : 3000;
            int adds = 1 + r.nextInt(3000);
            // registers close together exercise the VAL split/merge cases, random ones the XZERO splits
            int base = r.nextInt(Hll.REGISTERS);
            for (int i = 0; i < adds; i++) {
                int index = r.nextInt(3) == 0 ? (base + r.nextInt(40)) % Hll.REGISTERS : r.nextInt(Hll.REGISTERS);
                int count = 1 + Math.min(r.nextInt(8), r.nextInt(8));
                boolean changed = count > Hll.getRegister(dense, index);
                int rc = e.array[Hll.ENCODING] == Hll.DENSE
                        ? (Hll.denseSet(e.array, index, count) ? 1 : 0)
                        : Hll.sparseSet(e, index, count, sparseMax);
                Hll.denseSet(dense, index, count);
                assertEquals(changed ? 1 : 0, rc);
                if (e.array[Hll.ENCODING] == Hll.SPARSE) {
                    assertTrue(e.length <= Math.max(sparseMax, Hll.HDR + 2), "sparse stays within its limit");
                    for (int k = e.length; k < e.array.length; k++) {
                        assertEquals(0, e.array[k], "spare capacity stays zero");
                    }
                }
            }
            assertSameRegisters(e, dense);
            assertEquals(Hll.estimate(Hll.histogram(dense, dense.length)), Hll.estimate(Hll.histogram(e.array, e.length)));
        }
    }

    @Test
    void registerAbove32PromotesToDense() {
        Hll.Edit e = newSparse();
        assertEquals(1, Hll.sparseSet(e, 5, 3, 3000));
        assertEquals(1, Hll.sparseSet(e, 100, 40, 3000));
        assertEquals(Hll.DENSE, e.array[Hll.ENCODING]);
        assertEquals(Hll.DENSE_SIZE, e.length);
        assertEquals(3, Hll.getRegister(e.array, 5));
        assertEquals(40, Hll.getRegister(e.array, 100));
        assertEquals(0, Hll.getRegister(e.array, 101));
    }

    @Test
    void denseRegisterPacking() {
        byte[] d = emptyDense();
        for (int i = 0; i < Hll.REGISTERS; i++) {
            Hll.setRegister(d, i, (i * 7) & 63);
        }
        for (int i = 0; i < Hll.REGISTERS; i++) {
            assertEquals((i * 7) & 63, Hll.getRegister(d, i));
        }
        byte[] max = new byte[Hll.REGISTERS];
        assertTrue(Hll.mergeInto(max, d, d.length));
        for (int i = 0; i < Hll.REGISTERS; i++) {
            assertEquals((i * 7) & 63, max[i]);
        }
    }

    @Test
    void validationAndCorruption() {
        byte[] a = Hll.create();
        assertFalse(Hll.isHll(a, 15));
        byte[] bad = a.clone();
        bad[Hll.ENCODING] = 2;
        assertFalse(Hll.isHll(bad, bad.length));
        bad[Hll.ENCODING] = Hll.DENSE;
        assertFalse(Hll.isHll(bad, bad.length), "dense must be exactly 12304 bytes");
        byte[] shortRun = a.clone();
        shortRun[17] = (byte) 0xfe; // XZERO of 16383 registers only
        assertTrue(Hll.isHll(shortRun, shortRun.length));
        assertNull(Hll.histogram(shortRun, shortRun.length));
        assertNull(Hll.sparseToDense(shortRun, shortRun.length));
        assertFalse(Hll.mergeInto(new byte[Hll.REGISTERS], shortRun, shortRun.length));
        Hll.Edit e = new Hll.Edit();
        e.array = shortRun;
        e.length = shortRun.length;
        assertEquals(-1, Hll.sparseSet(e, Hll.REGISTERS - 1, 1, 3000));
    }

    @Test
    void cachedCardinalityBytes() {
        byte[] a = Hll.create();
        assertTrue(Hll.cacheValid(a));
        Hll.setCachedCard(a, 0x0102030405L);
        assertEquals(0x0102030405L, Hll.cachedCard(a));
        Hll.invalidateCache(a);
        assertFalse(Hll.cacheValid(a));
        assertEquals((byte) 0x80, a[15]);
        assertEquals(5, a[8]);
    }

    @Test
    void selfTestPasses() {
        assertNull(HllDebug.selfTest());
    }

    @Test
    void decodeText() {
        Hll.Edit e = newSparse();
        Hll.sparseSet(e, 0, 2, 3000);
        Hll.sparseSet(e, 1, 2, 3000);
        Hll.sparseSet(e, 100, 5, 3000);
        assertEquals("v:2,2 Z:98 v:5,1 Z:16283", HllDebug.decode(e.array, e.length));
    }

    @Test
    void hashIsStable() {
        byte[] x = "hello".getBytes(StandardCharsets.US_ASCII);
        assertEquals(MurmurHash64A.hash(x, 0, x.length, Hll.SEED), MurmurHash64A.hash(("_" + "hello").getBytes(), 1, 5, Hll.SEED));
    }
}
