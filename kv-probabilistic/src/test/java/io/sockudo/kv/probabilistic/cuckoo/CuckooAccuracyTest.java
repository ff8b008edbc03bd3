package io.sockudo.kv.probabilistic.cuckoo;

import io.sockudo.kv.probabilistic.common.RecordingIO;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistical acceptance of the Cuckoo filter. With 8-bit fingerprints (255 values) and buckets of
 * b slots, a non-member matches with probability at most {@code 2b/255} per sub-filter (the
 * filter's configured error); the false-positive count over the probes must stay below the
 * 1 - 1e-6 quantile of that binomial, also once the filter has grown sub-filters.
 */
class CuckooAccuracyTest {
    static final int PROBES = 200_000;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static void check(CuckooFilter f, int members) {
        for (int i = 0; i < members; i++) {
            assertTrue(f.check(CuckooFilter.hash(b("member:" + i))), "no false negatives");
        }
        int fp = 0;
        for (int i = 0; i < PROBES; i++) {
            if (f.check(CuckooFilter.hash(b("absent:" + i)))) {
                fp++;
            }
        }
        double error = f.numFilters * 2.0 * f.bucketSize / 255;
        int bound = new BinomialDistribution(PROBES, error).inverseCumulativeProbability(1 - 1e-6);
        assertTrue(fp <= bound, fp + " false positives > " + bound + " (" + f.numFilters + " sub-filters)");
    }

    @Test
    void falsePositiveRateWithinBound() {
        CuckooFilter f = CuckooFilter.create(20_000, 2, 20, 1);
        for (int i = 0; i < 16_000; i++) {
            assertEquals(CuckooFilter.INSERTED, f.insert(CuckooFilter.hash(b("member:" + i)), false));
        }
        assertEquals(1, f.numFilters);
        check(f, 16_000);
    }

    @Test
    void falsePositiveRateWithinBoundAfterGrowing() {
        CuckooFilter f = CuckooFilter.create(1_024, 4, 20, 2);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(CuckooFilter.INSERTED, f.insert(CuckooFilter.hash(b("member:" + i)), false));
        }
        assertTrue(f.numFilters > 1);
        check(f, 10_000);
    }

    @Test
    void deleteAndCount() {
        CuckooFilter f = CuckooFilter.create(1000, 2, 20, 1);
        long h = CuckooFilter.hash(b("x"));
        f.insert(h, false);
        f.insert(h, false);
        assertEquals(2, f.count(h));
        assertEquals(CuckooFilter.EXISTS, f.insert(h, true));
        assertTrue(f.delete(h));
        assertEquals(1, f.count(h));
        assertEquals(1, f.numItems);
        assertEquals(1, f.numDeletes);
    }

    @Test
    void codecRoundTrip() throws IOException {
        CuckooFilter f = CuckooFilter.create(64, 2, 20, 2);
        for (int i = 0; i < 300; i++) {
            f.insert(CuckooFilter.hash(b("m" + i)), false);
        }
        RecordingIO io = new RecordingIO();
        CuckooCodec.INSTANCE.save(f, io.out);
        assertEquals("UUUUUUU" + "UB".repeat(f.numFilters), io.kinds());
        CuckooFilter back = (CuckooFilter) CuckooCodec.INSTANCE.load(io.in(), 4);
        assertEquals(f.numItems, back.numItems);
        for (int i = 0; i < f.numFilters; i++) {
            assertArrayEquals(f.data[i], back.data[i]);
        }
        byte[] header = CuckooCommands.header(f);
        CuckooFilter empty = CuckooCommands.fromHeader(header);
        assertEquals(f.numFilters, empty.numFilters);
        assertEquals(f.reportedSize(), empty.reportedSize());
    }
}
