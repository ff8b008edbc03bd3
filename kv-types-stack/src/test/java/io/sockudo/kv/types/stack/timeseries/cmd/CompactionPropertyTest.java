package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.types.stack.timeseries.TsFakeContext;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compaction rules equal a re-aggregation of their source: after random writes to a source with a
 * rule per aggregator (in-order samples, NaNs, and for all but twa out-of-order inserts,
 * replacements and deletions), each destination read with LATEST equals TS.RANGE of the source
 * with the rule's AGGREGATION and ALIGN. (twa depends on the samples around a bucket, which an
 * insert elsewhere changes; RedisTimeSeries recomputes only the bucket written to, so twa rules
 * are checked with strictly increasing timestamps only, and without NaNs: a bucket closed by a NaN has no next
 * sample to interpolate to.)
 */
class CompactionPropertyTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6})
    void rulesEqualReaggregation(int seed) {
        Random r = new Random(seed);
        for (boolean twaOnly : new boolean[] {false, true}) {
            TsFakeContext c = new TsFakeContext();
            c.run("TS.CREATE", "src", "DUPLICATE_POLICY", "LAST", "CHUNK_SIZE", "64");
            List<String[]> rules = new ArrayList<>();
            for (AggType t : AggType.values()) {
                if ((t == AggType.TWA) != twaOnly) {
                    continue;
                }
                String d = Integer.toString(1 + r.nextInt(60));
                String align = Integer.toString(r.nextInt(3) == 0 ? r.nextInt(100) : 0);
                String dest = "d:" + t.lower();
                c.run("TS.CREATE", dest);
                assertEquals("+OK\r\n", c.run("TS.CREATERULE", "src", dest, "AGGREGATION", t.lower(), d, align));
                rules.add(new String[] {dest, t.lower(), d, align});
            }
            long last = 0;
            for (int i = 0; i < 1500; i++) {
                int op = r.nextInt(20);
                String v = !twaOnly && r.nextInt(25) == 0 ? "nan" : Double.toString(Math.round(r.nextGaussian() * 100) / 10.0);
                if (!twaOnly && op == 0 && last > 0) {
                    long from = Math.max(0, last - 300 + r.nextInt(300));
                    long to = Math.min(last - 1, from + r.nextInt(80));
                    if (to >= from) {
                        c.run("TS.DEL", "src", Long.toString(from), Long.toString(to));
                    }
                } else if (!twaOnly && op < 4 && last > 0) {
                    long t = Math.max(0, last - r.nextInt(200));
                    c.run("TS.ADD", "src", Long.toString(t), v);
                } else {
                    last += (twaOnly ? 1 : 0) + (r.nextInt(8) == 0 ? r.nextInt(300) : r.nextInt(12));
                    c.run("TS.ADD", "src", Long.toString(last), v);
                }
            }
            for (String[] rule : rules) {
                String dest = c.run("TS.RANGE", rule[0], "-", "+", "LATEST");
                String again = c.run("TS.RANGE", "src", "-", "+", "ALIGN", rule[3], "AGGREGATION", rule[1], rule[2]);
                assertSame(again, dest, "seed " + seed + " rule " + String.join(" ", rule));
            }
        }
    }

    /** Compares two RESP2 sample arrays: timestamps exactly, values to 1e-9 relative. */
    private static void assertSame(String expected, String actual, String what) {
        String[] e = expected.split("\r\n");
        String[] a = actual.split("\r\n");
        assertEquals(e.length, a.length, what + "\n" + expected + "\nvs\n" + actual);
        for (int i = 0; i < e.length; i++) {
            if (e[i].startsWith("+") && a[i].startsWith("+") && !e[i].equals(a[i])) {
                double x = Double.parseDouble(e[i].substring(1).replace("E", "e").replace("NaN", "NaN"));
                double y = Double.parseDouble(a[i].substring(1).replace("E", "e"));
                assertEquals(x, y, 1e-9 * Math.max(1, Math.abs(x)), what + " line " + i);
            } else {
                assertEquals(e[i], a[i], what + " line " + i);
            }
        }
    }
}
