package io.sockudo.kv.search.exec;

import java.util.Arrays;

/**
 * Orders result rows and keeps the best {@code n} of them without sorting everything: by score
 * (highest first), by distance or a sort key (ascending or descending), ties always by document
 * id ascending, as RediSearch breaks them. Missing sort keys come last.
 */
final class Ranking {
    private Ranking() {
    }

    /** One candidate: document id and what it is ordered by. */
    static final class Row {
        final int doc;
        double score;
        /** Sort value: Double, String or null. */
        Object key;

        Row(int doc) {
            this.doc = doc;
        }
    }

    /** Comparator where a negative result means {@code a} ranks before {@code b}. */
    interface Order {
        int compare(Row a, Row b);
    }

    static Order byScore() {
        return (a, b) -> {
            int c = Double.compare(b.score, a.score);
            return c != 0 ? c : Integer.compare(a.doc, b.doc);
        };
    }

    static Order byKey(boolean asc) {
        return (a, b) -> {
            int c = compareKeys(a.key, b.key, asc);
            return c != 0 ? c : Integer.compare(a.doc, b.doc);
        };
    }

    static Order byDoc() {
        return (a, b) -> Integer.compare(a.doc, b.doc);
    }

    /** Compares sort values: nulls last whatever the direction; numbers numerically; else as text. */
    static int compareKeys(Object x, Object y, boolean asc) {
        if (x == null || y == null) {
            return x == null ? (y == null ? 0 : 1) : -1;
        }
        int c;
        if (x instanceof Double dx && y instanceof Double dy) {
            c = Double.compare(dx, dy);
        } else if (x instanceof Double && !(y instanceof Double)) {
            c = -1;
        } else if (!(x instanceof Double) && y instanceof Double) {
            c = 1;
        } else {
            c = x.toString().compareTo(y.toString());
        }
        return asc ? c : -c;
    }

    /** The first {@code n} rows in order (a bounded heap when n is small). */
    static Row[] top(Row[] rows, int count, int n, Order order) {
        if (n <= 0) {
            return new Row[0];
        }
        if (n >= count / 2) {
            Row[] all = Arrays.copyOf(rows, count);
            Arrays.sort(all, order::compare);
            return n >= count ? all : Arrays.copyOf(all, n);
        }
        // max-heap of the n best by 'order' (the worst kept on top)
        Row[] heap = new Row[n];
        int size = 0;
        for (int i = 0; i < count; i++) {
            Row r = rows[i];
            if (size < n) {
                heap[size] = r;
                siftUp(heap, size++, order);
            } else if (order.compare(r, heap[0]) < 0) {
                heap[0] = r;
                siftDown(heap, size, order);
            }
        }
        Row[] out = Arrays.copyOf(heap, size);
        Arrays.sort(out, order::compare);
        return out;
    }

    private static void siftUp(Row[] h, int i, Order o) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (o.compare(h[i], h[p]) > 0) {
                Row t = h[i];
                h[i] = h[p];
                h[p] = t;
                i = p;
            } else {
                return;
            }
        }
    }

    private static void siftDown(Row[] h, int size, Order o) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int w = i;
            if (l < size && o.compare(h[l], h[w]) > 0) {
                w = l;
            }
            if (r < size && o.compare(h[r], h[w]) > 0) {
                w = r;
            }
            if (w == i) {
                return;
            }
            Row t = h[i];
            h[i] = h[w];
            h[w] = t;
            i = w;
        }
    }
}
