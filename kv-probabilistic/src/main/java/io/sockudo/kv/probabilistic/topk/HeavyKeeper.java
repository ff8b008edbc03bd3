package io.sockudo.kv.probabilistic.topk;

import io.sockudo.kv.probabilistic.common.Murmur;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;

/**
 * A Top-K sketch (RedisBloom's HeavyKeeper, type {@code TopK-TYPE}): {@code depth} rows of
 * {@code width} buckets holding a 32-bit fingerprint ({@code MurmurHash2(item, 1919)}) and a count,
 * plus a min-heap of the {@code k} heaviest items. An item's bucket in row {@code i} is
 * {@code MurmurHash2(item, i) mod width}. A bucket owned by another fingerprint decays by one with
 * probability {@code decay^count} per increment, and is taken over when it reaches zero.
 *
 * <p><b>Determinism.</b> RedisBloom draws the decay chance from {@code rand()}, so a replica
 * replaying TOPK.ADD diverges. Here the chance comes from a SplitMix64 generator whose state is part
 * of the value: the same commands on the same value give the same result on every server, so
 * TOPK.ADD/INCRBY replicate as received. The state is persisted in the otherwise meaningless
 * pointer field of the first heap slot of RedisBloom's record, which RedisBloom ignores on load.
 */
public final class HeavyKeeper implements KvValue {
    static final int GA = 1919;
    static final int LOOKUP = 256;

    final int k;
    final int width;
    final int depth;
    final double decay;
    /** Per bucket: fingerprint then count (unsigned 32-bit each), row-major. */
    final int[] buckets;
    final int[] heapFp;
    final long[] heapCount;
    /** Heap items; put or drop one only through {@link #setItem} (keeps {@link #itemBytes}; the heap may permute them). */
    final byte[][] heapItem;
    /**
     * Sum of the heap items' arrays (16-byte header plus length), kept as items enter and leave:
     * memoryUsage() runs on every write of the key and must not walk the k items.
     */
    private long itemBytes;
    final double[] lookupTable = new double[LOOKUP];
    /** SplitMix64 state of the decay draws. */
    long rng;

    HeavyKeeper(int k, int width, int depth, double decay) {
        this.k = k;
        this.width = width;
        this.depth = depth;
        this.decay = decay;
        this.buckets = new int[2 * width * depth];
        this.heapFp = new int[k];
        this.heapCount = new long[k];
        this.heapItem = new byte[k][];
        for (int i = 0; i < LOOKUP; i++) {
            lookupTable[i] = Math.pow(decay, i);
        }
    }

