package io.sockudo.kv.search.index;

import org.roaringbitmap.RoaringBitmap;

import java.util.NavigableMap;
import java.util.TreeMap;

/** A TAG attribute: its distinct (normalized) values in order, each with its documents. */
public final class TagIndex {
    private final TreeMap<String, RoaringBitmap> values = new TreeMap<>();
    private int records;

    void add(String tag, int doc) {
        RoaringBitmap b = values.get(tag);
        if (b == null) {
            b = new RoaringBitmap();
            values.put(tag, b);
        }
        if (b.checkedAdd(doc)) {
            records++;
        }
    }

    void remove(String tag, int doc) {
        RoaringBitmap b = values.get(tag);
        if (b != null && b.checkedRemove(doc)) {
            records--;
            if (b.isEmpty()) {
                values.remove(tag);
            }
        }
    }

    /** The documents tagged exactly {@code tag} (read-only), or null. */
    public RoaringBitmap get(String tag) {
        return values.get(tag);
    }

    /** All values in order (read-only). */
    public NavigableMap<String, RoaringBitmap> values() {
        return values;
    }

    public int records() {
        return records;
    }

    void clear() {
        values.clear();
        records = 0;
    }
}
