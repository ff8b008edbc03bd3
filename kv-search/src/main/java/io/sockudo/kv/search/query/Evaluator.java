package io.sockudo.kv.search.query;

import io.sockudo.kv.search.index.Doc;
import io.sockudo.kv.search.index.IndexData;
import io.sockudo.kv.search.index.TagIndex;
import io.sockudo.kv.search.index.TermDict;
import io.sockudo.kv.search.index.TextForward;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.text.Phonetic;
import io.sockudo.kv.search.text.Stemmer;
import io.sockudo.kv.search.util.Geo;
import io.sockudo.kv.search.vector.Hits;
import io.sockudo.kv.search.vector.VectorIndex;
import io.sockudo.kv.spi.KvException;
import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a query tree against an index (under its read lock): every node becomes the bitmap of
 * the documents it matches, bottom up. Term-like nodes remember the dictionary terms they expanded
 * to, so scoring and positional checks (exact phrases, SLOP, INORDER) can look at each document's
 * forward index. Vector nodes remember the distances they computed.
 */
public final class Evaluator {
    /** What a node matched. */
    static final class State {
        RoaringBitmap docs;
        long nanos;
        /** Expanded dictionary terms (term-like nodes), null otherwise. */
        List<TermDict.Term> terms;
        long mask = QueryNode.ALL_FIELDS;
    }

    final IndexData data;
    final IndexSpec spec;
    final QueryOptions opts;
    final Map<QueryNode, State> states = new IdentityHashMap<>();
    /** Distances of vector results: score field name -> (doc id -> distance). */
    public final Map<String, Map<Integer, Double>> distances = new HashMap<>();
    private final java.util.Map<String, List<String>> synonyms;

    public Evaluator(IndexData data, IndexSpec spec, QueryOptions opts, Map<String, List<String>> synonyms) {
        this.data = data;
        this.spec = spec;
        this.opts = opts;
        this.synonyms = synonyms;
    }

    /** The documents {@code root} matches. */
    public RoaringBitmap run(QueryNode root) {
        return eval(root).docs;
    }

    State state(QueryNode n) {
        return states.get(n);
    }

    /** The dictionary terms a term-like node expanded to, or null for other nodes. */
    public List<TermDict.Term> termsOf(QueryNode n) {
        State s = states.get(n);
        return s == null ? null : s.terms;
    }

    private void checkTimeout() {
        if (opts.deadline != Long.MAX_VALUE && System.nanoTime() > opts.deadline) {
            throw new TimeoutException();
        }
    }

    /** Thrown when the query ran past its TIMEOUT. */
    public static final class TimeoutException extends RuntimeException {
        public TimeoutException() {
            super("Timeout limit was reached", null, false, false);
        }
    }

    State eval(QueryNode n) {
        long start = System.nanoTime();
        State s = evalNode(n);
        s.nanos = System.nanoTime() - start;
        return s;
    }

    /** Per node: {documents matched, nanoseconds spent} (FT.PROFILE). */
    public Map<QueryNode, long[]> profile() {
        Map<QueryNode, long[]> out = new IdentityHashMap<>();
        for (Map.Entry<QueryNode, State> e : states.entrySet()) {
            out.put(e.getKey(), new long[] {e.getValue().docs == null ? 0 : e.getValue().docs.getCardinality(),
                e.getValue().nanos});
        }
        return out;
    }

    /** Per term-like node: its expanded index terms and their document counts (FT.PROFILE). */
    public Map<QueryNode, List<Object[]>> expansions() {
        Map<QueryNode, List<Object[]>> out = new IdentityHashMap<>();
        for (Map.Entry<QueryNode, State> e : states.entrySet()) {
            if (e.getValue().terms != null) {
                List<Object[]> l = new ArrayList<>();
                for (TermDict.Term t : e.getValue().terms) {
                    l.add(new Object[] {t.text, (long) t.docs(e.getValue().mask).getCardinality()});
                }
                out.put(e.getKey(), l);
            }
        }
        return out;
    }

