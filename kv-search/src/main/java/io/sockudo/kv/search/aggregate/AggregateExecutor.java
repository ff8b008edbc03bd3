package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.exec.DocLoader;
import io.sockudo.kv.search.exec.SearchExecutor;
import io.sockudo.kv.search.index.Doc;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.query.Evaluator;
import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.search.query.QueryOptions;
import io.sockudo.kv.search.query.QueryParser;
import io.sockudo.kv.search.query.Scorer;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.spi.KvException;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs FT.AGGREGATE: the query selects documents under the index's read lock; the rows (with the
 * documents' sortable values) then go through the pipeline off the lock, loading the fields they
 * need from the documents under each key's lock. Property names are checked when the pipeline is
 * built, with RediSearch's errors; output fields follow the order in which the pipeline first
 * referred to them.
 */
public final class AggregateExecutor {
    private final SearchFamily family;
    private final SearchIndex index;
    private final IndexSpec spec;
    public final AggregateRequest req;
    private final QueryNode root;
    private final QueryOptions opts;
    /** Output field order per pipeline stretch (index 0: before the first GROUPBY). */
    private final List<List<String>> lookups = new ArrayList<>();
    /** Schema fields (by identifier) to read from the documents, with their row names. */
    private final Map<String, String> toLoad = new LinkedHashMap<>();
    private boolean loadAll;
    private final Map<AggregateRequest.Group, List<Reducers.Factory>> reducers = new HashMap<>();

    private AggregateExecutor(SearchFamily family, SearchIndex index, AggregateRequest req, QueryNode root,
                              QueryOptions opts) {
        this.family = family;
        this.index = index;
        this.spec = index.spec;
        this.req = req;
        this.root = root;
        this.opts = opts;
    }

