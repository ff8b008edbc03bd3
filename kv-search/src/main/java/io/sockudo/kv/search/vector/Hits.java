package io.sockudo.kv.search.vector;

import java.util.Arrays;

/** Vector search results: document ids and distances, nearest first. */
public final class Hits {
    public final int[] docs;
    public final double[] distances;

    public Hits(int[] docs, double[] distances) {
        this.docs = docs;
        this.distances = distances;
    }

    public int size() {
        return docs.length;
    }

    /** Collects up to {@code k} best (smallest distance; ties by lower id) results. */
    static final class TopK {
        private final int k;
        private int n;
        private final int[] ids;
        private final double[] d;

        TopK(int k) {
            this.k = k;
            this.ids = new int[Math.max(0, k)];
            this.d = new double[Math.max(0, k)];
        }

        /** The current worst kept distance, or +inf while not full. */
        double bound() {
            return n < k ? Double.POSITIVE_INFINITY : d[0];
        }

        void offer(int id, double dist) {
            if (k == 0) {
                return;
            }
            if (n < k) {
                ids[n] = id;
                d[n] = dist;
                n++;
                siftUp(n - 1);
            } else if (worse(ids[0], d[0], id, dist)) {
                ids[0] = id;
                d[0] = dist;
                siftDown(0);
            }
        }

        /** True when (ia, da) is worse than (ib, db). */
        private static boolean worse(int ia, double da, int ib, double db) {
            return da > db || (da == db && ia > ib);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int p = (i - 1) / 2;
                if (worse(ids[i], d[i], ids[p], d[p])) {
                    swap(i, p);
                    i = p;
                } else {
                    return;
                }
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1;
                int r = l + 1;
                int w = i;
                if (l < n && worse(ids[l], d[l], ids[w], d[w])) {
                    w = l;
                }
                if (r < n && worse(ids[r], d[r], ids[w], d[w])) {
                    w = r;
                }
                if (w == i) {
                    return;
                }
                swap(i, w);
                i = w;
            }
        }

        private void swap(int a, int b) {
            int t = ids[a];
            ids[a] = ids[b];
            ids[b] = t;
            double x = d[a];
            d[a] = d[b];
            d[b] = x;
        }

        Hits sorted() {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> d[a] != d[b] ? Double.compare(d[a], d[b]) : Integer.compare(ids[a], ids[b]));
            int[] oi = new int[n];
            double[] od = new double[n];
            for (int i = 0; i < n; i++) {
                oi[i] = ids[order[i]];
                od[i] = d[order[i]];
            }
            return new Hits(oi, od);
        }
    }
}
