package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.types.stack.timeseries.TsFakeContext;
import io.sockudo.kv.types.stack.timeseries.agg.AggType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MRANGE GROUPBY/REDUCE equals a naive grouping: random series with a grouping label (some
 * without it, some filtered out), overlapping timestamps and NaNs; the reply of
 * {@code TS.MRANGE ... FILTER ... GROUPBY g REDUCE r} (with and without AGGREGATION and COUNT, in
 * both directions) is compared with grouping the members' own TS.RANGE results by the label's
 * value and reducing each timestamp's non-NaN values from the definition of the reducer.
 */
class GroupByPropertyTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void groupByReduceEqualsNaiveGrouping(int seed) {
        Random r = new Random(seed);
        TsFakeContext c = new TsFakeContext();
        int series = 3 + r.nextInt(8);
        List<String> keys = new ArrayList<>();
        Map<String, String> groupOf = new TreeMap<>();
        for (int i = 0; i < series; i++) {
            String key = "s" + i;
            boolean member = r.nextInt(5) != 0;
            String group = "g" + r.nextInt(3);
            List<String> cmd = new ArrayList<>(List.of("TS.CREATE", key, "LABELS", "kind", member ? "m" : "other"));
            if (r.nextInt(6) != 0) {
                cmd.add("grp");
                cmd.add(group);
                if (member) {
                    groupOf.put(key, group);
                }
            }
            c.run(cmd.toArray(new String[0]));
            keys.add(key);
            long t = r.nextInt(5);
            for (int k = 0; k < 60; k++) {
                String v = r.nextInt(15) == 0 ? "nan" : Integer.toString(r.nextInt(200) - 100);
                c.run("TS.ADD", key, Long.toString(t), v);
                t += 1 + r.nextInt(4);
            }
        }
        for (int round = 0; round < 30; round++) {
            AggType reducer;
            do {
                reducer = AggType.values()[r.nextInt(AggType.values().length)];
            } while (!reducer.reducer());
            List<String> range = new ArrayList<>(List.of("-", "+"));
            if (r.nextBoolean()) {
                range.addAll(List.of("AGGREGATION", AggType.values()[r.nextInt(12)].lower(), Integer.toString(1 + r.nextInt(20))));
            }
            if (r.nextInt(3) == 0) {
                range.addAll(List.of("COUNT", Integer.toString(r.nextInt(30))));
            }
            boolean reverse = r.nextBoolean();
            List<String> cmd = new ArrayList<>(List.of(reverse ? "TS.MREVRANGE" : "TS.MRANGE"));
            cmd.addAll(range);
            cmd.addAll(List.of("FILTER", "kind=m", "GROUPBY", "grp", "REDUCE", reducer.lower()));
            List<Object> got = Resp.parse(c.run(cmd.toArray(new String[0])));

            // naive: each member's own range, grouped by label value, reduced per timestamp
            TreeMap<String, TreeMap<Long, List<Double>>> groups = new TreeMap<>();
            TreeMap<String, List<String>> sources = new TreeMap<>();
            for (var e : groupOf.entrySet()) {
                List<String> one = new ArrayList<>(List.of(reverse ? "TS.REVRANGE" : "TS.RANGE", e.getKey()));
                one.addAll(range);
                List<Object> samples = Resp.parse(c.run(one.toArray(new String[0])));
                TreeMap<Long, List<Double>> byTs = groups.computeIfAbsent(e.getValue(), g -> new TreeMap<>());
                sources.computeIfAbsent(e.getValue(), g -> new ArrayList<>()).add(e.getKey());
                for (Object o : samples) {
                    List<?> pair = (List<?>) o;
                    byTs.computeIfAbsent((Long) pair.get(0), t -> new ArrayList<>()).add(Resp.number(pair.get(1)));
                }
            }
            String what = "seed " + seed + " round " + round + " " + String.join(" ", cmd);
            assertEquals(groups.size(), got.size(), what);
            int gi = 0;
            for (var g : groups.entrySet()) {
                List<?> entry = (List<?>) got.get(gi++);
                assertEquals("grp=" + g.getKey(), entry.get(0), what);
                assertTrue(((List<?>) entry.get(1)).isEmpty(), what);
                List<long[]> expectedTs = new ArrayList<>();
                List<Double> expectedV = new ArrayList<>();
                for (var e : g.getValue().entrySet()) {
                    expectedTs.add(new long[] {e.getKey()});
                    expectedV.add(reduce(reducer, e.getValue()));
                }
                if (reverse) {
                    java.util.Collections.reverse(expectedTs);
                    java.util.Collections.reverse(expectedV);
                }
                int limit = range.contains("COUNT") ? Integer.parseInt(range.get(range.indexOf("COUNT") + 1)) : Integer.MAX_VALUE;
                List<?> samples = (List<?>) entry.get(2);
                assertEquals(Math.min(limit, expectedTs.size()), samples.size(), what + " group " + g.getKey());
                for (int i = 0; i < samples.size(); i++) {
                    List<?> pair = (List<?>) samples.get(i);
                    assertEquals(expectedTs.get(i)[0], pair.get(0), what);
                    double e = expectedV.get(i);
                    double v = Resp.number(pair.get(1));
                    if (Double.isNaN(e)) {
                        assertTrue(Double.isNaN(v), what);
                    } else {
                        assertEquals(e, v, 1e-9 * Math.max(1, Math.abs(e)), what);
                    }
                }
            }
        }
    }

    private static double reduce(AggType reducer, List<Double> all) {
        List<Double> v = all.stream().filter(d -> !Double.isNaN(d)).toList();
        if (v.isEmpty()) {
            return reducer == AggType.SUM || reducer == AggType.COUNT ? 0 : Double.NaN;
        }
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double d : v) {
            sum += d;
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        int n = v.size();
        double mean = sum / n;
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        return switch (reducer) {
            case SUM -> sum;
            case MIN -> min;
            case MAX -> max;
            case RANGE -> max - min;
            case COUNT -> n;
            case AVG -> mean;
            case VAR_P -> ss / n;
            case VAR_S -> n == 1 ? 0 : ss / (n - 1);
            case STD_P -> Math.sqrt(ss / n);
            case STD_S -> n == 1 ? 0 : Math.sqrt(ss / (n - 1));
            default -> throw new IllegalArgumentException(reducer.toString());
        };
    }

    /** A small RESP2 reader for the replies the fake context records. */
    static final class Resp {
        private final String s;
        private int pos;

        private Resp(String s) {
            this.s = s;
        }

        @SuppressWarnings("unchecked")
        static List<Object> parse(String reply) {
            Object o = new Resp(reply).read();
            if (!(o instanceof List)) {
                throw new AssertionError("not an array: " + reply);
            }
            return (List<Object>) o;
        }

        static double number(Object o) {
            return Double.parseDouble((String) o);
        }

        private String line() {
            int end = s.indexOf("\r\n", pos);
            String l = s.substring(pos, end);
            pos = end + 2;
            return l;
        }

        private Object read() {
            String l = line();
            switch (l.charAt(0)) {
                case '*' -> {
                    int n = Integer.parseInt(l.substring(1));
                    List<Object> out = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        out.add(read());
                    }
                    return out;
                }
                case ':' -> {
                    return Long.parseLong(l.substring(1));
                }
                case '+' -> {
                    return l.substring(1);
                }
                case '$' -> {
                    int n = Integer.parseInt(l.substring(1));
                    if (n < 0) {
                        return null;
                    }
                    String v = s.substring(pos, pos + n);
                    pos += n + 2;
                    return v;
                }
                default -> throw new AssertionError("unexpected reply line " + l);
            }
        }
    }
}
