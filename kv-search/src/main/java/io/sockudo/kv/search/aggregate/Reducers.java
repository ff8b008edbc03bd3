package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GROUPBY reducers: COUNT, COUNT_DISTINCT, COUNT_DISTINCTISH, SUM, MIN, MAX, AVG, STDDEV, QUANTILE,
 * TOLIST, FIRST_VALUE [BY prop [ASC|DESC]] and RANDOM_SAMPLE, with RediSearch's argument rules.
 * Each group gets its own accumulator.
 */
final class Reducers {
    private Reducers() {
    }

    /** Accumulates one group's rows. */
    interface Acc {
        void add(AggregateExecutor.ARow row);

        Object result();
    }

    /** Makes an accumulator per group; validated once when the pipeline is built. */
    interface Factory {
        Acc create();

        /** Properties the reducer reads. */
        List<String> properties();
    }

    static Factory factory(AggregateRequest.Reduce r) {
        List<String> a = r.args();
        String fn = r.function();
        switch (fn) {
            case "COUNT" -> {
                if (!a.isEmpty()) {
                    throw new KvException("Count accepts 0 values only");
                }
                return simple(List.of(), () -> new Acc() {
                    long n;

                    public void add(AggregateExecutor.ARow row) {
                        n++;
                    }

                    public Object result() {
                        return (double) n;
                    }
                });
            }
            case "COUNT_DISTINCT", "COUNT_DISTINCTISH" -> {
                String p = prop(fn, a, 1);
                return simple(List.of(p), () -> new Acc() {
                    final Set<String> seen = new HashSet<>();

                    public void add(AggregateExecutor.ARow row) {
                        Object v = row.get(p);
                        if (v != null) {
                            seen.add(Expr.text(v));
                        }
                    }

                    public Object result() {
                        return (double) seen.size();
                    }
                });
            }
            case "SUM", "AVG" -> {
                String p = prop(fn, a, 1);
                boolean avg = fn.equals("AVG");
                return simple(List.of(p), () -> new Acc() {
                    double sum;
                    long n;

                    public void add(AggregateExecutor.ARow row) {
                        for (Object v : values(row.get(p))) {
                            Double d = Expr.number(v);
                            if (d != null) {
                                sum += d;
                                n++;
                            } else if (!avg) {
                                n++;
                            }
                        }
                    }

                    public Object result() {
                        if (!avg) {
                            return sum;
                        }
                        return n == 0 ? Double.NaN : sum / n;
                    }
                });
            }
            case "MIN", "MAX" -> {
                String p = prop(fn, a, 1);
                boolean max = fn.equals("MAX");
                return simple(List.of(p), () -> new Acc() {
                    double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;

                    public void add(AggregateExecutor.ARow row) {
                        for (Object v : values(row.get(p))) {
                            Double d = Expr.number(v);
                            if (d != null) {
                                best = max ? Math.max(best, d) : Math.min(best, d);
                            }
                        }
                    }

                    public Object result() {
                        return best;
                    }
                });
            }
            case "STDDEV" -> {
                String p = prop(fn, a, 1);
                return simple(List.of(p), () -> new Acc() {
                    double sum;
                    double sumSq;
                    long n;

                    public void add(AggregateExecutor.ARow row) {
                        for (Object v : values(row.get(p))) {
                            Double d = Expr.number(v);
                            if (d != null) {
                                sum += d;
                                sumSq += d * d;
                                n++;
                            }
                        }
                    }

                    public Object result() {
                        if (n < 2) {
                            return 0.0;
                        }
                        double variance = (sumSq - sum * sum / n) / (n - 1);
                        return Math.sqrt(Math.max(0, variance));
                    }
                });
            }
            case "QUANTILE" -> {
                if (a.size() != 2) {
                    throw new KvException("Bad arguments for QUANTILE: Expected an argument, but none provided");
                }
                String p = strip(a.get(0), fn);
                Double q = Expr.number(a.get(1));
                if (q == null || q < 0 || q > 1) {
                    throw new KvException("Quantile must be between 0.0 and 1.0");
                }
                double quantile = q;
                return simple(List.of(p), () -> new Acc() {
                    final List<Double> vals = new ArrayList<>();

                    public void add(AggregateExecutor.ARow row) {
                        for (Object v : values(row.get(p))) {
                            Double d = Expr.number(v);
                            if (d != null) {
                                vals.add(d);
                            }
                        }
                    }

                    public Object result() {
                        if (vals.isEmpty()) {
                            return 0.0;
                        }
                        Collections.sort(vals);
                        int rank = (int) Math.ceil(quantile * vals.size());
                        return vals.get(Math.max(0, Math.min(vals.size() - 1, rank - 1)));
                    }
                });
            }
            case "TOLIST" -> {
                String p = prop(fn, a, 1);
                return simple(List.of(p), () -> new Acc() {
                    final Set<String> keys = new HashSet<>();
                    final List<Object> out = new ArrayList<>();

                    public void add(AggregateExecutor.ARow row) {
                        for (Object v : values(row.get(p))) {
                            if (v != null && keys.add(Expr.text(v))) {
                                out.add(v);
                            }
                        }
                    }

                    public Object result() {
                        return out;
                    }
                });
            }
            case "FIRST_VALUE" -> {
                if (a.isEmpty()) {
                    throw new KvException("Bad arguments for FIRST_VALUE: Expected an argument, but none provided");
                }
                String p = strip(a.get(0), fn);
                String by = null;
                boolean asc = true;
                if (a.size() > 1) {
                    if (!a.get(1).equalsIgnoreCase("BY") || a.size() < 3) {
                        throw new KvException("Bad arguments for FIRST_VALUE: Unknown argument");
                    }
                    by = strip(a.get(2), fn);
                    if (a.size() > 3) {
                        if (a.get(3).equalsIgnoreCase("DESC")) {
                            asc = false;
                        } else if (!a.get(3).equalsIgnoreCase("ASC")) {
                            throw new KvException("Bad arguments for FIRST_VALUE: Unknown argument");
                        }
                    }
                }
                String byProp = by;
                boolean ascending = asc;
                List<String> props = by == null ? List.of(p) : List.of(p, by);
                return simple(props, () -> new Acc() {
                    Object value;
                    Object key;
                    boolean seen;

                    public void add(AggregateExecutor.ARow row) {
                        if (byProp == null) {
                            if (!seen) {
                                value = row.get(p);
                                seen = true;
                            }
                            return;
                        }
                        Object k = row.get(byProp);
                        if (!seen || (k != null && (key == null || better(k, key)))) {
                            value = row.get(p);
                            key = k;
                            seen = true;
                        }
                    }

                    private boolean better(Object k, Object cur) {
                        int c = Expr.compare(k, cur);
                        return ascending ? c < 0 : c > 0;
                    }

                    public Object result() {
                        return value;
                    }
                });
            }
            case "RANDOM_SAMPLE" -> {
                if (a.size() != 2) {
                    throw new KvException("Bad arguments for RANDOM_SAMPLE: Expected an argument, but none provided");
                }
                String p = strip(a.get(0), fn);
                Double n = Expr.number(a.get(1));
                if (n == null || n < 1 || n > 1000) {
                    throw new KvException("Sample size must be between 1 and 1000");
                }
                int size = (int) (double) n;
                return simple(List.of(p), () -> new Acc() {
                    final List<Object> sample = new ArrayList<>();
                    long seen;

                    public void add(AggregateExecutor.ARow row) {
                        Object v = row.get(p);
                        if (v == null) {
                            return;
                        }
                        seen++;
                        if (sample.size() < size) {
                            sample.add(v);
                        } else {
                            long j = ThreadLocalRandom.current().nextLong(seen);
                            if (j < size) {
                                sample.set((int) j, v);
                            }
                        }
                    }

                    public Object result() {
                        return sample;
                    }
                });
            }
            default -> throw new KvException("No such reducer: " + r.function());
        }
    }

    private static String prop(String fn, List<String> a, int n) {
        if (a.size() != n) {
            throw new KvException("Bad arguments for " + fn + ": " + (a.size() < n
                    ? "Expected an argument, but none provided" : "Unknown argument"));
        }
        return strip(a.get(0), fn);
    }

    private static String strip(String s, String fn) {
        if (!s.startsWith("@")) {
            throw new KvException("Bad arguments for " + fn + ": Property `" + s + "` should start with `@`");
        }
        return s.substring(1);
    }

    /** A value, or each element of an array value. */
    static List<Object> values(Object v) {
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        List<Object> one = new ArrayList<>(1);
        one.add(v);
        return one;
    }

    private static Factory simple(List<String> props, java.util.function.Supplier<Acc> s) {
        return new Factory() {
            public Acc create() {
                return s.get();
            }

            public List<String> properties() {
                return props;
            }
        };
    }

    static Set<String> names() {
        return new LinkedHashSet<>(List.of("COUNT", "COUNT_DISTINCT", "COUNT_DISTINCTISH", "SUM", "MIN", "MAX", "AVG",
                "STDDEV", "QUANTILE", "TOLIST", "FIRST_VALUE", "RANDOM_SAMPLE"));
    }
}