    private State evalNode(QueryNode n) {
        checkTimeout();
        State s = new State();
        states.put(n, s);
        if (n instanceof QueryNode.All) {
            s.docs = data.live.clone();
        } else if (n instanceof QueryNode.None) {
            s.docs = new RoaringBitmap();
        } else if (n instanceof QueryNode.Term t) {
            s.mask = mask(t);
            s.terms = expandTerm(t);
            s.docs = union(s.terms, s.mask);
        } else if (n instanceof QueryNode.Affix a) {
            s.mask = mask(a);
            if (a.text.length() < opts.minPrefix) {
                s.terms = List.of();
            } else if (a.prefix && !a.suffix) {
                s.terms = TermExpander.prefix(data.terms, a.text, opts.maxExpansions);
            } else {
                s.terms = TermExpander.suffix(data.terms, a.text, a.contains(), opts.maxExpansions);
            }
            s.docs = union(s.terms, s.mask);
        } else if (n instanceof QueryNode.Fuzzy f) {
            s.mask = mask(f);
            s.terms = TermExpander.fuzzy(data.terms, f.text, f.distance, opts.maxExpansions);
            s.docs = union(s.terms, s.mask);
        } else if (n instanceof QueryNode.Wildcard w) {
            s.mask = mask(w);
            s.terms = TermExpander.wildcard(data.terms, w.pattern, opts.maxExpansions);
            s.docs = union(s.terms, s.mask);
        } else if (n instanceof QueryNode.Intersect x) {
            s.docs = intersect(x);
        } else if (n instanceof QueryNode.Union u) {
            RoaringBitmap[] parts = new RoaringBitmap[u.nodes.size()];
            for (int i = 0; i < parts.length; i++) {
                parts[i] = eval(u.nodes.get(i)).docs;
            }
            s.docs = parts.length == 0 ? new RoaringBitmap() : FastAggregation.or(parts);
        } else if (n instanceof QueryNode.Not not) {
            s.docs = RoaringBitmap.andNot(data.live, eval(not.child).docs);
        } else if (n instanceof QueryNode.Optional o) {
            eval(o.child);
            s.docs = data.live.clone();
        } else if (n instanceof QueryNode.Numeric num) {
            FieldSpec f = field(num.field, FieldType.NUMERIC);
            s.docs = f == null ? new RoaringBitmap()
                    : data.numeric(f.typeSlot).range(num.min, num.minExclusive, num.max, num.maxExclusive);
        } else if (n instanceof QueryNode.Geo g) {
            s.docs = geo(g);
        } else if (n instanceof QueryNode.Tag t) {
            s.docs = tag(t);
        } else if (n instanceof QueryNode.Missing m) {
            FieldSpec f = spec.field(m.field);
            RoaringBitmap b = f == null ? null : data.missing(f.index);
            if (b == null) {
                throw new KvException("'ismissing' requires field '" + m.field + "' to be defined with 'INDEXMISSING'");
            }
            s.docs = b.clone();
        } else if (n instanceof QueryNode.Empty e) {
            s.docs = empty(e);
        } else if (n instanceof QueryNode.Vector v) {
            s.docs = vector(v);
        } else {
            throw new IllegalStateException("unknown node " + n);
        }
        return s;
    }

    // ------------------------------------------------------------------ text

    private long mask(QueryNode n) {
        return n.fieldMask & opts.inFields;
    }

    private RoaringBitmap union(List<TermDict.Term> terms, long mask) {
        if (terms.isEmpty() || mask == 0) {
            return new RoaringBitmap();
        }
        if (terms.size() == 1) {
            return terms.get(0).docs(mask).clone();
        }
        RoaringBitmap[] parts = new RoaringBitmap[terms.size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = terms.get(i).docs(mask);
        }
        return FastAggregation.or(parts);
    }

