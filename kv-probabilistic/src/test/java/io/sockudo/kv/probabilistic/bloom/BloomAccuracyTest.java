package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.probabilistic.common.RecordingIO;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistical acceptance of the scalable Bloom filter: the false-positive count over {@value #PROBES}
 * non-members must not exceed the 1 - 1e-6 quantile of Binomial(PROBES, error), i.e. a filter meeting
 * its configured error fails this test with probability below one in a million. Items are fixed
 * strings, so the test is deterministic.
 */
class BloomAccuracyTest {
    static final int PROBES = 200_000;
    static final double CONFIDENCE = 1 - 1e-6;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static int falsePositives(BloomChain c) {
        int fp = 0;
        for (int i = 0; i < PROBES; i++) {
            if (c.check(b("absent:" + i))) {
                fp++;
            }
        }
        return fp;
    }

    private static int bound(double error) {
        return new BinomialDistribution(PROBES, error).inverseCumulativeProbability(CONFIDENCE);
    }

    @Test
    void falsePositiveRateWithinConfiguredErrorAtCapacity() {
        for (double error : new double[] {0.01, 0.001}) {
            BloomChain c = BloomChain.create(20_000, error, false, 2);
            for (int i = 0; i < 20_000; i++) {
                c.add(b("member:" + i));
            }
            assertEquals(1, c.nfilters, "exactly at capacity: no second filter");
            for (int i = 0; i < 20_000; i++) {
                assertTrue(c.check(b("member:" + i)), "no false negatives");
            }
            int fp = falsePositives(c);
            assertTrue(fp <= bound(error), "error " + error + ": " + fp + " false positives > " + bound(error));
        }
    }

    @Test
    void falsePositiveRateWithinConfiguredErrorAfterScaling() {
        BloomChain c = BloomChain.create(1_000, 0.01, false, 2);
        for (int i = 0; i < 60_000; i++) {
            c.add(b("member:" + i));
        }
        assertTrue(c.nfilters >= 5, "scaled to " + c.nfilters + " filters");
        // each new filter halves the error: the compound rate stays below the configured 1 %
        double compound = 0;
        for (int i = 0; i < c.nfilters; i++) {
            compound += c.links[i].error;
            if (i > 0) {
                assertEquals(c.links[i - 1].error / 2, c.links[i].error);
                assertEquals(c.links[i - 1].entries * 2, c.links[i].entries);
            }
        }
        assertTrue(compound < 0.01);
        int fp = falsePositives(c);
        assertTrue(fp <= bound(0.01), fp + " false positives > " + bound(0.01));
    }

    @Test
    void nonScalingFilterRefusesWhenFull() {
        BloomChain c = BloomChain.create(10, 0.01, true, 2);
        int added = 0;
        int full = 0;
        for (int i = 0; i < 20; i++) {
            int rv = c.add(b("x" + i));
            if (rv == BloomChain.ADDED) {
                added++;
            } else if (rv == BloomChain.FULL) {
                full++;
            }
        }
        assertEquals(10, added);
        assertEquals(10, full);
        assertEquals(1, c.nfilters);
    }

    @Test
    void codecRoundTripFollowsRedisBloomItems() throws IOException {
        BloomChain c = BloomChain.create(100, 0.01, false, 2);
        for (int i = 0; i < 300; i++) {
            c.add(b("m" + i));
        }
        RecordingIO io = new RecordingIO();
        BloomCodec.INSTANCE.save(c, io.out);
        assertEquals("UUUU" + "UDUDUUBU".repeat(c.nfilters), io.kinds());
        BloomChain back = (BloomChain) BloomCodec.INSTANCE.load(io.in(), 4);
        assertEquals(c.size, back.size);
        assertEquals(c.nfilters, back.nfilters);
        for (int i = 0; i < c.nfilters; i++) {
            assertArrayEquals(c.links[i].bf, back.links[i].bf);
        }
        for (int i = 0; i < 300; i++) {
            assertTrue(back.check(b("m" + i)));
        }
        assertThrows(IOException.class, () -> BloomCodec.INSTANCE.load(io.in(), 5));
        assertEquals("MBbloom--", BloomCodec.INSTANCE.typeName());
    }

    @Test
    void headerRoundTripAndRejectsCorruption() {
        BloomChain c = BloomChain.create(100, 0.01, false, 4);
        c.add(b("a"));
        byte[] h = BloomDump.header(c);
        assertEquals(BloomDump.HEADER + BloomDump.LINK, h.length);
        BloomChain back = BloomDump.fromHeader(h);
        assertEquals(c.size, back.size);
        assertEquals(4, back.growth);
        assertFalse(back.check(b("a")), "the header carries no bits");
        h[BloomDump.HEADER + 40] ^= 1; // hashes no longer match bpe
        assertNull(BloomDump.fromHeader(h));
        assertNull(BloomDump.fromHeader(new byte[5]));
    }
}
