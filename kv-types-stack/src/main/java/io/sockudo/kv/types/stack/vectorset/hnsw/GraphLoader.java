package io.sockudo.kv.types.stack.vectorset.hnsw;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rebuilds a graph from a record: nodes are added with their links as ids, then {@link #finish}
 * resolves the ids to slots and checks what a corrupt or hostile payload could break — unique
 * ids, links to existing nodes present on that layer, no self or duplicate links, every link
 * answered by its reverse (a salted hash of each link, XOR-ed: reverse pairs cancel out) — before
 * anything is linked. Rows longer than this graph holds (Redis lets a few rows grow past 2M) lose
 * their farthest links, in both directions.
 */
public final class GraphLoader {
    private final Hnsw g;
    private final NodeStore store;
    private int[] slots = new int[16];
    private long[][] pending = new long[16][];
    private int n;

    GraphLoader(Hnsw g) {
        this.g = g;
        this.store = g.store;
    }

    /**
     * Adds a node from its params and stored vector. Throws when the params do not describe a
     * node (sizes, version, level, counts).
     */
    public void add(byte[] rawVector, long[] params, byte[] name, byte[] attr) throws IOException {
        if (params.length < 2) {
            throw new IOException("vector set node params too short");
        }
        long id = params[0];
        int level = (int) (params[1] & 0xff);
        int version = (int) ((params[1] >>> 24) & 0xff);
        if (version > Hnsw.SER_VERSION || id == 0 || level > Hnsw.MAX_LEVEL) {
            throw new IOException("bad vector set node params");
        }
        boolean worstInfo = version > 0;
        int k = 2;
        // pending layout: per layer [count, id...]
        int total = 0;
        for (int l = 0; l <= level; l++) {
            if (k + 2 + (worstInfo ? 1 : 0) > params.length) {
                throw new IOException("vector set node params truncated");
            }
            long cnt = params[k];
            long max = params[k + 1];
            if (cnt < 0 || cnt > max || max > 4L * Hnsw.MAX_M) {
                throw new IOException("bad vector set link count");
            }
            if (k + 2 + cnt + (worstInfo ? 1 : 0) > params.length) {
                throw new IOException("vector set node params truncated");
            }
            total += 1 + (int) cnt;
            k += 2 + (int) cnt + (worstInfo ? 1 : 0);
        }
        if (k >= params.length) {
            throw new IOException("vector set node params truncated");
        }
        long[] links = new long[total];
        int w = 0;
        k = 2;
        for (int l = 0; l <= level; l++) {
            int cnt = (int) params[k];
            links[w++] = cnt;
            System.arraycopy(params, k + 2, links, w, cnt);
            w += cnt;
            k += 2 + cnt + (worstInfo ? 1 : 0);
        }
        long packed = params[k];
        float l2 = Float.intBitsToFloat((int) packed);
        float range = Float.intBitsToFloat((int) (packed >>> 32));
        if (rawVector.length != Quant.bytes(store.quant, store.dim)) {
            throw new IOException("Mismatching vector dimension");
        }
        int slot = g.loadSlot(level, id, name, attr);
        store.setRawVector(slot, rawVector, l2, range);
        if (n == slots.length) {
            slots = Arrays.copyOf(slots, n * 2);
            pending = Arrays.copyOf(pending, n * 2);
        }
        slots[n] = slot;
        pending[n] = links;
        n++;
    }

    /** Resolves and checks all links, then writes them into the graph. */
    public void finish() throws IOException {
        LongIntMap ids = new LongIntMap(n);
        for (int i = 0; i < n; i++) {
            if (!ids.putIfAbsent(store.id(slots[i]), slots[i])) {
                throw new IOException("duplicate vector set node id");
            }
        }
        long salt0 = ThreadLocalRandom.current().nextLong();
        long salt1 = ThreadLocalRandom.current().nextLong();
        long acc0 = 0;
        long acc1 = 0;
        int[][][] rows = new int[n][][];
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            long selfId = store.id(s);
            int level = store.level(s);
            long[] links = pending[i];
            int[][] r = new int[level + 1][];
            int k = 0;
            for (int l = 0; l <= level; l++) {
                int cnt = (int) links[k++];
                int[] row = new int[cnt];
                long[] sorted = Arrays.copyOfRange(links, k, k + cnt);
                Arrays.sort(sorted);
                for (int j = 1; j < cnt; j++) {
                    if (sorted[j] == sorted[j - 1]) {
                        throw new IOException("duplicate vector set link");
                    }
                }
                for (int j = 0; j < cnt; j++) {
                    long to = links[k + j];
                    if (to == selfId) {
                        throw new IOException("vector set node linked to itself");
                    }
                    int t = ids.get(to);
                    if (t < 0 || store.level(t) < l) {
                        throw new IOException("unresolved vector set link");
                    }
                    row[j] = t;
                    long lo = Math.min(selfId, to);
                    long hi = Math.max(selfId, to);
                    acc0 ^= Hashing.mix(Hashing.mix(lo ^ salt0) + hi * 31 + l);
                    acc1 ^= Hashing.mix(Hashing.mix(hi ^ salt1) + lo * 17 + l);
                }
                k += cnt;
                r[l] = row;
            }
            rows[i] = r;
            pending[i] = null;
        }
        if (acc0 != 0 || acc1 != 0) {
            throw new IOException("vector set links are not reciprocal");
        }
        int[] index = new int[store.slotLimit()];
        for (int i = 0; i < n; i++) {
            index[slots[i]] = i;
        }
        trimOversized(rows, index);
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            for (int l = 0; l < rows[i].length; l++) {
                for (int t : rows[i][l]) {
                    store.addLink(s, l, t);
                }
            }
        }
        g.loaded();
    }

    /** Drops the farthest links of rows longer than the graph's capacity, and their reverse links. */
    private void trimOversized(int[][][] rows, int[] index) {
        for (int i = 0; i < n; i++) {
            int s = slots[i];
            for (int l = 0; l < rows[i].length; l++) {
                int cap = store.linkCap(l);
                while (rows[i][l].length > cap) {
                    int[] row = rows[i][l];
                    int worst = 0;
                    float worstDist = -1;
                    for (int j = 0; j < row.length; j++) {
                        float d = g.distance(s, row[j]);
                        if (d > worstDist) {
                            worstDist = d;
                            worst = j;
                        }
                    }
                    int t = row[worst];
                    rows[i][l] = without(row, worst);
                    int ti = index[t];
                    int[] back = rows[ti][l];
                    for (int j = 0; j < back.length; j++) {
                        if (back[j] == s) {
                            rows[ti][l] = without(back, j);
                            break;
                        }
                    }
                }
            }
        }
    }

    private static int[] without(int[] a, int j) {
        int[] r = new int[a.length - 1];
        System.arraycopy(a, 0, r, 0, j);
        System.arraycopy(a, j + 1, r, j, a.length - j - 1);
        return r;
    }

    /** Open-addressing map from node id to slot, for loading. */
    private static final class LongIntMap {
        private final long[] keys;
        private final int[] vals;
        private final int mask;

        LongIntMap(int expected) {
            int cap = Integer.highestOneBit(Math.max(4, expected * 2) - 1) << 1;
            keys = new long[cap];
            vals = new int[cap];
            mask = cap - 1;
        }

        /** Ids are never 0, which marks an empty bucket. */
        boolean putIfAbsent(long k, int v) {
            int i = (int) Hashing.mix(k) & mask;
            while (keys[i] != 0) {
                if (keys[i] == k) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            keys[i] = k;
            vals[i] = v;
            return true;
        }

        int get(long k) {
            int i = (int) Hashing.mix(k) & mask;
            while (keys[i] != 0) {
                if (keys[i] == k) {
                    return vals[i];
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }
}