    /** A term and what it stands for: its stems, synonym groups and phonetic code. */
    private List<TermDict.Term> expandTerm(QueryNode.Term t) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(t.text);
        boolean expand = !t.verbatim && !opts.verbatim;
        if (expand && opts.language.equals("english") && stemmable(t.fieldMask & opts.inFields)) {
            String stem = Stemmer.get().stem(t.text);
            forms.add("+" + stem);
            if (!stem.equals(t.text)) {
                forms.add(stem);
            }
        }
        if (expand && synonyms != null && !synonyms.isEmpty()) {
            List<String> groups = synonyms.get(t.text);
            if (groups != null) {
                for (String g : groups) {
                    forms.add("~" + g);
                }
            }
        }
        if (expand && phonetic(t)) {
            String code = Phonetic.primary(t.text);
            if (!code.isEmpty()) {
                forms.add("<" + code);
            }
        }
        List<TermDict.Term> out = new ArrayList<>(forms.size());
        for (String f : forms) {
            TermDict.Term term = data.terms.get(f);
            if (term != null) {
                out.add(term);
            }
        }
        return out;
    }

    /** Stemming applies unless every TEXT field the term may match is NOSTEM. */
    private boolean stemmable(long mask) {
        for (FieldSpec f : spec.fields()) {
            if (f.type == FieldType.TEXT && f.indexed() && (mask & (1L << f.textId)) != 0 && !f.noStem) {
                return true;
            }
        }
        return false;
    }

    private boolean phonetic(QueryNode.Term t) {
        if (Boolean.FALSE.equals(t.phonetic) || t.text.length() < Phonetic.MIN_TERM_LENGTH) {
            return false;
        }
        long mask = t.fieldMask & opts.inFields;
        for (FieldSpec f : spec.fields()) {
            if (f.type == FieldType.TEXT && f.phonetic != null && (mask & (1L << f.textId)) != 0) {
                return true;
            }
        }
        return false;
    }

    private RoaringBitmap intersect(QueryNode.Intersect x) {
        List<RoaringBitmap> required = new ArrayList<>();
        List<QueryNode> positional = new ArrayList<>();
        for (QueryNode c : x.nodes) {
            State cs = eval(c);
            if (c instanceof QueryNode.Optional) {
                continue;
            }
            required.add(cs.docs);
            if (cs.terms != null || isTermUnion(c)) {
                positional.add(c);
            }
        }
        if (required.isEmpty()) {
            return data.live.clone();
        }
        required.sort((a, b) -> Integer.compare(a.getCardinality(), b.getCardinality()));
        RoaringBitmap acc = required.get(0).clone();
        for (int i = 1; i < required.size() && !acc.isEmpty(); i++) {
            acc.and(required.get(i));
        }
        int slop = x.exact ? 0 : x.slop >= 0 ? x.slop : opts.slop;
        boolean inOrder = x.exact || (x.inOrderSet ? x.inOrder : opts.inOrder);
        if ((slop >= 0 || inOrder) && positional.size() > 1 && !spec.noOffsets && !acc.isEmpty()) {
            RoaringBitmap kept = new RoaringBitmap();
            IntIterator it = acc.getIntIterator();
            int[][] lists = new int[positional.size()][];
            int checked = 0;
            while (it.hasNext()) {
                int d = it.next();
                if ((++checked & 1023) == 0) {
                    checkTimeout();
                }
                Doc doc = data.doc(d);
                for (int i = 0; i < lists.length; i++) {
                    lists[i] = positions(positional.get(i), doc);
                }
                if (Positions.match(lists, slop < 0 ? Integer.MAX_VALUE : slop, inOrder)) {
                    kept.add(d);
                }
            }
            acc = kept;
        }
        return acc;
    }

    private boolean isTermUnion(QueryNode n) {
        if (!(n instanceof QueryNode.Union u)) {
            return false;
        }
        for (QueryNode c : u.nodes) {
            State cs = states.get(c);
            if (cs == null || (cs.terms == null && !isTermUnion(c))) {
                return false;
            }
        }
        return true;
    }

    /** Sorted positions in {@code doc} of the terms a term-like node (or union of them) stands for. */
    int[] positions(QueryNode n, Doc doc) {
        State s = states.get(n);
        IntList out = new IntList();
        collectPositions(n, s, doc, out);
        int[] a = out.toArray();
        Arrays.sort(a);
        return a;
    }

    private void collectPositions(QueryNode n, State s, Doc doc, IntList out) {
        if (s == null) {
            return;
        }
        if (s.terms != null) {
            TextForward tf = doc.text;
            for (TermDict.Term t : s.terms) {
                int e = tf.first(t.id);
                if (e < 0) {
                    continue;
                }
                for (; e < tf.size() && tf.termId(e) == t.id; e++) {
                    if (s.mask == -1 || (s.mask & (1L << tf.field(e))) != 0) {
                        for (int i = tf.posFrom(e); i < tf.posTo(e); i++) {
                            out.add(tf.position(i));
                        }
                    }
                }
            }
        } else if (n instanceof QueryNode.Union u) {
            for (QueryNode c : u.nodes) {
                collectPositions(c, states.get(c), doc, out);
            }
        }
    }

    // ------------------------------------------------------------------ fields

    private FieldSpec field(String name, FieldType type) {
        FieldSpec f = spec.field(name);
        return f != null && f.type == type && f.indexed() ? f : null;
    }

    private RoaringBitmap geo(QueryNode.Geo g) {
        double unit = Geo.unit(g.unit);
        if (unit < 0) {
            throw new KvException("Invalid GeoFilter unit");
        }
        FieldSpec f = field(g.field, FieldType.GEO);
        if (f == null) {
            return new RoaringBitmap();
        }
        int slot = f.typeSlot;
        return data.geo(slot).radius(g.lon, g.lat, g.radius * unit, doc -> {
            Doc d = data.doc(doc);
            return d == null ? null : d.geo(slot);
        });
    }

    private RoaringBitmap tag(QueryNode.Tag t) {
        FieldSpec f = field(t.field, FieldType.TAG);
        if (f == null) {
            return new RoaringBitmap();
        }
        TagIndex idx = data.tag(f.typeSlot);
        List<RoaringBitmap> parts = new ArrayList<>();
        int expanded = 0;
        for (QueryNode.TagValue v : t.values) {
            String text = v.text().strip();
            if (!f.caseSensitive) {
                text = text.toLowerCase(Locale.ROOT);
            }
            if (!v.prefix() && !v.suffix() && !v.wildcard()) {
                RoaringBitmap b = idx.get(text);
                if (b != null) {
                    parts.add(b);
                }
                continue;
            }
            if (v.prefix() && !v.suffix()) {
                for (Map.Entry<String, RoaringBitmap> e : idx.values().tailMap(text).entrySet()) {
                    if (!e.getKey().startsWith(text) || expanded >= opts.maxExpansions) {
                        break;
                    }
                    parts.add(e.getValue());
                    expanded++;
                }
                continue;
            }
            for (Map.Entry<String, RoaringBitmap> e : idx.values().entrySet()) {
                String k = e.getKey();
                boolean ok = v.wildcard() ? TermExpander.glob(text, 0, k, 0)
                        : v.prefix() ? k.contains(text) : k.endsWith(text);
                if (ok) {
                    parts.add(e.getValue());
                    if (++expanded >= opts.maxExpansions) {
                        break;
                    }
                }
            }
        }
        return parts.isEmpty() ? new RoaringBitmap() : FastAggregation.or(parts.toArray(new RoaringBitmap[0]));
    }

    private RoaringBitmap empty(QueryNode.Empty e) {
        FieldSpec f = spec.field(e.field);
        if (f == null) {
            return new RoaringBitmap();
        }
        if (f.type == FieldType.TAG) {
            if (!f.indexEmpty) {
                return new RoaringBitmap();
            }
            RoaringBitmap b = data.tag(f.typeSlot).get("");
            return b == null ? new RoaringBitmap() : b.clone();
        }
        if (f.type == FieldType.TEXT && f.indexEmpty) {
            RoaringBitmap b = data.emptyText(f.index);
            return b == null ? new RoaringBitmap() : b.clone();
        }
        return new RoaringBitmap();
    }

    // ------------------------------------------------------------------ vectors

    private RoaringBitmap vector(QueryNode.Vector v) {
        FieldSpec f = spec.field(v.field);
        if (f == null) {
            throw new KvException("Unknown field at offset " + v.fieldOffset + " near " + v.field);
        }
        if (v.knn && v.filter == null && (v.hybridPolicy != null || v.batchSize != 0)) {
            throw new KvException("Error parsing vector similarity parameters: hybrid query attributes were sent "
                    + "for a non-hybrid query");
        }
        if (f.type != FieldType.VECTOR || !f.indexed()) {
            if (v.filter != null) {
                eval(v.filter);
            }
            return new RoaringBitmap();
        }
        if (v.efRuntime != 0 && !f.vector.hnsw()) {
            throw new KvException("Error parsing vector similarity parameters: Invalid option");
        }
        if (v.blob.length != f.vector.blobSize()) {
            throw new KvException("Error parsing vector similarity query: query vector blob size (" + v.blob.length
                    + ") does not match index's expected size (" + f.vector.blobSize() + ").");
        }
        if (v.scoreField != null && spec.field(v.scoreField) != null) {
            throw new KvException("Property `" + v.scoreField + "` already exists in schema");
        }
        Object query = io.sockudo.kv.search.index.Vectors.decode(v.blob, f.vector);
        VectorIndex idx = data.vector(f.typeSlot);
        RoaringBitmap filter = v.filter == null ? null : eval(v.filter).docs;
        Hits hits = v.knn ? idx.knn(query, v.k, filter, v.efRuntime)
                : idx.range(query, v.radius, filter, v.epsilon);
        Map<Integer, Double> dist = new HashMap<>();
        RoaringBitmap out = new RoaringBitmap();
        for (int i = 0; i < hits.size(); i++) {
            dist.put(hits.docs[i], hits.distances[i]);
            out.add(hits.docs[i]);
        }
        String name = v.scoreField != null ? v.scoreField : "__" + v.field + "_score";
        if (v.knn || v.scoreField != null) {
            distances.computeIfAbsent(name, k -> new HashMap<>()).putAll(dist);
        }
        return out;
    }

    /** A growable int list. */
    static final class IntList {
        int[] a = new int[8];
        int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
