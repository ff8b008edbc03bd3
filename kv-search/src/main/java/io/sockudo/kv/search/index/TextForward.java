package io.sockudo.kv.search.index;

import java.util.Arrays;

/**
 * The text part of one document's forward index: for every (term, TEXT field) pair it holds, the
 * weighted frequency RediSearch's scorers use and the token positions (phrases, slop, in-order
 * checks). Entries are sorted by term id, then field, so a term's entries are found by binary
 * search. Built once per indexed version of a document and never changed.
 */
public final class TextForward {
    static final TextForward EMPTY = new TextForward(new long[0], new int[0], new int[1], new int[0]);

    /** {@code termId << 8 | textFieldId}, ascending. */
    final long[] keys;
    /** Weighted frequency per entry (RediSearch: each token adds max(1, (int) weight), stems x0.2). */
    final int[] freq;
    /** Start of each entry's positions in {@link #positions}; length entries + 1. */
    final int[] posStart;
    final int[] positions;

    TextForward(long[] keys, int[] freq, int[] posStart, int[] positions) {
        this.keys = keys;
        this.freq = freq;
        this.posStart = posStart;
        this.positions = positions;
    }

    public int size() {
        return keys.length;
    }

    public int termId(int e) {
        return (int) (keys[e] >>> 8);
    }

    public int field(int e) {
        return (int) (keys[e] & 0xff);
    }

    public int freq(int e) {
        return freq[e];
    }

    /** The first entry of {@code termId}, or -1. */
    public int first(int termId) {
        long lo = (long) termId << 8;
        int i = Arrays.binarySearch(keys, lo);
        if (i < 0) {
            i = -i - 1;
        }
        return i < keys.length && (keys[i] >>> 8) == termId ? i : -1;
    }

    /** The entry of {@code termId} in {@code field}, or -1. */
    public int find(int termId, int field) {
        int i = Arrays.binarySearch(keys, ((long) termId << 8) | field);
        return i >= 0 ? i : -1;
    }

    /** Total weighted frequency of a term over the fields in {@code fieldMask} (-1 = all). */
    public int termFreq(int termId, long fieldMask) {
        int e = first(termId);
        if (e < 0) {
            return 0;
        }
        int total = 0;
        for (; e < keys.length && (keys[e] >>> 8) == termId; e++) {
            if (fieldMask == -1 || (fieldMask & (1L << field(e))) != 0) {
                total += freq[e];
            }
        }
        return total;
    }

    public int posFrom(int e) {
        return posStart[e];
    }

    public int posTo(int e) {
        return posStart[e + 1];
    }

    public int position(int i) {
        return positions[i];
    }

    /** Builds a forward index from tokens added in any order. */
    static final class Builder {
        private long[] k = new long[64];
        private int[] f = new int[64];
        private int[][] pos = new int[64][];
        private int[] pn = new int[64];
        private int n;
        /** Open addressing: key -> entry index + 1 (0 = empty), Fibonacci hashing. */
        // sized for a typical document's distinct terms (a few dozen) without growing
        private long[] tk = new long[128];
        private int[] tv = new int[128];
        private int shift = 64 - 7;
        private final boolean offsets;

        Builder(boolean offsets) {
            this.offsets = offsets;
        }

        void add(int termId, int field, int weightedFreq, int position) {
            long key = ((long) termId << 8) | field;
            int mask = tk.length - 1;
            int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
            while (tv[h] != 0 && tk[h] != key) {
                h = (h + 1) & mask;
            }
            int i;
            if (tv[h] == 0) {
                if (n == k.length) {
                    k = Arrays.copyOf(k, n * 2);
                    f = Arrays.copyOf(f, n * 2);
                    pos = Arrays.copyOf(pos, n * 2);
                    pn = Arrays.copyOf(pn, n * 2);
                }
                i = n++;
                k[i] = key;
                f[i] = 0;
                pos[i] = offsets ? new int[2] : null;
                pn[i] = 0;
                tk[h] = key;
                tv[h] = i + 1;
                if (n * 2 > tk.length) {
                    rehash();
                }
            } else {
                i = tv[h] - 1;
            }
            f[i] += weightedFreq;
            if (offsets) {
                if (pn[i] == pos[i].length) {
                    pos[i] = Arrays.copyOf(pos[i], pn[i] * 2);
                }
                pos[i][pn[i]++] = position;
            }
        }

        private void rehash() {
            long[] ok = tk;
            int[] ov = tv;
            tk = new long[ok.length * 2];
            tv = new int[ok.length * 2];
            shift--;
            int mask = tk.length - 1;
            for (int j = 0; j < ok.length; j++) {
                if (ov[j] != 0) {
                    int h = (int) ((ok[j] * 0x9E3779B97F4A7C15L) >>> shift);
                    while (tv[h] != 0) {
                        h = (h + 1) & mask;
                    }
                    tk[h] = ok[j];
                    tv[h] = ov[j];
                }
            }
        }

        private int indexOf(long key) {
            int mask = tk.length - 1;
            int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
            while (tk[h] != key) {
                h = (h + 1) & mask;
            }
            return tv[h] - 1;
        }

        boolean isEmpty() {
            return n == 0;
        }

        TextForward build() {
            if (n == 0) {
                return EMPTY;
            }
            long[] sortedKeys = Arrays.copyOf(k, n); // keys are distinct
            Arrays.sort(sortedKeys);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = indexOf(sortedKeys[i]);
            }
            long[] keys = new long[n];
            int[] freq = new int[n];
            int[] start = new int[n + 1];
            int total = 0;
            for (int i = 0; i < n; i++) {
                total += pn[order[i]];
            }
            int[] positions = new int[total];
            int p = 0;
            for (int i = 0; i < n; i++) {
                int o = order[i];
                keys[i] = k[o];
                freq[i] = f[o];
                start[i] = p;
                if (offsets) {
                    int[] src = pos[o];
                    int m = pn[o];
                    Arrays.sort(src, 0, m);
                    System.arraycopy(src, 0, positions, p, m);
                    p += m;
                }
            }
            start[n] = p;
            return new TextForward(keys, freq, start, positions);
        }
    }
}
