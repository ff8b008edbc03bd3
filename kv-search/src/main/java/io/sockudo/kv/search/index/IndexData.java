package io.sockudo.kv.search.index;

import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.vector.VectorIndex;
import org.roaringbitmap.RoaringBitmap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Everything one index stores: the documents (by key and by id), the live-document bitmap, the
 * term dictionary with its per-field postings, and one structure per TAG, NUMERIC, GEO and VECTOR
 * attribute. Not thread safe: {@link SearchIndex} guards it with its read/write lock.
 *
 * <p>Document ids grow monotonically: a re-indexed document gets a new id, so ids order documents
 * by their last indexing, as in RediSearch (results with equal scores come in id order).
 */
public final class IndexData {
    final IndexSpec spec;
    private int nextId = 1;
    private final HashMap<Key, Doc> byKey = new HashMap<>();
    private final IntObjectMap<Doc> byId = new IntObjectMap<>();
    /** The ids of the indexed documents. */
    public final RoaringBitmap live = new RoaringBitmap();
    public final TermDict terms;
    private final List<TagIndex> tags = new ArrayList<>();
    private final List<NumericIndex> numerics = new ArrayList<>();
    private final List<GeoIndex> geos = new ArrayList<>();
    private final List<VectorIndex> vectors = new ArrayList<>();
    /** Per schema field with INDEXMISSING: the documents lacking it. */
    private final HashMap<Integer, RoaringBitmap> missing = new HashMap<>();
    /** Per TEXT schema field with INDEXEMPTY: the documents whose value is empty. */
    private final HashMap<Integer, RoaringBitmap> emptyText = new HashMap<>();

    long totalLen;
    long textRecords;
    long offsetRecords;
    long failures;
    /** The last indexing error and its key (FT.INFO "Index Errors"); null before the first. */
    String lastError;
    byte[] lastErrorKey;
    /** Per schema position: failures, last error and key (FT.INFO "field statistics"). */
    long[] fieldFailures = new long[0];
    String[] fieldLastError = new String[0];
    byte[][] fieldLastErrorKey = new byte[0][];
    long sortableBytes;

    IndexData(IndexSpec spec) {
        this.spec = spec;
        this.terms = new TermDict(spec.textFieldCount());
        syncFields();
    }

    /** Creates the per-attribute structures of fields added since (FT.ALTER). */
    void syncFields() {
        terms.ensureFields(spec.textFieldCount());
        while (tags.size() < spec.typeCount(FieldType.TAG)) {
            tags.add(new TagIndex());
        }
        while (numerics.size() < spec.typeCount(FieldType.NUMERIC)) {
            numerics.add(new NumericIndex());
        }
        while (geos.size() < spec.typeCount(FieldType.GEO)) {
            geos.add(new GeoIndex());
        }
        for (FieldSpec f : spec.fields()) {
            if (f.type == FieldType.VECTOR && f.typeSlot >= vectors.size()) {
                vectors.add(VectorIndex.create(f.vector));
            }
            if (f.indexMissing && !missing.containsKey(f.index)) {
                missing.put(f.index, new RoaringBitmap());
            }
            if (f.indexEmpty && f.type == FieldType.TEXT && !emptyText.containsKey(f.index)) {
                emptyText.put(f.index, new RoaringBitmap());
            }
        }
    }

    // ------------------------------------------------------------------ lookups

    public Doc doc(int id) {
        return byId.get(id);
    }

    public Doc doc(byte[] key) {
        return byKey.get(new Key(key));
    }

    public int numDocs() {
        return byKey.size();
    }

    public int maxDocId() {
        return nextId - 1;
    }

    public TagIndex tag(int slot) {
        return tags.get(slot);
    }

    public NumericIndex numeric(int slot) {
        return numerics.get(slot);
    }

    public GeoIndex geo(int slot) {
        return geos.get(slot);
    }

    public VectorIndex vector(int slot) {
        return vectors.get(slot);
    }

