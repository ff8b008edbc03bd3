package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.index.TermDict;
import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.search.query.QueryParser;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * FT.SPELLCHECK: for each query term the index does not hold, the index terms within DISTANCE
 * (Levenshtein, default 1) and the terms of INCLUDE dictionaries, minus EXCLUDE dictionaries,
 * scored by the share of documents holding them (dictionary terms score 0), best first.
 */
public final class SpellCheck {
    private final SearchIndex index;
    private final List<String> terms;
    private final int distance;
    private final List<Set<String>> include = new ArrayList<>();
    private final Set<String> exclude = new TreeSet<>();

    private SpellCheck(SearchIndex index, List<String> terms, int distance) {
        this.index = index;
        this.terms = terms;
        this.distance = distance;
    }

    public static SpellCheck prepare(SearchFamily family, byte[][] argv, int argc) {
        String name = new String(argv[1], StandardCharsets.UTF_8);
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException(name + ": no such index");
        }
        ArgCursor ac = new ArgCursor(argv, 2, argc);
        String query = ac.next();
        int distance = 1;
        Map<String, byte[]> params = Map.of();
        List<String[]> dicts = new ArrayList<>();
        while (!ac.atEnd()) {
            if (ac.advanceIf("DISTANCE")) {
                long d = ac.atEnd() ? -1 : parse(ac.next());
                if (d < 1 || d > 4) {
                    throw new KvException("bad distance given, distance must be a natural number between 1 to 4");
                }
                distance = (int) d;
            } else if (ac.advanceIf("TERMS")) {
                if (ac.remaining() < 2) {
                    throw new KvException("TERM arg is given but no TERM params comes after");
                }
                String op = ac.next();
                if (!op.equalsIgnoreCase("INCLUDE") && !op.equalsIgnoreCase("EXCLUDE")) {
                    throw new KvException("bad format, exlude/include operation was not given");
                }
                dicts.add(new String[] {op.toUpperCase(java.util.Locale.ROOT), ac.next()});
            } else if (ac.advanceIf("DIALECT")) {
                RequestArgs.dialect(ac);
            } else if (ac.advanceIf("PARAMS")) {
                params = RequestArgs.params(ac, null);
            } else if (ac.advanceIf("FULLSCOREINFO")) {
                // accepted
            } else {
                throw new KvException(RequestArgs.unknown(ac, 2));
            }
        }
        QueryNode root = QueryParser.parse(query, idx.spec, idx.spec.stopWords, params);
        Set<String> ts = new LinkedHashSet<>();
        collect(root, ts);
        SpellCheck sc = new SpellCheck(idx, new ArrayList<>(ts), distance);
        for (String[] d : dicts) {
            TreeSet<String> dict = family.dictionaries.get(d[1]);
            if (dict == null) {
                throw new KvException("Dict does not exist: " + d[1]);
            }
            synchronized (dict) {
                if (d[0].equals("INCLUDE")) {
                    sc.include.add(new TreeSet<>(dict));
                } else {
                    sc.exclude.addAll(dict);
                }
            }
        }
        return sc;
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void collect(QueryNode n, Set<String> out) {
        if (n instanceof QueryNode.Term t) {
            out.add(t.text);
        }
        for (QueryNode c : n.children()) {
            collect(c, out);
        }
    }

    /** Per misspelled term, its suggestions (term, score) best first. */
    public Map<String, List<Object[]>> run() {
        return index.read(data -> {
            Map<String, List<Object[]>> out = new LinkedHashMap<>();
            int total = Math.max(1, data.numDocs());
            for (String t : terms) {
                if (exclude.contains(t)) {
                    continue;
                }
                TermDict.Term known = data.terms.get(t);
                boolean inDict = false;
                for (Set<String> d : include) {
                    inDict |= d.contains(t);
                }
                if (known != null || inDict) {
                    continue;
                }
                Map<String, Double> sugg = new LinkedHashMap<>();
                int[] prev = new int[t.length() + 1];
                int[] cur = new int[t.length() + 1];
                for (Map.Entry<String, TermDict.Term> e : data.terms.sorted().entrySet()) {
                    String cand = e.getKey();
                    char c0 = cand.isEmpty() ? '+' : cand.charAt(0);
                    if (c0 == '+' || c0 == '~' || c0 == '<' || exclude.contains(cand)
                            || Math.abs(cand.length() - t.length()) > distance) {
                        continue;
                    }
                    if (within(t, cand, distance, prev, cur)) {
                        sugg.put(cand, (double) e.getValue().docCount() / total);
                    }
                }
                for (Set<String> d : include) {
                    for (String cand : d) {
                        if (!exclude.contains(cand) && !sugg.containsKey(cand)
                                && Math.abs(cand.length() - t.length()) <= distance && within(t, cand, distance,
                                new int[t.length() + 1], new int[t.length() + 1])) {
                            sugg.put(cand, 0.0);
                        }
                    }
                }
                List<Object[]> list = new ArrayList<>();
                for (Map.Entry<String, Double> e : sugg.entrySet()) {
                    list.add(new Object[] {e.getKey(), e.getValue()});
                }
                list.sort((a, b) -> Double.compare((Double) b[1], (Double) a[1]));
                out.put(t, list);
            }
            return out;
        });
    }

    private static boolean within(String a, String b, int d, int[] prev, int[] cur) {
        int n = a.length();
        for (int j = 0; j <= n; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= b.length(); i++) {
            cur[0] = i;
            int rowMin = i;
            for (int j = 1; j <= n; j++) {
                int cost = a.charAt(j - 1) == b.charAt(i - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > d) {
                return false;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[n] <= d;
    }

    public void reply(ReplyWriter w, Map<String, List<Object[]>> res) {
        if (w.protocol() == 3) {
            w.map(1);
            w.simple("results");
            w.map(res.size());
            for (Map.Entry<String, List<Object[]>> e : res.entrySet()) {
                w.bulk(e.getKey());
                w.array(e.getValue().size());
                for (Object[] s : e.getValue()) {
                    w.map(1);
                    w.bulk((String) s[0]);
                    io.sockudo.kv.search.util.Replies.dbl(w, (Double) s[1]);
                }
            }
            return;
        }
        w.array(res.size());
        for (Map.Entry<String, List<Object[]>> e : res.entrySet()) {
            w.array(3);
            w.bulk("TERM");
            w.bulk(e.getKey());
            w.array(e.getValue().size());
            for (Object[] s : e.getValue()) {
                w.array(2);
                io.sockudo.kv.search.util.Replies.dbl(w, (Double) s[1]);
                w.bulk((String) s[0]);
            }
        }
    }
}
