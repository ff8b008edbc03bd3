package io.sockudo.kv.types.stack.timeseries.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property tests of the chunk encodings: whatever goes in comes out bit for bit (NaN payloads,
 * signed zeros, infinities, subnormals, timestamps at both ends of the range, any spacing),
 * including after out-of-order inserts, duplicates, deletions and splits, compared with a
 * sorted-map model.
 */
class ChunkPropertyTest {
    private static final double[] SPECIAL = {
        Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L), Double.longBitsToDouble(0xfff0000000000abcL),
        0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, 4.9e-320, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, 0.1, -12345.678
    };

    private static double value(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
            case 1 -> Double.longBitsToDouble(r.nextLong());
            case 2 -> r.nextInt(100);
            case 3 -> Math.round(r.nextGaussian() * 1000) / 100.0;
            default -> r.nextDouble();
        };
    }

    private static long step(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1000;
            case 2 -> r.nextInt(20);
            case 3 -> r.nextInt(1 << 20);
            case 4 -> (long) r.nextInt(Integer.MAX_VALUE) * r.nextInt(1 << 20);
            default -> 1000 + r.nextInt(3) - 1;
        };
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void appendedSamplesDecodeExactly(int seed) {
        Random r = new Random(seed);
        for (boolean compressed : new boolean[] {true, false}) {
            int size = 48 + 8 * r.nextInt(64);
            Chunk c = compressed ? new GorillaChunk(size) : new RawChunk(size);
            List<long[]> expected = new ArrayList<>();
            long ts = seed % 2 == 0 ? 0 : Long.MAX_VALUE / 2 + r.nextInt(1000);
            while (true) {
                double v = value(r);
                if (!c.append(ts, v)) {
                    break;
                }
                expected.add(new long[] {ts, Double.doubleToRawLongBits(v)});
                long s = step(r);
                if (ts > Long.MAX_VALUE - s) {
                    break;
                }
                ts += s + (expected.size() == 1 ? 1 : 0);
            }
            long[] outTs = new long[expected.size()];
            double[] outV = new double[expected.size()];
            assertEquals(expected.size(), c.decode(outTs, outV));
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i)[0], outTs[i], "timestamp " + i);
                assertEquals(expected.get(i)[1], Double.doubleToRawLongBits(outV[i]), "value bits " + i);
            }
            assertTrue(expected.size() >= 1);
        }
    }

    @Test
    void extremeTimestampsAndDeltas() {
        GorillaChunk c = new GorillaChunk(4096);
        long[] ts = {0, 1, Long.MAX_VALUE - 5, Long.MAX_VALUE - 4, Long.MAX_VALUE};
        for (long t : ts) {
            assertTrue(c.append(t, t));
        }
        long[] out = new long[ts.length];
        double[] vals = new double[ts.length];
        c.decode(out, vals);
        for (int i = 0; i < ts.length; i++) {
            assertEquals(ts[i], out[i]);
            assertEquals((double) ts[i], vals[i]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 12, 13, 14})
    void outOfOrderUpsertsDeletesAndSplitsMatchAModel(int seed) {
        Random r = new Random(seed);
        for (boolean compressed : new boolean[] {true, false}) {
            ChunkList list = new ChunkList(compressed, 64);
            TreeMap<Long, Double> model = new TreeMap<>();
            Chunk.Scratch scratch = new Chunk.Scratch();
            for (int i = 0; i < 3000; i++) {
                long t = r.nextInt(5000);
                double v = value(r);
                int op = r.nextInt(10);
                if (op == 0) {
                    long to = t + r.nextInt(50);
                    long expected = model.subMap(t, true, to, true).size();
                    assertEquals(expected, list.deleteRange(t, to, scratch));
                    model.subMap(t, true, to, true).clear();
                } else if (model.isEmpty() || (list.totalSamples() == 0) || t > list.lastTimestamp()) {
                    if (!model.isEmpty() && t <= model.lastKey()) {
                        continue;
                    }
                    list.append(t, v, 0, 64);
                    model.put(t, v);
                } else {
                    DuplicatePolicy p = r.nextBoolean() ? DuplicatePolicy.LAST : DuplicatePolicy.BLOCK;
                    boolean ok = list.upsert(t, v, p, 64, scratch);
                    boolean taken = model.containsKey(t);
                    assertEquals(!(taken && p == DuplicatePolicy.BLOCK), ok);
                    if (ok) {
                        model.put(t, v);
                    }
                }
                assertEquals(model.size(), list.totalSamples());
            }
            List<Long> ts = new ArrayList<>();
            List<Long> bits = new ArrayList<>();
            long prev = Long.MIN_VALUE;
            for (int i = 0; i < list.chunkCount(); i++) {
                Chunk c = list.chunk(i);
                long[] t = new long[c.count()];
                double[] v = new double[c.count()];
                c.decode(t, v);
                for (int k = 0; k < t.length; k++) {
                    assertTrue(t[k] > prev, "ordered across chunks");
                    prev = t[k];
                    ts.add(t[k]);
                    bits.add(Double.doubleToRawLongBits(v[k]));
                }
            }
            int k = 0;
            for (Map.Entry<Long, Double> e : model.entrySet()) {
                assertEquals(e.getKey(), ts.get(k));
                assertEquals(Double.doubleToRawLongBits(e.getValue()), bits.get(k));
                k++;
            }
            assertEquals(model.size(), k);
            assertFalse(list.chunkCount() == 0);
        }
    }
}
