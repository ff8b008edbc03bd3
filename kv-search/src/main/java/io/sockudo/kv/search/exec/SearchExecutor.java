package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.index.Doc;
import io.sockudo.kv.search.index.IndexData;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.index.TermDict;
import io.sockudo.kv.search.query.Evaluator;
import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.search.query.QueryOptions;
import io.sockudo.kv.search.query.QueryParser;
import io.sockudo.kv.search.query.Scorer;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.search.text.StopWords;
import io.sockudo.kv.search.util.Geo;
import io.sockudo.kv.spi.DocumentView;
import io.sockudo.kv.spi.KvException;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs FT.SEARCH in three phases: {@link #prepare} on the event loop (arguments and query
 * parsing, so syntax errors are replied at once), {@link #run} on a worker (the query evaluated
 * under the index's read lock, ranking, then the page's documents loaded under their key locks),
 * and {@link SearchReply} back on the connection.
 */
public final class SearchExecutor {
    private final SearchFamily family;
    final SearchIndex index;
    final IndexSpec spec;
    final SearchRequest req;
    final QueryNode root;
    final QueryOptions opts;

    private SearchExecutor(SearchFamily family, SearchIndex index, SearchRequest req, QueryNode root,
                           QueryOptions opts) {
        this.family = family;
        this.index = index;
        this.spec = index.spec;
        this.req = req;
        this.root = root;
        this.opts = opts;
    }