    /** Documents lacking the field (INDEXMISSING), or null when the field does not track them. */
    public RoaringBitmap missing(int fieldIndex) {
        return missing.get(fieldIndex);
    }

    public RoaringBitmap emptyText(int fieldIndex) {
        return emptyText.get(fieldIndex);
    }

    public double avgDocLen() {
        return byKey.isEmpty() ? 0 : (double) totalLen / byKey.size();
    }

    public long textRecords() {
        return textRecords;
    }

    public long offsetRecords() {
        return offsetRecords;
    }

    /** Indexing errors as FT.INFO reports them: {count, last error, last key} overall or for one field. */
    public IndexErrors errors(int field) {
        if (field < 0) {
            return new IndexErrors(failures, lastError, lastErrorKey);
        }
        return field < fieldFailures.length
                ? new IndexErrors(fieldFailures[field], fieldLastError[field], fieldLastErrorKey[field])
                : new IndexErrors(0, null, null);
    }

    /** An index's (or a field's) indexing failures, the last error and the key it happened on. */
    public record IndexErrors(long count, String lastError, byte[] lastKey) {
    }

    public long failures() {
        return failures;
    }

    public long sortableBytes() {
        return sortableBytes;
    }

    public long vectorBytes() {
        long b = 0;
        for (VectorIndex v : vectors) {
            b += v.memory();
        }
        return b;
    }

    public long numericRecords() {
        long n = 0;
        for (NumericIndex x : numerics) {
            n += x.records();
        }
        return n;
    }

    public long tagRecords() {
        long n = 0;
        for (TagIndex x : tags) {
            n += x.records();
        }
        return n;
    }

