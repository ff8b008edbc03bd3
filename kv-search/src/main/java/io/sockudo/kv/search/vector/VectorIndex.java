package io.sockudo.kv.search.vector;

import io.sockudo.kv.search.schema.VectorParams;
import org.roaringbitmap.RoaringBitmap;

/**
 * A VECTOR attribute's index: vectors keyed by document id, with k-nearest-neighbour and range
 * queries, optionally restricted to a set of documents (hybrid queries). Not thread safe: used
 * under the owning index's lock.
 */
public interface VectorIndex {
    static VectorIndex create(VectorParams p) {
        Metric m = Metric.of(p.metric());
        return p.hnsw() ? new HnswIndex(p, m) : new FlatIndex(p, m);
    }

    void add(int doc, Object vector);

    void remove(int doc);

    int size();

    void clear();

    /**
     * The {@code k} nearest documents to {@code query} (already prepared for the metric), nearest
     * first; when {@code filter} is not null only documents in it qualify.
     *
     * @param ef HNSW search breadth (ignored by FLAT); 0 = the index's default
     */
    Hits knn(Object query, int k, RoaringBitmap filter, int ef);

    /** All documents within {@code radius} of {@code query}, nearest first. */
    Hits range(Object query, double radius, RoaringBitmap filter, double epsilon);

    /** The stored vector of {@code doc}, or null. */
    Object vector(int doc);

    /** Bytes used, roughly (FT.INFO vector_index_sz_mb). */
    long memory();
}
