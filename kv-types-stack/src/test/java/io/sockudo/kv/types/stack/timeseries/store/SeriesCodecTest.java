package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TSDB-TYPE record: RedisTimeSeries's item sequence (checked item kind by item kind with a
 * recording double of the module-type IO), the Gorilla bit layout of a chunk against a stream
 * worked out by hand, and round trips of compressed and uncompressed series with rules.
 */
class SeriesCodecTest {
    /** Records module-type items with their kind and reads them back, failing on a kind mismatch. */
    static final class Recorder implements ModuleTypeOutput {
        final List<Object[]> items = new ArrayList<>();

        public void saveUnsigned(long v) {
            items.add(new Object[] {'U', v});
        }

        public void saveSigned(long v) {
            items.add(new Object[] {'S', v});
        }

        public void saveDouble(double v) {
            items.add(new Object[] {'D', v});
        }

        public void saveFloat(float v) {
            items.add(new Object[] {'F', v});
        }

        public void saveString(byte[] v, int off, int len) {
            items.add(new Object[] {'B', java.util.Arrays.copyOfRange(v, off, off + len)});
        }

        String kinds() {
            StringBuilder sb = new StringBuilder();
            for (Object[] i : items) {
                sb.append(i[0]);
            }
            return sb.toString();
        }

        ModuleTypeInput in() {
            return new ModuleTypeInput() {
                int pos;

                private Object next(char kind) throws IOException {
                    if (pos >= items.size()) {
                        throw new IOException("no more items");
                    }
                    Object[] i = items.get(pos++);
                    if ((char) i[0] != kind) {
                        throw new IOException("expected " + kind + " but found " + i[0]);
                    }
                    return i[1];
                }

                public long loadUnsigned() throws IOException {
                    return (Long) next('U');
                }

                public long loadSigned() throws IOException {
                    return (Long) next('S');
                }

                public double loadDouble() throws IOException {
                    return (Double) next('D');
                }

                public float loadFloat() throws IOException {
                    return (Float) next('F');
                }

                public byte[] loadString() throws IOException {
                    return (byte[]) next('B');
                }
            };
        }
    }

    @Test
    void gorillaBitsAreRedisTimeSeriesLayout() throws IOException {
        GorillaChunk c = new GorillaChunk(64);
        c.append(1000, 1.0);
        c.append(2000, 2.0);
        c.append(3000, 3.0);
        // written least significant bit first, as RedisTimeSeries's appendBits does:
        String bits = "1110" + lsbFirst(1000, 11)   // delta of deltas 1000: prefix 1110, 11-bit field
                + "1" + "1" + lsbFirst(1, 5) + lsbFirst(10, 6) + "11111111111" // 2.0^1.0: new window, leading 1, 11 bits
                + "0"                               // delta of deltas 0
                + "1" + "1" + lsbFirst(12, 5) + lsbFirst(0, 6) + "1"; // 3.0^2.0: new window, leading 12, 1 bit
        long word = 0;
        for (int i = 0; i < bits.length(); i++) {
            if (bits.charAt(i) == '1') {
                word |= 1L << i;
            }
        }
        assertEquals(bits.length(), c.usedBits());
        Recorder r = new Recorder();
        c.save(r);
        assertEquals("UUUUUUUUUUB", r.kinds());
        assertEquals(64L, r.items.get(0)[1]);
        assertEquals(3L, r.items.get(1)[1]);
        assertEquals((long) bits.length(), r.items.get(2)[1]);
        assertEquals(Double.doubleToRawLongBits(1.0), r.items.get(3)[1]);
        assertEquals(1000L, r.items.get(4)[1]);
        assertEquals(3000L, r.items.get(5)[1]);
        assertEquals(1000L, r.items.get(6)[1]);
        assertEquals(Double.doubleToRawLongBits(3.0), r.items.get(7)[1]);
        assertEquals(12L, r.items.get(8)[1]);
        assertEquals(51L, r.items.get(9)[1]);
        byte[] data = (byte[]) r.items.get(10)[1];
        assertEquals(64, data.length);
        for (int i = 0; i < 8; i++) {
            assertEquals((byte) (word >>> (8 * i)), data[i], "byte " + i);
        }
    }

