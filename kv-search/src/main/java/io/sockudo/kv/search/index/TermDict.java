package io.sockudo.kv.search.index;

import org.roaringbitmap.FastAggregation;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The terms of an index's TEXT fields: each term has an id and one posting bitmap per TEXT field
 * (the documents whose field holds the term). Terms without documents are removed, so the
 * dictionary (prefix, fuzzy and suffix expansion, spelling suggestions) only holds live terms.
 * Stems are stored with a {@code +} prefix, synonym groups with {@code ~}, phonetic codes with
 * {@code <}, as RediSearch stores them; those never collide with tokens, which cannot start with
 * a separator.
 */
public final class TermDict {
    /** One term. */
    public static final class Term {
        public final int id;
        public final String text;
        /** Per TEXT field id: the documents holding the term there (null when none). */
        RoaringBitmap[] byField;
        /** Number of (field) posting lists that are non-empty. */
        int lists;

        Term(int id, String text, int fields) {
            this.id = id;
            this.text = text;
            this.byField = new RoaringBitmap[Math.max(1, fields)];
        }

        /** The documents holding the term in any field of {@code fieldMask} (-1 = all). */
        public RoaringBitmap docs(long fieldMask) {
            RoaringBitmap only = null;
            int count = 0;
            for (int f = 0; f < byField.length; f++) {
                if (byField[f] != null && (fieldMask == -1 || (fieldMask & (1L << f)) != 0)) {
                    only = byField[f];
                    count++;
                }
            }
            if (count == 0) {
                return new RoaringBitmap();
            }
            if (count == 1) {
                return only;
            }
            RoaringBitmap[] parts = new RoaringBitmap[count];
            int i = 0;
            for (int f = 0; f < byField.length; f++) {
                if (byField[f] != null && (fieldMask == -1 || (fieldMask & (1L << f)) != 0)) {
                    parts[i++] = byField[f];
                }
            }
            return FastAggregation.or(parts);
        }

        /** Number of documents holding the term in any field. */
        public int docCount() {
            if (lists == 1) {
                for (RoaringBitmap b : byField) {
                    if (b != null) {
                        return b.getCardinality();
                    }
                }
            }
            return docs(-1).getCardinality();
        }
    }

    private final HashMap<String, Term> byText = new HashMap<>();
    private final TreeMap<String, Term> sorted = new TreeMap<>();
    private final ArrayList<Term> byId = new ArrayList<>();
    private final ArrayList<Integer> freeIds = new ArrayList<>();
    /** Terms holding at least one raw (not stem/synonym/phonetic) token. */
    private int textFields;

    TermDict(int textFields) {
        this.textFields = textFields;
    }

    void ensureFields(int n) {
        textFields = Math.max(textFields, n);
    }

    public Term get(String text) {
        return byText.get(text);
    }

    public Term byId(int id) {
        return byId.get(id);
    }

    public int size() {
        return byText.size();
    }

    /** All terms in lexicographic order (read-only view). */
    public NavigableMap<String, Term> sorted() {
        return sorted;
    }

    /** The term, created when missing. */
    Term intern(String text) {
        Term t = byText.get(text);
        if (t != null) {
            return t;
        }
        int id;
        if (!freeIds.isEmpty()) {
            id = freeIds.remove(freeIds.size() - 1);
            t = new Term(id, text, textFields);
            byId.set(id, t);
        } else {
            id = byId.size();
            t = new Term(id, text, textFields);
            byId.add(t);
        }
        byText.put(text, t);
        sorted.put(text, t);
        return t;
    }

    void add(Term t, int field, int doc) {
        if (field >= t.byField.length) {
            t.byField = java.util.Arrays.copyOf(t.byField, Math.max(field + 1, textFields));
        }
        RoaringBitmap b = t.byField[field];
        if (b == null) {
            b = new RoaringBitmap();
            t.byField[field] = b;
            t.lists++;
        }
        b.add(doc);
    }

    void remove(int termId, int field, int doc) {
        Term t = byId.get(termId);
        if (t == null || field >= t.byField.length) {
            return;
        }
        RoaringBitmap b = t.byField[field];
        if (b == null) {
            return;
        }
        b.remove(doc);
        if (b.isEmpty()) {
            t.byField[field] = null;
            if (--t.lists == 0) {
                byText.remove(t.text);
                sorted.remove(t.text);
                byId.set(termId, null);
                freeIds.add(termId);
            }
        }
    }

    void clear() {
        byText.clear();
        sorted.clear();
        byId.clear();
        freeIds.clear();
    }
}