    /** Parses FT.SEARCH's arguments and query; throws KvException with RediSearch's errors. */
    public static SearchExecutor prepare(SearchFamily family, byte[][] argv, int argc) {
        String name = new String(argv[1], StandardCharsets.UTF_8);
        SearchRequest req = SearchRequest.parse(argv, argc, family.config);
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException(name + ": no such index");
        }
        IndexSpec spec = idx.spec;
        QueryOptions opts = options(family, spec, req.verbatim, req.slop, req.inOrder, req.language, req.inFields,
                req.timeoutMs);
        if (req.scorer != null && !Scorer.known(req.scorer)) {
            throw new KvException("No such scorer " + req.scorer);
        }
        if ((req.highlight != null || req.summarize != null) && spec.noHl) {
            throw new KvException("Cannot use highlight/summarize because NOOFSETS was specified at index level");
        }
        StopWords sw = req.noStopWords ? StopWords.NONE : spec.stopWords;
        QueryNode root = QueryParser.parse(req.query, spec, sw, req.params);
        idx.uses.incrementAndGet();
        idx.lastUsed = System.currentTimeMillis();
        if (req.dialect >= 1 && req.dialect <= 4) {
            synchronized (idx.dialectUses) {
                idx.dialectUses[req.dialect]++;
            }
        }
        return new SearchExecutor(family, idx, req, root, opts);
    }

    /** The evaluation options of a query (shared with FT.AGGREGATE and FT.PROFILE). */
    public static QueryOptions options(SearchFamily family, IndexSpec spec, boolean verbatim, int slop,
                                       boolean inOrder, String language, List<String> inFields, long timeoutMs) {
        QueryOptions o = new QueryOptions();
        o.verbatim = verbatim;
        o.slop = slop;
        o.inOrder = inOrder;
        o.maxExpansions = family.config.maxExpansions;
        o.minPrefix = family.config.minPrefix;
        if (language != null) {
            String l = language.toLowerCase(Locale.ROOT);
            if (!SpecParser.LANGUAGES.contains(l)) {
                throw new KvException("No such language");
            }
            o.language = l;
        } else {
            o.language = spec.language;
        }
        if (inFields != null) {
            long mask = 0;
            for (String f : inFields) {
                FieldSpec fs = spec.field(f);
                if (fs != null && fs.type == FieldType.TEXT && fs.indexed()) {
                    mask |= 1L << fs.textId;
                }
            }
            o.inFields = mask;
        }
        long t = timeoutMs >= 0 ? timeoutMs : family.config.timeoutMs;
        if (t > 0) {
            o.deadline = System.nanoTime() + t * 1_000_000L;
        }
        return o;
    }

    // ------------------------------------------------------------------ the work

    /** One document of the reply. */
    static final class Hit {
        byte[] key;
        double score;
        byte[] payload;
        Object sortKey;
        boolean hasSortKey;
        Scorer.Explain explain;
        /** Vector distances to return as fields (name, formatted value). */
        List<DocLoader.Field> extra = new ArrayList<>();
        List<DocLoader.Field> fields;
        boolean gone;
    }

    /** What the reply phase writes. */
    public static final class Result {
        long total;
        final List<Hit> hits = new ArrayList<>();
        String error;
        boolean timedOut;
    }

    /** The work phase: evaluate, rank, load. Never throws: errors become part of the result. */
    public Result run() {
        Result res = new Result();
        try {
            List<Hit> page = index.read(this::evaluate_);
            if (pendingError != null) {
                res.error = pendingError;
                return res;
            }
            res.total = total;
            if (needLoadSort) {
                page = sortByLoaded();
            }
            res.hits.addAll(page);
            load(res.hits);
        } catch (Evaluator.TimeoutException e) {
            if (family.config.onTimeout.equals("fail")) {
                res.error = "Timeout limit was reached";
            } else {
                res.timedOut = true;
                res.hits.clear();
                res.total = 0;
            }
        } catch (KvException e) {
            res.error = e.getMessage();
        }
        return res;
    }

    private long total;
    private String pendingError;
    private boolean needLoadSort;
    /** All candidates when the sort key must be loaded from the documents. */
    private List<Hit> candidates;
    private Set<String> matchedTerms = new HashSet<>();
    private Set<String> matchedStems = new HashSet<>();

    private List<Hit> evaluate_(IndexData data) {
        try {
            return evaluate(data);
        } catch (KvException e) {
            pendingError = e.getMessage();
            return List.of();
        }
    }

    private Map<QueryNode, long[]> profile = Map.of();
    private Map<QueryNode, List<Object[]>> profileTerms = Map.of();

    /** Expanded terms per term-like node, after a run (FT.PROFILE). */
    public Map<QueryNode, List<Object[]>> profileTerms() {
        return profileTerms;
    }

    /** Documents matched and time spent per query node, after {@link #run} (FT.PROFILE). */
    public Map<QueryNode, long[]> profileCounts() {
        return profile;
    }

    public boolean failed(Result r) {
        return r.error != null;
    }

    public int resultCount(Result r) {
        return r.hits.size();
    }

    private List<Hit> evaluate(IndexData data) {
        Evaluator ev = new Evaluator(data, spec, opts, index.synonyms.snapshot());
        RoaringBitmap docs;
        try {
            docs = ev.run(root);
        } finally {
            profile = ev.profile();
            profileTerms = ev.expansions();
        }
        // FILTER / GEOFILTER / INKEYS narrow the whole query
        for (SearchRequest.NumFilter f : req.filters) {
            FieldSpec fs = spec.field(f.field());
            if (fs == null || fs.type != FieldType.NUMERIC) {
                throw new KvException("Unknown field `" + f.field() + "`");
            }
            docs.and(data.numeric(fs.typeSlot).range(f.min(), f.minExcl(), f.max(), f.maxExcl()));
        }
        for (SearchRequest.GeoFilter g : req.geoFilters) {
            FieldSpec fs = spec.field(g.field());
            if (fs == null || fs.type != FieldType.GEO) {
                throw new KvException("Unknown field `" + g.field() + "`");
            }
            int slot = fs.typeSlot;
            docs.and(data.geo(slot).radius(g.lon(), g.lat(), g.radius() * Geo.unit(g.unit()), d -> {
                Doc doc = data.doc(d);
                return doc == null ? null : doc.geo(slot);
            }));
        }
        if (req.inKeys != null) {
            RoaringBitmap keys = new RoaringBitmap();
            for (String k : req.inKeys) {
                Doc d = data.doc(k.getBytes(StandardCharsets.UTF_8));
                if (d != null) {
                    keys.add(d.id);
                }
            }
            docs.and(keys);
        }
        total = docs.getCardinality();
        collectMatchedTerms(ev, root);

        // ---- ordering
        QueryNode.Vector knn = root instanceof QueryNode.Vector v && v.knn ? v : null;
        Map<Integer, Double> sortDistances = null;
        FieldSpec sortField = null;
        boolean byScore = false;
        if (req.sortBy != null) {
            sortDistances = ev.distances.get(req.sortBy);
            if (sortDistances == null) {
                sortField = spec.field(req.sortBy);
                if (sortField == null) {
                    throw new KvException("Property `" + req.sortBy + "` not loaded nor in schema");
                }
                if (!sortField.sortable && sortField.type != FieldType.NUMERIC) {
                    needLoadSort = true;
                }
            }
        } else if (knn != null) {
            sortDistances = ev.distances.get(knn.scoreField != null ? knn.scoreField : "__" + knn.field + "_score");
        } else {
            byScore = true;
        }
        boolean scores = byScore || req.withScores;
        Scorer scorer = scores ? new Scorer(req.scorer != null ? req.scorer : "TFIDF", ev, req.payload) : null;
        boolean wildcard = root instanceof QueryNode.All;

        int n = docs.getCardinality();
        Ranking.Row[] rows = new Ranking.Row[n];
        IntIterator it = docs.getIntIterator();
        int i = 0;
        while (it.hasNext()) {
            int id = it.next();
            Ranking.Row r = new Ranking.Row(id);
            Doc d = data.doc(id);
            if (byScore && d != null) {
                r.score = wildcard ? 0 : scorer.score(root, d, null);
            }
            if (sortDistances != null) {
                r.key = sortDistances.get(id);
            } else if (sortField != null && d != null && !needLoadSort) {
                r.key = sortKey(sortField, d);
            }
            rows[i++] = r;
            if ((i & 4095) == 0 && opts.deadline != Long.MAX_VALUE && System.nanoTime() > opts.deadline) {
                throw new Evaluator.TimeoutException();
            }
        }
        Ranking.Order order = byScore ? Ranking.byScore() : Ranking.byKey(req.sortBy == null || req.sortAsc);
        if (needLoadSort) {
            // every candidate goes out; the documents are read (and sorted) after the lock is released
            candidates = new ArrayList<>(n);
            for (Ranking.Row r : rows) {
                candidates.add(hit(r, data, ev, scorer, false));
            }
            return List.of();
        }
        long want = req.limit == 0 ? 0 : Math.min((long) n, req.offset + req.limit);
        Ranking.Row[] top = Ranking.top(rows, n, (int) Math.min(Integer.MAX_VALUE, want), order);
        List<Hit> page = new ArrayList<>();
        for (int k = (int) Math.min(req.offset, top.length); k < top.length; k++) {
            Hit h = hit(top[k], data, ev, scorer, true);
            if (sortDistances != null || sortField != null) {
                h.sortKey = top[k].key;
                h.hasSortKey = true;
            }
            page.add(h);
        }
        return page;
    }

    private Hit hit(Ranking.Row r, IndexData data, Evaluator ev, Scorer scorer, boolean inPage) {
        Doc d = data.doc(r.doc);
        Hit h = new Hit();
        h.key = d.key;
        h.payload = d.payload;
        h.score = r.score;
        if (req.withScores) {
            Scorer.Explain ex = req.explainScore ? new Scorer.Explain() : null;
            h.score = root instanceof QueryNode.All ? 0 : scorer.score(root, d, ex);
            h.explain = ex;
        }
        for (Map.Entry<String, Map<Integer, Double>> e : ev.distances.entrySet()) {
            Double dist = e.getValue().get(r.doc);
            if (dist != null) {
                h.extra.add(new DocLoader.Field(e.getKey(), io.sockudo.kv.search.util.CFormat.num(dist)));
            }
        }
        return h;
    }

    /** A document's value of a sortable or numeric field. */
    static Object sortKey(FieldSpec f, Doc d) {
        if (f.sortable) {
            return d.sortables[f.sortIdx];
        }
        double[] v = d.numeric(f.typeSlot);
        return v == null ? null : v[0];
    }

    private void collectMatchedTerms(Evaluator ev, QueryNode n) {
        if (n instanceof QueryNode.Not) {
            return;
        }
        List<TermDict.Term> terms = ev.termsOf(n);
        if (terms != null) {
            for (TermDict.Term t : terms) {
                if (t.text.startsWith("+")) {
                    matchedStems.add(t.text.substring(1));
                } else if (!t.text.startsWith("~") && !t.text.startsWith("<")) {
                    matchedTerms.add(t.text);
                }
            }
        }
        for (QueryNode c : n.children()) {
            collectMatchedTerms(ev, c);
        }
    }

    /** SORTBY a field that is neither SORTABLE nor NUMERIC: read it from every candidate. */
    private List<Hit> sortByLoaded() {
        FieldSpec f = spec.field(req.sortBy);
        List<Ranking.Row> rows = new ArrayList<>(candidates.size());
        Map<Integer, Hit> byRow = new java.util.HashMap<>();
        int i = 0;
        for (Hit h : candidates) {
            Object[] v = new Object[1];
            family.loader.withDoc(h.key, spec.onJson, doc -> {
                if (doc != null) {
                    Object raw = DocLoader.value(doc, f.path, spec.onJson, false);
                    v[0] = sortValue(f, raw);
                }
            });
            Ranking.Row r = new Ranking.Row(i);
            r.key = v[0];
            h.sortKey = v[0];
            h.hasSortKey = true;
            rows.add(r);
            byRow.put(i, h);
            i++;
        }
        long want = req.limit == 0 ? 0 : Math.min(rows.size(), req.offset + req.limit);
        Ranking.Row[] top = Ranking.top(rows.toArray(new Ranking.Row[0]), rows.size(), (int) want,
                Ranking.byKey(req.sortAsc));
        List<Hit> page = new ArrayList<>();
        for (int k = (int) Math.min(req.offset, top.length); k < top.length; k++) {
            page.add(byRow.get(top[k].doc));
        }
        return page;
    }

    private static Object sortValue(FieldSpec f, Object raw) {
        if (raw == null) {
            return null;
        }
        String s = DocLoader.text(raw);
        if (f.type == FieldType.NUMERIC) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return io.sockudo.kv.search.text.SortNormalizer.normalize(s);
    }

    // ------------------------------------------------------------------ loading

    private void load(List<Hit> hits) {
        if (req.noContent) {
            return;
        }
        boolean json = spec.onJson;
        boolean allMatches = req.dialect >= 3;
        Set<String> hlFields = req.highlight != null && req.highlight.fields != null
                ? new HashSet<>(req.highlight.fields) : null;
        Set<String> sumFields = req.summarize != null && req.summarize.fields != null
                ? new HashSet<>(req.summarize.fields) : null;
        List<SearchRequest.ReturnField> returns = req.returns;
        if (returns == null && (hlFields != null || sumFields != null)) {
            returns = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Set<String> s : java.util.Arrays.asList(sumFields, hlFields)) {
                if (s != null) {
                    for (String f : (s == sumFields ? req.summarize.fields : req.highlight.fields)) {
                        if (seen.add(f)) {
                            returns.add(new SearchRequest.ReturnField(f, f));
                        }
                    }
                }
            }
        }
        Highlighter hl = (req.highlight != null || req.summarize != null)
                ? new Highlighter(matchedTerms, matchedStems, !opts.verbatim) : null;
        final List<SearchRequest.ReturnField> ret = returns;
        for (Hit h : hits) {
            family.loader.withDoc(h.key, json, doc -> {
                if (doc == null) {
                    h.gone = true;
                    return;
                }
                List<DocLoader.Field> fields = new ArrayList<>(h.extra);
                if (ret == null) {
                    fields.addAll(DocLoader.all(spec, doc, json));
                } else {
                    for (SearchRequest.ReturnField rf : ret) {
                        DocLoader.Field extra = null;
                        for (DocLoader.Field x : h.extra) {
                            if (x.name().equals(rf.path())) {
                                extra = x;
                            }
                        }
                        if (extra != null) {
                            fields.remove(extra);
                            fields.add(new DocLoader.Field(rf.name(), extra.value()));
                            continue;
                        }
                        Object v = DocLoader.value(doc, DocLoader.path(spec, rf.path()), json, allMatches);
                        if (v != null) {
                            fields.add(new DocLoader.Field(rf.name(), v));
                        }
                    }
                    if (!h.extra.isEmpty()) {
                        // distances not asked for in RETURN are not returned
                        fields.removeIf(x -> h.extra.contains(x) && ret.stream().noneMatch(r -> r.path().equals(x.name())));
                    }
                }
                if (hl != null) {
                    fields = highlight(fields, hl, hlFields, sumFields);
                }
                h.fields = fields;
            });
        }
    }

    private List<DocLoader.Field> highlight(List<DocLoader.Field> fields, Highlighter hl, Set<String> hlFields,
                                            Set<String> sumFields) {
        List<DocLoader.Field> out = new ArrayList<>(fields.size());
        for (DocLoader.Field f : fields) {
            FieldSpec fs = spec.fieldByNameOrPath(f.name());
            boolean text = fs != null && fs.type == FieldType.TEXT;
            boolean doHl = req.highlight != null && text && (hlFields == null || hlFields.contains(f.name()));
            boolean doSum = req.summarize != null && text && (sumFields == null || sumFields.contains(f.name()));
            if (!doHl && !doSum) {
                out.add(f);
                continue;
            }
            String s = DocLoader.text(f.value());
            String v;
            if (doSum) {
                SearchRequest.Summarize sm = req.summarize;
                v = hl.summarize(s, sm.frags, sm.len, sm.separator, doHl ? req.highlight.open : null,
                        doHl ? req.highlight.close : null);
            } else {
                v = hl.highlight(s, req.highlight.open, req.highlight.close);
            }
            out.add(new DocLoader.Field(f.name(), v));
        }
        return out;
    }

    /** Writes the reply of {@link #run}'s result. */
    public void reply(io.sockudo.kv.spi.ReplyWriter w, Result res) {
        SearchReply.write(w, res, req);
    }

    /** The parsed query (FT.EXPLAIN, FT.PROFILE). */
    public QueryNode root() {
        return root;
    }

    public SearchRequest request() {
        return req;
    }

    /** Documents that could be loaded: DocumentView values go through here. */
    static boolean isDocument(Object v) {
        return v instanceof DocumentView;
    }
}
