package io.sockudo.kv.search.vector;

import io.sockudo.kv.search.schema.VectorParams;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * FLAT: every vector compared with the query (exact results). Vectors sit side by side in a
 * {@link VectorStore}; a deleted document's slot is reused by the next one added.
 */
final class FlatIndex implements VectorIndex {
    private final Metric metric;
    private final boolean f32;
    private final int dim;
    private VectorStore store;
    private final IntIntMap slotOf = new IntIntMap();
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int slots;
    private final RoaringBitmap ids = new RoaringBitmap();

    FlatIndex(VectorParams p, Metric metric) {
        this.metric = metric;
        this.f32 = !"FLOAT64".equals(p.type());
        this.dim = p.dim();
        this.store = new VectorStore(f32, dim);
    }

    @Override
    public void add(int doc, Object vector) {
        Object v = metric.prepare(vector);
        int slot = slotOf.get(doc);
        if (slot < 0) {
            slot = freeCount > 0 ? freeSlots[--freeCount] : slots++;
            slotOf.put(doc, slot);
        }
        store.set(slot, v);
        ids.add(doc);
    }

    @Override
    public void remove(int doc) {
        int slot = slotOf.remove(doc);
        if (slot >= 0) {
            if (freeCount == freeSlots.length) {
                freeSlots = java.util.Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
        }
        ids.remove(doc);
    }

    @Override
    public int size() {
        return slotOf.size();
    }

    @Override
    public void clear() {
        store = new VectorStore(f32, dim);
        slotOf.clear();
        freeCount = 0;
        slots = 0;
        ids.clear();
    }

    @Override
    public Hits knn(Object query, int k, RoaringBitmap filter, int ef) {
        query = metric.prepare(query);
        Hits.TopK top = new Hits.TopK(k);
        RoaringBitmap scope = filter == null ? ids : RoaringBitmap.and(ids, filter);
        IntIterator it = scope.getIntIterator();
        while (it.hasNext()) {
            int d = it.next();
            top.offer(d, store.distance(metric, query, slotOf.get(d)));
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
            double dist = store.distance(metric, query, slotOf.get(d));
            if (dist <= radius) {
                all.offer(d, dist);
            }
        }
        return all.sorted();
    }

    @Override
    public Object vector(int doc) {
        int slot = slotOf.get(doc);
        return slot < 0 ? null : store.get(slot);
    }

    @Override
    public long memory() {
        return slotOf.size() * (store.bytesPerVector() + 16);
    }
}
