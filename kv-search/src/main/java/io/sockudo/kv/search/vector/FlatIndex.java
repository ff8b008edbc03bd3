package io.sockudo.kv.search.vector;

import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

import java.util.HashMap;

/** FLAT: every vector compared with the query (exact results). */
final class FlatIndex implements VectorIndex {
    private final Metric metric;
    private final HashMap<Integer, Object> vectors = new HashMap<>();
    private final RoaringBitmap ids = new RoaringBitmap();
    private long bytes;

    FlatIndex(Metric metric) {
        this.metric = metric;
    }

    @Override
    public void add(int doc, Object vector) {
        Object v = metric.prepare(vector);
        if (vectors.put(doc, v) == null) {
            bytes += size(v);
        }
        ids.add(doc);
    }

    private static long size(Object v) {
        return v instanceof float[] f ? 16 + 4L * f.length : 16 + 8L * ((double[]) v).length;
    }

    @Override
    public void remove(int doc) {
        Object v = vectors.remove(doc);
        if (v != null) {
            bytes -= size(v);
        }
        ids.remove(doc);
    }

    @Override
    public int size() {
        return vectors.size();
    }

    @Override
    public void clear() {
        vectors.clear();
        ids.clear();
        bytes = 0;
    }

    @Override
    public Hits knn(Object query, int k, RoaringBitmap filter, int ef) {
        query = metric.prepare(query);
        Hits.TopK top = new Hits.TopK(k);
        RoaringBitmap scope = filter == null ? ids : RoaringBitmap.and(ids, filter);
        IntIterator it = scope.getIntIterator();
        while (it.hasNext()) {
            int d = it.next();
            top.offer(d, metric.distance(query, vectors.get(d)));
        }
        return top.sorted();
    }

    @Override
    public Hits range(Object query, double radius, RoaringBitmap filter, double epsilon) {
        query = metric.prepare(query);
        RoaringBitmap scope = filter == null ? ids : RoaringBitmap.and(ids, filter);
        IntIterator it = scope.getIntIterator();
        Hits.TopK all = new Hits.TopK(scope.getCardinality());
        while (it.hasNext()) {
            int d = it.next();
            double dist = metric.distance(query, vectors.get(d));
            if (dist <= radius) {
                all.offer(d, dist);
            }
        }
        return all.sorted();
    }

    @Override
    public Object vector(int doc) {
        return vectors.get(doc);
    }

    @Override
    public long memory() {
        return bytes;
    }
}