    private static String lsbFirst(long v, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((v >>> i & 1) == 1 ? '1' : '0');
        }
        return sb.toString();
    }

    @Test
    void seriesRoundTripWithRules() throws IOException {
        Random rnd = new Random(3);
        for (boolean compressed : new boolean[] {true, false}) {
            Labels labels = new Labels(new byte[][] {"a".getBytes(), "b".getBytes()},
                    new byte[][] {"1".getBytes(), "x y".getBytes()});
            Series s = new Series("src".getBytes(), compressed, 128, 5000, DuplicatePolicy.MAX, 7, 0.5, labels);
            long t = 0;
            for (int i = 0; i < 700; i++) {
                t += 1 + rnd.nextInt(20);
                s.samples.append(t, rnd.nextInt(5) == 0 ? Double.NaN : rnd.nextGaussian(), s.retention, s.chunkSize);
            }
            Rule r1 = new Rule("src".getBytes(), "d1".getBytes(), AggType.TWA, 100, 5);
            r1.currentBucket = 900;
            r1.agg.bucketBounds(900, 1000);
            r1.agg.add(3, 950);
            r1.validSamples = true;
            Rule r2 = new Rule("src".getBytes(), "d2".getBytes(), AggType.AVG, 60, 0);
            s.addRule(r1);
            s.addRule(r2);
            s.srcRule = Rule.placeholder("up".getBytes(), "src".getBytes());

            Recorder rec = new Recorder();
            SeriesType.INSTANCE.save(s, rec);
            String kinds = rec.kinds();
            // name, retention, chunk size, options, last ts, last value, total, policy, source flag+name,
            // ignore (time, value), labels (count, pairs), rules (count, each: dest, bucket, align, agg, current, state), chunks
            String header = "BUUUUDUUUBUD" + "U" + "BBBB" + "U";
            assertTrue(kinds.startsWith(header), kinds);
            String twaState = "DUDUUUUUUU";
            String avgState = "DDU";
            String rules = "BUUUU" + twaState + "BUUUU" + avgState;
            assertTrue(kinds.startsWith(header + rules + "U"), kinds);
            String chunk = compressed ? "UUUUUUUUUUB" : "UUUB";
            assertEquals(header + rules + "U" + chunk.repeat(s.samples.chunkCount()), kinds);
            assertEquals((long) (compressed ? 2 : 1), rec.items.get(3)[1]);
            assertEquals(5L, rec.items.get(7)[1]); // MAX

            Series back = (Series) SeriesType.INSTANCE.load(rec.in(), SeriesType.ENCODING_VERSION);
            assertArrayEquals(s.keyName, back.keyName);
            assertEquals(s.retention, back.retention);
            assertEquals(s.chunkSize, back.chunkSize);
            assertEquals(s.policy, back.policy);
            assertEquals(7, back.ignoreMaxTimeDiff);
            assertEquals(0.5, back.ignoreMaxValDiff);
            assertEquals(compressed, back.samples.compressed());
            assertEquals(s.totalSamples(), back.totalSamples());
            assertEquals(s.lastTimestamp(), back.lastTimestamp());
            assertEquals("x y", new String(back.labels.value(1)));
            assertNotNull(back.srcRule);
            assertTrue(back.srcRule.isPlaceholder());
            assertEquals("up", new String(back.srcRule.srcKey));
            // RedisTimeSeries prepends each loaded rule, so the order comes back reversed
            assertEquals("d2", new String(back.rules.get(0).destKey));
            Rule twa = back.rules.get(1);
            assertEquals(AggType.TWA, twa.type);
            assertEquals(900, twa.currentBucket);
            assertEquals(5, twa.alignment);
            assertEquals(r1.agg.result(), twa.agg.result());
            for (int i = 0; i < s.samples.chunkCount(); i++) {
                Chunk a = s.samples.chunk(i);
                Chunk b = back.samples.chunk(i);
                long[] ta = new long[a.count()];
                double[] va = new double[a.count()];
                long[] tb = new long[b.count()];
                double[] vb = new double[b.count()];
                a.decode(ta, va);
                b.decode(tb, vb);
                assertArrayEquals(ta, tb);
                for (int k = 0; k < va.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(va[k]), Double.doubleToRawLongBits(vb[k]));
                }
            }
            Recorder again = new Recorder();
            back.rules = null;
            back.srcRule = null;
            SeriesType.INSTANCE.save(back, again);
            assertNull(back.rules);
        }
    }

    @Test
    void corruptOrNewerRecordsAreRefused() throws IOException {
        Recorder r = new Recorder();
        assertThrows(IOException.class, () -> SeriesType.INSTANCE.load(r.in(), 9));
        r.saveString("k".getBytes());
        r.saveDouble(1);
        assertThrows(IOException.class, () -> SeriesType.INSTANCE.load(r.in(), 8));
    }
}