    /** Every indexed key (FT.DROPINDEX DD). */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>(byKey.size());
        for (Key k : byKey.keySet()) {
            out.add(k.bytes());
        }
        return out;
    }

    // ------------------------------------------------------------------ updates

    /** Applies a prepared document: the key's previous version leaves, the new one enters. */
    void apply(Prepared p) {
        delete(p.key);
        if (p.failure != null) {
            failures++;
            lastError = p.failure;
            lastErrorKey = p.key;
            int f = p.failureField;
            if (f >= 0) {
                if (f >= fieldFailures.length) {
                    int n = Math.max(f + 1, spec.fields().size());
                    fieldFailures = java.util.Arrays.copyOf(fieldFailures, n);
                    fieldLastError = java.util.Arrays.copyOf(fieldLastError, n);
                    fieldLastErrorKey = java.util.Arrays.copyOf(fieldLastErrorKey, n);
                }
                fieldFailures[f]++;
                fieldLastError[f] = p.failure;
                fieldLastErrorKey[f] = p.key;
            }
            return;
        }
        int id = nextId++;
        TextForward.Builder tb = new TextForward.Builder(!spec.noOffsets);
        for (int i = 0; i < p.tn; i++) {
            TermDict.Term t = terms.intern(p.tTerm[i]);
            tb.add(t.id, p.tField[i], p.tFreq[i], p.tPos[i]);
        }
        TextForward text = tb.build();
        int maxFreq = 0;
        for (int e = 0; e < text.size(); ) {
            int tid = text.termId(e);
            int sum = 0;
            int s = e;
            for (; e < text.size() && text.termId(e) == tid; e++) {
                sum += text.freq(e);
                terms.add(terms.byId(tid), text.field(e), id);
            }
            maxFreq = Math.max(maxFreq, sum);
            textRecords += 1;
            offsetRecords += text.posStart[e] - text.posStart[s];
        }
        boolean[] hasVector = new boolean[p.vectors.length];
        for (int s = 0; s < p.vectors.length; s++) {
            if (p.vectors[s] != null) {
                vectors.get(s).add(id, p.vectors[s]);
                hasVector[s] = true;
            }
        }
        Doc d = new Doc(id, p.key, p.score, p.payload, p.language, text, maxFreq, p.len, p.numeric, p.tags, p.geo,
                hasVector, p.sortables, p.missing, p.empty);
        for (int s = 0; s < d.numeric.length; s++) {
            if (d.numeric[s] != null) {
                for (double v : d.numeric[s]) {
                    numerics.get(s).add(v, id);
                }
            }
        }
        for (int s = 0; s < d.tags.length; s++) {
            if (d.tags[s] != null) {
                for (String t : d.tags[s]) {
                    tags.get(s).add(t, id);
                }
            }
        }
        for (int s = 0; s < d.geo.length; s++) {
            if (d.geo[s] != null) {
                for (int i = 0; i + 1 < d.geo[s].length; i += 2) {
                    geos.get(s).add(d.geo[s][i], d.geo[s][i + 1], id);
                }
            }
        }
        for (var e : missing.entrySet()) {
            if (d.missing.get(e.getKey())) {
                e.getValue().add(id);
            }
        }
        for (var e : emptyText.entrySet()) {
            if (d.empty.get(e.getKey())) {
                e.getValue().add(id);
            }
        }
        sortableBytes += sortBytes(d);
        totalLen += d.len;
        byKey.put(new Key(p.key), d);
        byId.put(id, d);
        live.add(id);
    }

    private static long sortBytes(Doc d) {
        long b = 0;
        for (Object o : d.sortables) {
            if (o instanceof String s) {
                b += 16 + s.length();
            } else if (o != null) {
                b += 16;
            }
        }
        return b;
    }

    /** Takes the document of {@code key} out of the index; false when it was not indexed. */
    boolean delete(byte[] key) {
        Doc d = byKey.remove(new Key(key));
        if (d == null) {
            return false;
        }
        int id = d.id;
        byId.remove(id);
        live.remove(id);
        TextForward text = d.text;
        for (int e = 0; e < text.size(); e++) {
            terms.remove(text.termId(e), text.field(e), id);
        }
        for (int e = 0; e < text.size(); ) {
            int tid = text.termId(e);
            int s = e;
            while (e < text.size() && text.termId(e) == tid) {
                e++;
            }
            textRecords--;
            offsetRecords -= text.posStart[e] - text.posStart[s];
        }
        for (int s = 0; s < d.numeric.length; s++) {
            if (d.numeric[s] != null) {
                for (double v : d.numeric[s]) {
                    numerics.get(s).remove(v, id);
                }
            }
        }
        for (int s = 0; s < d.tags.length; s++) {
            if (d.tags[s] != null) {
                for (String t : d.tags[s]) {
                    tags.get(s).remove(t, id);
                }
            }
        }
        for (int s = 0; s < d.geo.length; s++) {
            if (d.geo[s] != null) {
                for (int i = 0; i + 1 < d.geo[s].length; i += 2) {
                    geos.get(s).remove(d.geo[s][i], d.geo[s][i + 1], id);
                }
            }
        }
        for (int s = 0; s < d.vectors.length; s++) {
            if (d.vectors[s]) {
                vectors.get(s).remove(id);
            }
        }
        for (RoaringBitmap b : missing.values()) {
            b.remove(id);
        }
        for (RoaringBitmap b : emptyText.values()) {
            b.remove(id);
        }
        sortableBytes -= sortBytes(d);
        totalLen -= d.len;
        return true;
    }

    /** Empties the index (FLUSHALL, SWAPDB); the id sequence continues. */
    void clear() {
        byKey.clear();
        byId.clear();
        live.clear();
        terms.clear();
        for (TagIndex t : tags) {
            t.clear();
        }
        for (NumericIndex n : numerics) {
            n.clear();
        }
        for (GeoIndex g : geos) {
            g.clear();
        }
        for (VectorIndex v : vectors) {
            v.clear();
        }
        for (RoaringBitmap b : missing.values()) {
            b.clear();
        }
        for (RoaringBitmap b : emptyText.values()) {
            b.clear();
        }
        totalLen = 0;
        textRecords = 0;
        offsetRecords = 0;
        sortableBytes = 0;
    }
}
