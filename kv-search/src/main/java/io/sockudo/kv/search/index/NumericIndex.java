package io.sockudo.kv.search.index;

import org.roaringbitmap.RoaringBitmap;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** A NUMERIC attribute: its distinct values in order, each with the documents holding it. */
public final class NumericIndex {
    private final TreeMap<Double, DocSet> values = new TreeMap<>();
    private int entries;

    void add(double v, int doc) {
        values.computeIfAbsent(normalize(v), k -> new DocSet()).add(doc);
        entries++;
    }

    void remove(double v, int doc) {
        Double k = normalize(v);
        DocSet s = values.get(k);
        if (s != null) {
            s.remove(doc);
            entries--;
            if (s.isEmpty()) {
                values.remove(k);
            }
        }
    }

    private static Double normalize(double v) {
        return v == 0.0 ? 0.0 : v; // -0.0 and 0.0 are one value
    }

    /** Documents with a value in the range (bounds inclusive unless {@code *Excl}). */
    public RoaringBitmap range(double min, boolean minExcl, double max, boolean maxExcl) {
        RoaringBitmap out = new RoaringBitmap();
        if (min > max || (min == max && (minExcl || maxExcl))) {
            return out;
        }
        NavigableMap<Double, DocSet> sub = values.subMap(min, !minExcl, max, !maxExcl);
        IntBuffer buf = new IntBuffer();
        for (DocSet s : sub.values()) {
            s.addTo(buf, out);
            if (buf.n > 4096) {
                buf.flushTo(out);
            }
        }
        buf.flushTo(out);
        return out;
    }

    /** Number of (value, document) records. */
    public int records() {
        return entries;
    }

    public int distinctValues() {
        return values.size();
    }

    void clear() {
        values.clear();
        entries = 0;
    }

    Iterable<Map.Entry<Double, DocSet>> entries() {
        return values.entrySet();
    }
}
