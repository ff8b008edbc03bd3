package io.sockudo.kv.types.stack.vectorset.hnsw;

import java.util.Arrays;

/**
 * Per-thread working memory of a graph search, reused from one search to the next so a search
 * allocates nothing: visit marks (a stamp per slot, compared with the current epoch, so starting
 * a search clears nothing), a min-heap of candidates to expand and a bounded max-heap of the best
 * results so far. Searches on different sets may share it, one at a time.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    private int[] stamp = new int[0];
    private int epoch;

    float[] candDist = new float[64];
    int[] candNode = new int[64];
    int candSize;

    float[] resDist = new float[64];
    int[] resNode = new int[64];
    int resSize;

    /** The distance of the node the last greedy descent stopped at. */
    float greedyDist;

    static Scratch get() {
        return LOCAL.get();
    }

    // ---------------------------------------------------------------------------------------
    // Visit marks
    // ---------------------------------------------------------------------------------------

    /** Starts a new visit over slots below {@code limit}. */
    void newVisit(int limit) {
        if (stamp.length < limit) {
            stamp = Arrays.copyOf(stamp, Math.max(limit, stamp.length * 3 / 2 + 16));
        }
        if (++epoch == 0) {
            Arrays.fill(stamp, 0);
            epoch = 1;
        }
        candSize = 0;
        resSize = 0;
    }

    /** Marks {@code slot} visited; false if it already was. */
    boolean visit(int slot) {
        if (stamp[slot] == epoch) {
            return false;
        }
        stamp[slot] = epoch;
        return true;
    }

    // ---------------------------------------------------------------------------------------
    // Candidates: min-heap on distance
    // ---------------------------------------------------------------------------------------

    void pushCandidate(float d, int node) {
        if (candSize == candDist.length) {
            candDist = Arrays.copyOf(candDist, candSize * 2);
            candNode = Arrays.copyOf(candNode, candSize * 2);
        }
        int i = candSize++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (candDist[parent] <= d) {
                break;
            }
            candDist[i] = candDist[parent];
            candNode[i] = candNode[parent];
            i = parent;
        }
        candDist[i] = d;
        candNode[i] = node;
    }

    /** Removes the nearest candidate; read it from {@code candDist[0]/candNode[0]} first. */
    void popCandidate() {
        int n = --candSize;
        if (n == 0) {
            return;
        }
        float d = candDist[n];
        int node = candNode[n];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && candDist[child + 1] < candDist[child]) {
                child++;
            }
            if (candDist[child] >= d) {
                break;
            }
            candDist[i] = candDist[child];
            candNode[i] = candNode[child];
            i = child;
        }
        candDist[i] = d;
        candNode[i] = node;
    }

    // ---------------------------------------------------------------------------------------
    // Results: max-heap on distance, at most ef entries
    // ---------------------------------------------------------------------------------------

    /** Distance of the worst result kept, or +infinity while there is none. */
    float worstResult() {
        return resSize == 0 ? Float.POSITIVE_INFINITY : resDist[0];
    }

    /** Adds a result, dropping the worst one when {@code ef} are already kept and this one is better. */
    void offerResult(float d, int node, int ef) {
        if (resSize < ef) {
            if (resSize == resDist.length) {
                resDist = Arrays.copyOf(resDist, resSize * 2);
                resNode = Arrays.copyOf(resNode, resSize * 2);
            }
            int i = resSize++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (resDist[parent] >= d) {
                    break;
                }
                resDist[i] = resDist[parent];
                resNode[i] = resNode[parent];
                i = parent;
            }
            resDist[i] = d;
            resNode[i] = node;
        } else if (d < resDist[0]) {
            siftDownResult(0, d, node, resSize);
        }
    }

    private void siftDownResult(int i, float d, int node, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && resDist[child + 1] > resDist[child]) {
                child++;
            }
            if (resDist[child] <= d) {
                break;
            }
            resDist[i] = resDist[child];
            resNode[i] = resNode[child];
            i = child;
        }
        resDist[i] = d;
        resNode[i] = node;
    }

    /**
     * Empties the result heap into {@code slots}/{@code dists}, nearest first; returns how many.
     * (Deterministic: the same sequence of offers always drains in the same order.)
     */
    int drainResults(int[] slots, float[] dists) {
        int n = resSize;
        for (int k = n - 1; k >= 0; k--) {
            slots[k] = resNode[0];
            dists[k] = resDist[0];
            int last = --resSize;
            if (last > 0) {
                siftDownResult(0, resDist[last], resNode[last], last);
            }
        }
        return n;
    }
}
