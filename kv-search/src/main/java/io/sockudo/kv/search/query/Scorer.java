package io.sockudo.kv.search.query;

import io.sockudo.kv.search.index.Doc;
import io.sockudo.kv.search.index.TermDict;
import io.sockudo.kv.search.index.TextForward;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RediSearch's built-in scoring functions, with their formulas (src/ext/default.c of RediSearch
 * 2.x): TFIDF (term frequency times IDF, normalized by the document's highest term frequency),
 * TFIDF.DOCNORM (normalized by its length), BM25, DISMAX, DOCSCORE and HAMMING. IDF is
 * {@code logb(1 + N / n)}; BM25's is {@code log(1 + (N - n + 0.5) / (n + 0.5))}. Scores are
 * divided by the "slop" of a top-level intersection (the root of the squared distances between its
 * consecutive terms). With EXPLAINSCORE the same texts RediSearch prints are collected.
 */
public final class Scorer {
    public static final List<String> NAMES = List.of("TFIDF", "TFIDF.DOCNORM", "BM25", "DISMAX", "DOCSCORE",
            "HAMMING", "BM25STD");

    private static final double B = 0.5;
    private static final double K1 = 1.2;

    /** An explanation: a line and the lines of its parts. */
    public static final class Explain {
        public String text = "";
        public final List<Explain> children = new ArrayList<>();
    }

    private final String name;
    private final Evaluator ev;
    private final int totalDocs;
    private final double avgLen;
    private final byte[] payload;
    private final Map<Integer, Double> idfCache = new HashMap<>();

    public Scorer(String name, Evaluator ev, byte[] payload) {
        this.name = name.toUpperCase(Locale.ROOT);
        this.ev = ev;
        this.totalDocs = ev.data.numDocs();
        this.avgLen = ev.data.avgDocLen();
        this.payload = payload;
    }

    public static boolean known(String name) {
        return NAMES.contains(name.toUpperCase(Locale.ROOT));
    }

    /** The score of {@code doc} for the query {@code root}; {@code ex} receives the explanation when not null. */
    public double score(QueryNode root, Doc doc, Explain ex) {
        switch (name) {
            case "DOCSCORE" -> {
                if (ex != null) {
                    ex.text = "Document's score is " + f2(doc.score);
                }
                return doc.score;
            }
            case "HAMMING" -> {
                return hamming(doc, ex);
            }
            case "DISMAX" -> {
                return dismax(root, doc, ex);
            }
            case "BM25", "BM25STD" -> {
                Explain child = ex == null ? null : new Explain();
                double raw = bm25(root, doc, child);
                double score = doc.score * raw;
                int slop = slop(root, doc);
                score /= slop;
                if (ex != null) {
                    ex.children.add(child);
                    ex.text = "Final BM25 : words BM25 " + f2(raw) + " * document score " + f2(doc.score)
                            + " / slop " + slop;
                }
                return score;
            }
            default -> {
                boolean docNorm = name.equals("TFIDF.DOCNORM");
                if (doc.score == 0) {
                    if (ex != null) {
                        ex.text = "Document score is 0";
                    }
                    return 0;
                }
                int norm = docNorm ? doc.len : doc.maxFreq;
                if (norm <= 0) {
                    norm = 1;
                }
                Explain child = ex == null ? null : new Explain();
                double raw = tfidf(root, doc, child);
                double score = doc.score * raw / norm;
                int slop = slop(root, doc);
                score /= slop;
                if (ex != null) {
                    ex.children.add(child);
                    ex.text = "Final TFIDF : words TFIDF " + f2(raw) + " * document score " + f2(doc.score)
                            + " / norm " + norm + " / slop " + slop;
                }
                return score;
            }
        }
    }

    static String f2(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }

    private boolean matches(QueryNode n, Doc doc) {
        Evaluator.State s = ev.state(n);
        return s != null && s.docs.contains(doc.id);
    }

    private double idf(TermDict.Term t) {
        return idfCache.computeIfAbsent(t.id, k -> {
            int n = Math.max(1, t.docCount());
            double x = 1.0 + (double) totalDocs / n;
            return (double) Math.getExponent(x);
        });
    }

    private double idfBm25(TermDict.Term t) {
        int n = t.docCount();
        return Math.log(1.0 + (totalDocs - n + 0.5) / (n + 0.5));
    }

    private static int freq(Doc doc, TermDict.Term t) {
        return doc.text.termFreq(t.id, -1);
    }

    // ------------------------------------------------------------------ TFIDF

    private double tfidf(QueryNode n, Doc doc, Explain ex) {
        Evaluator.State s = ev.state(n);
        if (s != null && s.terms != null) {
            List<TermDict.Term> hit = hits(s, doc);
            if (hit.size() == 1 && s.terms.size() == 1) {
                TermDict.Term t = hit.get(0);
                int f = freq(doc, t);
                double idf = idf(t);
                double res = n.weight * f * idf;
                if (ex != null) {
                    ex.text = "(TFIDF " + f2(res) + " = Weight " + f2(n.weight) + " * TF " + f + " * IDF " + f2(idf) + ")";
                }
                return res;
            }
            double sum = 0;
            for (TermDict.Term t : hit) {
                int f = freq(doc, t);
                double idf = idf(t);
                double res = f * idf;
                if (ex != null) {
                    Explain c = new Explain();
                    c.text = "(TFIDF " + f2(res) + " = Weight 1.00 * TF " + f + " * IDF " + f2(idf) + ")";
                    ex.children.add(c);
                }
                sum += res;
            }
            if (ex != null) {
                ex.text = "(Weight " + f2(n.weight) + " * total children TFIDF " + f2(sum) + ")";
            }
            return n.weight * sum;
        }
        if (n instanceof QueryNode.Intersect || n instanceof QueryNode.Union) {
            double sum = 0;
            for (QueryNode c : n.children()) {
                QueryNode inner = c instanceof QueryNode.Optional o ? o.child : c;
                if (c instanceof QueryNode.Not || !matches(inner, doc)) {
                    continue;
                }
                Explain ce = ex == null ? null : new Explain();
                sum += tfidf(inner, doc, ce);
                if (ex != null) {
                    ex.children.add(ce);
                }
            }
            if (ex != null) {
                ex.text = "(Weight " + f2(n.weight) + " * total children TFIDF " + f2(sum) + ")";
            }
            return n.weight * sum;
        }
        if (n instanceof QueryNode.Optional o) {
            return matches(o.child, doc) ? tfidf(o.child, doc, ex) : 0;
        }
        if (n instanceof QueryNode.Tag) {
            if (ex != null) {
                ex.text = "(TFIDF 0.00 = Weight " + f2(n.weight) + " * TF 1 * IDF 0.00)";
            }
            return 0;
        }
        if (n instanceof QueryNode.Vector v && v.filter != null && !(v.knn)) {
            return tfidf(v.filter, doc, ex);
        }
        // numeric, geo, wildcard, vector...: a virtual record of frequency 1
        double res = n.weight;
        if (ex != null) {
            ex.text = "(TFIDF " + f2(res) + " = Weight " + f2(n.weight) + " * Frequency 1)";
        }
        return res;
    }

    private static List<TermDict.Term> hits(Evaluator.State s, Doc doc) {
        List<TermDict.Term> out = new ArrayList<>(s.terms.size());
        TextForward tf = doc.text;
        for (TermDict.Term t : s.terms) {
            if (tf.first(t.id) >= 0 && (s.mask == -1 || tf.termFreq(t.id, s.mask) > 0)) {
                out.add(t);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ BM25

    private double bm25(QueryNode n, Doc doc, Explain ex) {
        Evaluator.State s = ev.state(n);
        double denomK = K1 * (1.0 - B + B * avgLen);
        if (s != null && s.terms != null) {
            double sum = 0;
            for (TermDict.Term t : hits(s, doc)) {
                int f = freq(doc, t);
                double idf = idfBm25(t);
                double r = idf * f / (f + denomK);
                if (ex != null) {
                    Explain c = new Explain();
                    c.text = "(" + f2(r) + " = IDF " + f2(idf) + " * F " + f + " / (F " + f + " + k1 1.2 * (1 - b 0.5 + b 0.5 * Average Len "
                            + f2(avgLen) + ")))";
                    ex.children.add(c);
                }
                sum += r;
            }
            if (ex != null) {
                ex.text = "(Weight " + f2(n.weight) + " * children BM25 " + f2(sum) + ")";
            }
            return n.weight * sum;
        }
        if (n instanceof QueryNode.Intersect || n instanceof QueryNode.Union) {
            double sum = 0;
            for (QueryNode c : n.children()) {
                QueryNode inner = c instanceof QueryNode.Optional o ? o.child : c;
                if (c instanceof QueryNode.Not || !matches(inner, doc)) {
                    continue;
                }
                Explain ce = ex == null ? null : new Explain();
                sum += bm25(inner, doc, ce);
                if (ex != null) {
                    ex.children.add(ce);
                }
            }
            if (ex != null) {
                ex.text = "(Weight " + f2(n.weight) + " * children BM25 " + f2(sum) + ")";
            }
            return n.weight * sum;
        }
        if (n instanceof QueryNode.Tag) {
            return 0;
        }
        double r = n.weight * 1 / (1 + denomK);
        if (ex != null) {
            ex.text = "(" + f2(r) + " = Weight " + f2(n.weight) + " * F 1 / (F 1 + k1 1.2 * (1 - b 0.5 + b 0.5 * Average Len "
                    + f2(avgLen) + ")))";
        }
        return r;
    }

    // ------------------------------------------------------------------ DISMAX, HAMMING

    private double dismax(QueryNode n, Doc doc, Explain ex) {
        Evaluator.State s = ev.state(n);
        if (s != null && s.terms != null) {
            int f = 0;
            for (TermDict.Term t : hits(s, doc)) {
                f += freq(doc, t);
            }
            double r = n.weight * f;
            if (ex != null) {
                ex.text = "DISMAX " + f2(r) + " = Weight " + f2(n.weight) + " * Frequency " + f;
            }
            return r;
        }
        boolean union = n instanceof QueryNode.Union;
        if (union || n instanceof QueryNode.Intersect) {
            double acc = 0;
            for (QueryNode c : n.children()) {
                QueryNode inner = c instanceof QueryNode.Optional o ? o.child : c;
                if (c instanceof QueryNode.Not || !matches(inner, doc)) {
                    continue;
                }
                Explain ce = ex == null ? null : new Explain();
                double v = dismax(inner, doc, ce);
                acc = union ? Math.max(acc, v) : acc + v;
                if (ex != null) {
                    ex.children.add(ce);
                }
            }
            double r = n.weight * acc;
            if (ex != null) {
                ex.text = f2(r) + " = Weight " + f2(n.weight) + " * children DISMAX " + f2(acc);
            }
            return r;
        }
        double r = n.weight;
        if (ex != null) {
            ex.text = "DISMAX " + f2(r) + " = Weight " + f2(n.weight) + " * Frequency 1";
        }
        return r;
    }

    private double hamming(Doc doc, Explain ex) {
        if (doc.payload == null || doc.payload.length == 0 || payload == null || doc.payload.length != payload.length) {
            if (ex != null) {
                ex.text = "Payloads provided to scorer vary in length";
            }
            return 0;
        }
        int bits = 0;
        for (int i = 0; i < payload.length; i++) {
            bits += Integer.bitCount((payload[i] ^ doc.payload[i]) & 0xff);
        }
        double r = 1.0 / (bits + 1);
        if (ex != null) {
            ex.text = "String length is " + payload.length + ". Bit count is " + bits + ". Result is (1 / count + 1) = "
                    + f2(r);
        }
        return r;
    }

    // ------------------------------------------------------------------ slop penalty

    /** RediSearch's IndexResult_MinOffsetDelta over a top-level intersection. */
    private int slop(QueryNode root, Doc doc) {
        if (!(root instanceof QueryNode.Intersect x) || x.nodes.size() < 2 || ev.spec.noOffsets) {
            return 1;
        }
        List<int[]> lists = new ArrayList<>();
        for (QueryNode c : x.nodes) {
            Evaluator.State s = ev.state(c);
            if (s != null && s.terms != null) {
                int[] p = ev.positions(c, doc);
                if (p.length > 0) {
                    lists.add(p);
                }
            }
        }
        if (lists.size() < 2) {
            return 1;
        }
        long dist = 0;
        for (int i = 0; i + 1 < lists.size(); i++) {
            int[] a = lists.get(i);
            int[] b = lists.get(i + 1);
            int ia = 0;
            int ib = 0;
            int cd = Math.abs(b[0] - a[0]);
            while (cd > 1 && ia < a.length && ib < b.length) {
                cd = Math.min(cd, Math.abs(b[ib] - a[ia]));
                if (b[ib] > a[ia]) {
                    ia++;
                } else {
                    ib++;
                }
            }
            dist += (long) cd * cd;
        }
        int r = dist > 0 ? (int) Math.sqrt(dist) : lists.size() - 1;
        return Math.max(1, r);
    }
}