    private double nextChance() {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** checkExistInHeap: the heap slot holding the item, or -1 (scanned from the end, as RedisBloom). */
    int findInHeap(byte[] item, int fp) {
        for (int i = k - 1; i >= 0; i--) {
            if (heapFp[i] == fp && heapItem[i] != null && Arrays.equals(heapItem[i], item)) {
                return i;
            }
        }
        return -1;
    }

    private double decayChance(long count) {
        if (count < LOOKUP) {
            return lookupTable[(int) count];
        }
        // RedisBloom's approximation for counts beyond the table
        return Math.pow(lookupTable[LOOKUP - 1], (double) (count / LOOKUP) * lookupTable[(int) (count % LOOKUP)]);
    }

    /** TopK_Add: counts the item {@code increment} times; returns the item expelled from the top-k, or null. */
    byte[] add(byte[] item, long increment) {
        int fp = (int) Murmur.hash32(item, GA);
        long maxCount = 0;
        long heapMin = heapCount[0];
        boolean heapSearched = false;
        int inHeap = -1;
        for (int i = 0; i < depth; i++) {
            int loc = (int) (Murmur.hash32(item, i) % width);
            int b = 2 * (i * width + loc);
            long count = buckets[b + 1] & 0xffffffffL;
            if (count == 0) {
                buckets[b] = fp;
                count = increment;
                maxCount = Math.max(maxCount, count);
            } else if (buckets[b] == fp) {
                if (count >= heapMin && !heapSearched) {
                    inHeap = findInHeap(item, fp);
                    heapSearched = true;
                }
                if (inHeap >= 0 || count <= heapMin) {
                    count += increment;
                    maxCount = Math.max(maxCount, count);
                }
            } else {
                for (long local = increment; local > 0; local--) {
                    if (nextChance() < decayChance(count)) {
                        count--;
                        if (count == 0) {
                            buckets[b] = fp;
                            count = local;
                            maxCount = Math.max(maxCount, count);
                        }
                    }
                }
            }
            buckets[b + 1] = (int) Math.min(count, 0xffffffffL);
        }
        if (inHeap >= 0) {
            // not the max of the two: the item's buckets may have decayed
            heapCount[inHeap] = maxCount;
            heapifyDown(inHeap);
        } else if (maxCount > heapMin) {
            byte[] expelled = heapItem[0];
            heapCount[0] = maxCount;
            heapFp[0] = fp;
            setItem(0, item.clone());
            heapifyDown(0);
            return expelled;
        }
        return null;
    }

    /** RedisBloom's heapifyDown of its min-heap (ties move down, as its loop does). */
    private void heapifyDown(int start) {
        int len = k;
        if (len < 2 || (len - 2) / 2 < start) {
            return;
        }
        int child = 2 * start + 1;
        if (child + 1 < len && heapCount[child] > heapCount[child + 1]) {
            ++child;
        }
        if (heapCount[child] > heapCount[start]) {
            return;
        }
        int topFp = heapFp[start];
        long topCount = heapCount[start];
        byte[] topItem = heapItem[start];
        do {
            heapFp[start] = heapFp[child];
            heapCount[start] = heapCount[child];
            heapItem[start] = heapItem[child];
            start = child;
            if ((len - 2) / 2 < child) {
                break;
            }
            child = 2 * child + 1;
            if (child + 1 < len && heapCount[child] > heapCount[child + 1]) {
                ++child;
            }
        } while (heapCount[child] < topCount);
        heapFp[start] = topFp;
        heapCount[start] = topCount;
        heapItem[start] = topItem;
    }

    boolean query(byte[] item) {
        return findInHeap(item, (int) Murmur.hash32(item, GA)) >= 0;
    }

    /** TopK_Count: the largest count among the item's buckets that carry its fingerprint. */
    long count(byte[] item) {
        int fp = (int) Murmur.hash32(item, GA);
        long heapMin = heapCount[0];
        boolean inHeap = findInHeap(item, fp) >= 0;
        long res = 0;
        for (int i = 0; i < depth; i++) {
            int loc = (int) (Murmur.hash32(item, i) % width);
            int b = 2 * (i * width + loc);
            long count = buckets[b + 1] & 0xffffffffL;
            if (buckets[b] == fp && (!inHeap || count >= heapMin)) {
                res = Math.max(res, count);
            }
        }
        return res;
    }

    /** The heap's slots ordered by count, largest first (stable on the heap order). */
    Integer[] listOrder() {
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(heapCount[b], heapCount[a]));
        return order;
    }

    @Override
    public ValueType type() {
        return TopKType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    /** Puts {@code item} (null: none) in heap slot {@code i}, keeping {@link #itemBytes} current. */
    void setItem(int i, byte[] item) {
        byte[] old = heapItem[i];
        itemBytes += itemSize(item) - itemSize(old);
        heapItem[i] = item;
    }

    private static long itemSize(byte[] it) {
        return it == null ? 0 : 16 + it.length;
    }

    /** O(1): the fixed arrays and the running item total. */
    @Override
    public long memoryUsage() {
        return 64 + 16 + 4L * buckets.length + 16 + 4L * k + 16 + 8L * k + 16 + 8L * k + 16 + 8 * LOOKUP
                + itemBytes;
    }

    /** {@link #itemBytes} recomputed by walking the heap (tests). */
    long recomputeItemBytes() {
        long s = 0;
        for (byte[] it : heapItem) {
            s += itemSize(it);
        }
        return s;
    }

    long itemBytes() {
        return itemBytes;
    }

    @Override
    public KvValue copy() {
        HeavyKeeper c = new HeavyKeeper(k, width, depth, decay);
        System.arraycopy(buckets, 0, c.buckets, 0, buckets.length);
        System.arraycopy(heapFp, 0, c.heapFp, 0, k);
        System.arraycopy(heapCount, 0, c.heapCount, 0, k);
        for (int i = 0; i < k; i++) {
            c.setItem(i, heapItem[i] == null ? null : heapItem[i].clone());
        }
        c.rng = rng;
        return c;
    }
}