    public static AggregateExecutor prepare(SearchFamily family, byte[][] argv, int argc) {
        String name = new String(argv[1], StandardCharsets.UTF_8);
        AggregateRequest req = AggregateRequest.parse(argv, argc, family.config);
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException(name + ": no such index");
        }
        QueryOptions opts = SearchExecutor.options(family, idx.spec, req.verbatim, -1, false, null, null,
                req.timeoutMs);
        QueryNode root = QueryParser.parse(req.query, idx.spec, idx.spec.stopWords, req.params);
        AggregateExecutor ex = new AggregateExecutor(family, idx, req, root, opts);
        ex.compile();
        idx.uses.incrementAndGet();
        idx.lastUsed = System.currentTimeMillis();
        if (req.dialect >= 1 && req.dialect <= 4) {
            synchronized (idx.dialectUses) {
                idx.dialectUses[req.dialect]++;
            }
        }
        return ex;
    }

    private Map<QueryNode, long[]> profile = Map.of();
    private Map<QueryNode, List<Object[]>> profileTerms = Map.of();

    /** Expanded terms per term-like node, after a run (FT.PROFILE). */
    public Map<QueryNode, List<Object[]>> profileTerms() {
        return profileTerms;
    }

    public QueryNode root() {
        return root;
    }

    public Map<QueryNode, long[]> profileCounts() {
        return profile;
    }

    public String indexName() {
        return index.spec.name;
    }

    // ------------------------------------------------------------------ building the pipeline

    private Set<String> yielded() {
        Set<String> out = new LinkedHashSet<>();
        collectYields(root, out);
        return out;
    }

    private static void collectYields(QueryNode n, Set<String> out) {
        if (n instanceof QueryNode.Vector v) {
            out.add(v.scoreField != null ? v.scoreField : "__" + v.field + "_score");
        }
        for (QueryNode c : n.children()) {
            collectYields(c, out);
        }
    }

    private void compile() {
        Set<String> yields = yielded();
        List<String> lookup = new ArrayList<>();
        Set<String> known = new LinkedHashSet<>();
        boolean first = true;
        for (AggregateRequest.Step s : req.steps) {
            if (s instanceof AggregateRequest.Load l) {
                if (!first) {
                    // a LOAD after GROUPBY reads nothing new (documents are gone)
                    continue;
                }
                if (l.all) {
                    loadAll = true;
                }
                for (String[] f : l.fields) {
                    toLoad.put(f[0], f[1]);
                    add(lookup, known, f[1]);
                }
            } else if (s instanceof AggregateRequest.Apply a) {
                Set<String> props = new LinkedHashSet<>();
                a.expr.properties(props);
                for (String p : props) {
                    reference(p, first, lookup, known, yields);
                }
                add(lookup, known, a.alias);
            } else if (s instanceof AggregateRequest.Filter f) {
                Set<String> props = new LinkedHashSet<>();
                f.expr.properties(props);
                for (String p : props) {
                    reference(p, first, lookup, known, yields);
                }
            } else if (s instanceof AggregateRequest.Arrange a) {
                for (String k : a.sortKeys) {
                    reference(k, first, lookup, known, yields);
                }
            } else if (s instanceof AggregateRequest.Group g) {
                for (String k : g.keys) {
                    if (!known.contains(k) && !(first && referable(k, yields))) {
                        throw new KvException("No such property `" + k + "`");
                    }
                    reference(k, first, lookup, known, yields);
                }
                List<Reducers.Factory> fs = new ArrayList<>();
                for (AggregateRequest.Reduce r : g.reducers) {
                    Reducers.Factory f = Reducers.factory(r);
                    for (String p : f.properties()) {
                        if (!known.contains(p) && !(first && referable(p, yields))) {
                            throw new KvException("No such property `" + p + "`");
                        }
                        reference(p, first, lookup, known, yields);
                    }
                    fs.add(f);
                }
                reducers.put(g, fs);
                lookups.add(lookup);
                lookup = new ArrayList<>();
                known = new LinkedHashSet<>();
                Set<String> dup = new java.util.HashSet<>();
                for (String k : g.keys) {
                    if (!dup.add(k)) {
                        throw new KvException("Property `" + k + "` specified more than once");
                    }
                    add(lookup, known, k);
                }
                for (AggregateRequest.Reduce r : g.reducers) {
                    if (!dup.add(r.alias())) {
                        throw new KvException("Property `" + r.alias() + "` specified more than once");
                    }
                    add(lookup, known, r.alias());
                }
                first = false;
            }
        }
        lookups.add(lookup);
    }

    private static void add(List<String> lookup, Set<String> known, String name) {
        if (known.add(name)) {
            lookup.add(name);
        }
    }

    /** Whether a document-stage property exists: the key, a schema field, or a vector distance. */
    private boolean referable(String p, Set<String> yields) {
        return p.equals("__key") || p.equals("__score") || yields.contains(p) || spec.fieldByNameOrPath(p) != null;
    }

    private void reference(String p, boolean first, List<String> lookup, Set<String> known, Set<String> yields) {
        if (known.contains(p)) {
            return;
        }
        if (!first) {
            throw new KvException("No such property `" + p + "`");
        }
        if (!referable(p, yields)) {
            throw new KvException("Property `" + p + "` not loaded nor in schema");
        }
        FieldSpec f = spec.fieldByNameOrPath(p);
        if (f != null && !(f.sortable && !spec.onJson)) {
            toLoad.put(f.path, p);
        }
        add(lookup, known, p);
    }

    // ------------------------------------------------------------------ rows

    /** A pipeline row: values by name; while documents flow, the document it came from. */
    static final class ARow {
        final Map<String, Object> values = new HashMap<>();
        Doc doc;
        IndexSpec spec;
        Map<String, Double> distances;

        Object get(String name) {
            Object v = values.get(name);
            if (v != null || values.containsKey(name) || doc == null) {
                return v;
            }
            if (name.equals("__key")) {
                return doc.keyString();
            }
            if (distances != null && distances.containsKey(name)) {
                return distances.get(name);
            }
            FieldSpec f = spec.fieldByNameOrPath(name);
            if (f != null && f.sortable && !spec.onJson) {
                Object s = doc.sortables[f.sortIdx];
                return s;
            }
            return null;
        }
    }

    // ------------------------------------------------------------------ execution

    /** Runs the aggregation (work phase); errors are returned in the result. */
    public Outcome run() {
        try {
            List<ARow> rows = index.read(data -> {
                Evaluator ev = new Evaluator(data, spec, opts, index.synonyms.snapshot());
                RoaringBitmap docs;
                try {
                    docs = ev.run(root);
                } finally {
                    profile = ev.profile();
                    profileTerms = ev.expansions();
                }
                List<ARow> out = new ArrayList<>(docs.getCardinality());
                Scorer scorer = req.addScores ? new Scorer(req.scorer != null ? req.scorer : "TFIDF", ev, null) : null;
                IntIterator it = docs.getIntIterator();
                while (it.hasNext()) {
                    int id = it.next();
                    Doc d = data.doc(id);
                    ARow r = new ARow();
                    r.doc = d;
                    r.spec = spec;
                    if (!ev.distances.isEmpty()) {
                        r.distances = new HashMap<>();
                        for (Map.Entry<String, Map<Integer, Double>> e : ev.distances.entrySet()) {
                            Double dist = e.getValue().get(id);
                            if (dist != null) {
                                r.distances.put(e.getKey(), dist);
                            }
                        }
                    }
                    if (scorer != null) {
                        r.values.put("__score", root instanceof QueryNode.All ? 0.0 : scorer.score(root, d, null));
                    }
                    out.add(r);
                }
                return out;
            });
            if (!toLoad.isEmpty() || loadAll) {
                load(rows);
            }
            return execute(rows);
        } catch (Evaluator.TimeoutException e) {
            return Outcome.error("Timeout limit was reached");
        } catch (KvException e) {
            return Outcome.error(e.getMessage());
        }
    }

    private void load(List<ARow> rows) {
        boolean json = spec.onJson;
        boolean allMatches = req.dialect >= 3;
        for (ARow r : rows) {
            family.loader.withDoc(r.doc.key, json, doc -> {
                if (doc == null) {
                    return;
                }
                if (loadAll) {
                    for (DocLoader.Field f : DocLoader.all(spec, doc, json)) {
                        r.values.put(f.name(), value(f.value()));
                    }
                }
                for (Map.Entry<String, String> e : toLoad.entrySet()) {
                    String path = e.getKey();
                    FieldSpec f = spec.fieldByNameOrPath(path);
                    String p = f != null ? f.path : path;
                    Object v = DocLoader.value(doc, p, json, allMatches);
                    if (v != null) {
                        Object val = value(v);
                        r.values.put(e.getValue(), val);
                        if (f != null && !e.getValue().equals(f.name)) {
                            r.values.putIfAbsent(f.name, val);
                        }
                    }
                }
            });
        }
    }

    private static Object value(Object v) {
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v;
    }

    private Outcome execute(List<ARow> rows) {
        long total = rows.size();
        int stretch = 0;
        List<AggregateRequest.Step> steps = req.steps;
        for (int si = 0; si < steps.size(); si++) {
            AggregateRequest.Step s = steps.get(si);
            if (s instanceof AggregateRequest.Apply a) {
                for (ARow r : rows) {
                    r.values.put(a.alias, a.expr.eval(r::get));
                }
            } else if (s instanceof AggregateRequest.Filter f) {
                List<ARow> kept = new ArrayList<>(rows.size());
                for (ARow r : rows) {
                    if (Expr.truthy(f.expr.eval(r::get))) {
                        kept.add(r);
                    }
                }
                rows = kept;
            } else if (s instanceof AggregateRequest.Group g) {
                rows = group(g, rows);
                stretch++;
            } else if (s instanceof AggregateRequest.Arrange a) {
                if (si == steps.size() - 1) {
                    total = rows.size();
                }
                rows = arrange(a, rows);
            }
            if (!(s instanceof AggregateRequest.Arrange) && si == steps.size() - 1) {
                total = rows.size();
            }
        }
        if (steps.isEmpty()) {
            total = rows.size();
        }
        List<String> lookup = lookups.get(Math.min(stretch, lookups.size() - 1));
        List<AggregateResult.Row> out = new ArrayList<>(rows.size());
        for (ARow r : rows) {
            List<String> names = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (String n : lookup) {
                Object v = r.get(n);
                if (v != null) {
                    names.add(n);
                    values.add(v);
                }
            }
            if (stretch == 0 && loadAll) {
                for (Map.Entry<String, Object> e : r.values.entrySet()) {
                    if (!lookup.contains(e.getKey()) && e.getValue() != null && !e.getKey().equals("__score")) {
                        names.add(e.getKey());
                        values.add(e.getValue());
                    }
                }
            }
            if (req.addScores && stretch == 0 && r.values.containsKey("__score")) {
                names.add("__score");
                values.add(r.values.get("__score"));
            }
            out.add(new AggregateResult.Row(names, values));
        }
        return new Outcome(new AggregateResult(total, out), null);
    }

    private List<ARow> group(AggregateRequest.Group g, List<ARow> rows) {
        List<Reducers.Factory> fs = reducers.get(g);
        LinkedHashMap<List<String>, Object[]> groups = new LinkedHashMap<>();
        for (ARow r : rows) {
            List<List<Object>> combos = new ArrayList<>();
            combos.add(new ArrayList<>());
            for (String k : g.keys) {
                Object v = r.get(k);
                List<Object> vals = v instanceof List<?> l && !l.isEmpty() ? new ArrayList<>(l) : Reducers.values(v);
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> c : combos) {
                    for (Object x : vals) {
                        List<Object> n = new ArrayList<>(c);
                        n.add(x);
                        next.add(n);
                    }
                }
                combos = next;
            }
            for (List<Object> c : combos) {
                List<String> key = new ArrayList<>(c.size());
                for (Object x : c) {
                    key.add(x == null ? "\u0000null" : (x instanceof Double ? "#" : "$") + Expr.text(x));
                }
                Object[] state = groups.get(key);
                if (state == null) {
                    Reducers.Acc[] accs = new Reducers.Acc[fs.size()];
                    for (int i = 0; i < accs.length; i++) {
                        accs[i] = fs.get(i).create();
                    }
                    state = new Object[] {c, accs};
                    groups.put(key, state);
                }
                for (Reducers.Acc acc : (Reducers.Acc[]) state[1]) {
                    acc.add(r);
                }
            }
        }
        List<ARow> out = new ArrayList<>(groups.size());
        for (Object[] state : groups.values()) {
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) state[0];
            Reducers.Acc[] accs = (Reducers.Acc[]) state[1];
            ARow r = new ARow();
            for (int i = 0; i < g.keys.size(); i++) {
                r.values.put(g.keys.get(i), keys.get(i));
            }
            for (int i = 0; i < accs.length; i++) {
                r.values.put(g.reducers.get(i).alias(), accs[i].result());
            }
            out.add(r);
        }
        return out;
    }

    private static List<ARow> arrange(AggregateRequest.Arrange a, List<ARow> rows) {
        if (!a.sortKeys.isEmpty()) {
            List<ARow> sorted = new ArrayList<>(rows);
            sorted.sort((x, y) -> {
                for (int i = 0; i < a.sortKeys.size(); i++) {
                    String k = a.sortKeys.get(i);
                    int c = compareSort(x.get(k), y.get(k), a.ascending.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            });
            rows = sorted;
            if (a.max >= 0 && rows.size() > a.max) {
                rows = new ArrayList<>(rows.subList(0, (int) a.max));
            }
        }
        if (a.limit >= 0 || a.offset > 0) {
            int from = (int) Math.min(rows.size(), a.offset);
            int to = a.limit < 0 ? rows.size() : (int) Math.min(rows.size(), a.offset + a.limit);
            rows = new ArrayList<>(rows.subList(from, to));
        }
        return rows;
    }

    /** Sort order: numbers before strings, nulls last, direction applied to non-null values. */
    private static int compareSort(Object x, Object y, boolean asc) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        Double dx = x instanceof Double d ? d : null;
        Double dy = y instanceof Double d ? d : null;
        int c;
        if (dx != null && dy != null) {
            c = Double.compare(dx, dy);
        } else if (dx == null && dy == null) {
            c = Expr.text(x).compareTo(Expr.text(y));
        } else {
            Double nx = Expr.number(x);
            Double ny = Expr.number(y);
            c = nx != null && ny != null ? Double.compare(nx, ny) : Expr.text(x).compareTo(Expr.text(y));
        }
        return asc ? c : -c;
    }

    /** What the work phase produced: rows or an error. */
    public record Outcome(AggregateResult result, String error) {
        static Outcome error(String e) {
            return new Outcome(null, e);
        }
    }

    /** Whether the field is a GEO field (LOAD is needed to read it). */
    static boolean isGeo(FieldSpec f) {
        return f != null && f.type == FieldType.GEO;
    }
}
