package io.sockudo.kv.probabilistic.cuckoo;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.probabilistic.common.Murmur;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;

/**
 * A scalable Cuckoo filter (RedisBloom's {@code CuckooFilter}, type {@code MBbloomCF}): 8-bit
 * fingerprints in buckets of {@code bucketSize} slots. An item's 64-bit MurmurHash64A (seed 0)
 * gives its fingerprint {@code hash % 255 + 1} and its first bucket {@code hash mod buckets}; the
 * alternate bucket is {@code index ^ (fp * 0x5bd1e995)}. When both buckets of every sub-filter are
 * full, fingerprints are kicked out of the newest sub-filter up to {@code maxIterations} times;
 * failing that, a sub-filter {@code expansion} times larger is added (unless expansion is 0).
 */
public final class CuckooFilter implements KvValue {
    static final long ALT_MULTIPLIER = 0x5bd1e995L;
    /** sizeof(CuckooFilter) and sizeof(SubCF) in RedisBloom, for CF.INFO's Size as it reports it. */
    static final int C_FILTER_SIZE = 40;
    static final int C_SUBFILTER_SIZE = 16;

    static final int INSERTED = 1;
    static final int EXISTS = 0;
    static final int NO_SPACE = -1;

    long numBuckets;
    long numItems;
    long numDeletes;
    int numFilters;
    int bucketSize;
    int maxIterations;
    int expansion;
    /** Per sub-filter bucket count and slots ({@code numBuckets * bucketSize} fingerprints). */
    long[] subBuckets;
    byte[][] data;

    CuckooFilter() {
    }

    /** CuckooFilter_Init; null when the first sub-filter cannot be allocated. */
    static CuckooFilter create(long capacity, int bucketSize, int maxIterations, int expansion) {
        CuckooFilter f = new CuckooFilter();
        f.expansion = (int) nextPow2(expansion);
        f.bucketSize = bucketSize;
        f.maxIterations = maxIterations;
        f.numBuckets = nextPow2(capacity / bucketSize);
        if (f.numBuckets == 0) {
            f.numBuckets = 1;
        }
        f.subBuckets = new long[4];
        f.data = new byte[4][];
        return f.grow() ? f : null;
    }

    /** getNextN2: the next power of two at or above n (0 stays 0). */
    static long nextPow2(long n) {
        if (n <= 0) {
            return 0;
        }
        long p = Long.highestOneBit(n);
        return p == n ? n : p << 1;
    }

    /** Adds a sub-filter of {@code numBuckets * expansion^numFilters} buckets; false when too large. */
    boolean grow() {
        double growth = Math.pow(expansion, numFilters);
        double nb = numBuckets * growth;
        if (nb * bucketSize > Integer.MAX_VALUE - 16) {
            return false;
        }
        if (numFilters == data.length) {
            data = Arrays.copyOf(data, numFilters * 2);
            subBuckets = Arrays.copyOf(subBuckets, numFilters * 2);
        }
        long buckets = (long) nb;
        subBuckets[numFilters] = buckets;
        data[numFilters] = new byte[(int) (buckets * bucketSize)];
        numFilters++;
        return true;
    }

    static long hash(byte[] item) {
        return Murmur.hash64(item, 0);
    }

    static int fingerprint(long hash) {
        return (int) Long.remainderUnsigned(hash, 255) + 1;
    }

    static long altHash(int fp, long index) {
        return index ^ (fp * ALT_MULTIPLIER);
    }

    /** The first slot of the bucket {@code hash} maps to in sub-filter {@code f}. */
    private int slot(int f, long hash) {
        long nb = subBuckets[f];
        long b = (nb & (nb - 1)) == 0 ? hash & (nb - 1) : Long.remainderUnsigned(hash, nb);
        return (int) (b * bucketSize);
    }

    private int find(byte[] d, int at, int fp) {
        for (int i = 0; i < bucketSize; i++) {
            if ((d[at + i] & 0xff) == fp) {
                return at + i;
            }
        }
        return -1;
    }

    private int findEmpty(byte[] d, int at) {
        for (int i = 0; i < bucketSize; i++) {
            if (d[at + i] == 0) {
                return at + i;
            }
        }
        return -1;
    }

    boolean check(long hash) {
        int fp = fingerprint(hash);
        long h2 = altHash(fp, hash);
        for (int f = 0; f < numFilters; f++) {
            if (find(data[f], slot(f, hash), fp) >= 0 || find(data[f], slot(f, h2), fp) >= 0) {
                return true;
            }
        }
        return false;
    }

    long count(long hash) {
        int fp = fingerprint(hash);
        long h2 = altHash(fp, hash);
        long n = 0;
        for (int f = 0; f < numFilters; f++) {
            n += countIn(data[f], slot(f, hash), fp) + countIn(data[f], slot(f, h2), fp);
        }
        return n;
    }

    private int countIn(byte[] d, int at, int fp) {
        int n = 0;
        for (int i = 0; i < bucketSize; i++) {
            if ((d[at + i] & 0xff) == fp) {
                n++;
            }
        }
        return n;
    }

    /** CuckooFilter_Insert / InsertUnique: {@link #INSERTED}, {@link #EXISTS} or {@link #NO_SPACE}. */
    int insert(long hash, boolean unique) {
        int fp = fingerprint(hash);
        long h2 = altHash(fp, hash);
        if (unique && check(hash)) {
            return EXISTS;
        }
        while (true) {
            for (int f = numFilters - 1; f >= 0; f--) {
                byte[] d = data[f];
                int s = findEmpty(d, slot(f, hash));
                if (s < 0) {
                    s = findEmpty(d, slot(f, h2));
                }
                if (s >= 0) {
                    d[s] = (byte) fp;
                    numItems++;
                    return INSERTED;
                }
            }
            if (kickOut(fp, hash)) {
                numItems++;
                return INSERTED;
            }
            if (expansion == 0 || !grow()) {
                return NO_SPACE;
            }
        }
    }

    /**
     * Filter_KOInsert on the newest sub-filter: swap the fingerprint with a victim and move the
     * victim to its alternate bucket, up to maxIterations times; when that fails, undo every swap
     * in reverse so the filter is as before.
     */
    private boolean kickOut(int fp, long hash) {
        int f = numFilters - 1;
        byte[] d = data[f];
        long nb = subBuckets[f];
        int victim = 0;
        long ii = Long.remainderUnsigned(hash, nb);
        int cur = fp;
        for (int n = 0; n < maxIterations; n++) {
            int at = (int) (ii * bucketSize) + victim;
            int tmp = d[at] & 0xff;
            d[at] = (byte) cur;
            cur = tmp;
            ii = Long.remainderUnsigned(altHash(cur, ii), nb);
            int empty = findEmpty(d, (int) (ii * bucketSize));
            if (empty >= 0) {
                d[empty] = (byte) cur;
                return true;
            }
            victim = (victim + 1) % bucketSize;
        }
        for (int n = 0; n < maxIterations; n++) {
            victim = (victim + bucketSize - 1) % bucketSize;
            ii = Long.remainderUnsigned(altHash(cur, ii), nb);
            int at = (int) (ii * bucketSize) + victim;
            int tmp = d[at] & 0xff;
            d[at] = (byte) cur;
            cur = tmp;
        }
        return false;
    }

    /** CuckooFilter_Delete: removes one copy of the fingerprint, newest sub-filter first. */
    boolean delete(long hash) {
        int fp = fingerprint(hash);
        long h2 = altHash(fp, hash);
        for (int f = numFilters - 1; f >= 0; f--) {
            byte[] d = data[f];
            int s = find(d, slot(f, hash), fp);
            if (s < 0) {
                s = find(d, slot(f, h2), fp);
            }
            if (s >= 0) {
                d[s] = 0;
                numItems--;
                numDeletes++;
                if (numFilters > 1 && numDeletes > (double) numItems * 0.10) {
                    compact(false);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * CuckooFilter_Compact: moves fingerprints of the newer sub-filters into free slots of older
     * ones (the bucket index, taken modulo the smaller filter, is still one of the item's two
     * buckets there), and drops the newest sub-filter once it is empty.
     */
    void compact(boolean cont) {
        for (int f = numFilters - 1; f >= 1; f--) {
            if (!compactSingle(f) && !cont) {
                break;
            }
        }
        numDeletes = 0;
    }

    private boolean compactSingle(int f) {
        byte[] d = data[f];
        long nb = subBuckets[f];
        boolean ok = true;
        for (long b = 0; b < nb; b++) {
            for (int s = 0; s < bucketSize; s++) {
                int at = (int) (b * bucketSize) + s;
                int fp = d[at] & 0xff;
                if (fp == 0) {
                    continue;
                }
                long h2 = altHash(fp, b);
                boolean moved = false;
                for (int g = 0; g < f && !moved; g++) {
                    byte[] e = data[g];
                    int slotAt = findEmpty(e, slot(g, b));
                    if (slotAt < 0) {
                        slotAt = findEmpty(e, slot(g, h2));
                    }
                    if (slotAt >= 0) {
                        e[slotAt] = (byte) fp;
                        d[at] = 0;
                        moved = true;
                    }
                }
                if (!moved) {
                    ok = false;
                }
            }
        }
        if (ok && f == numFilters - 1) {
            data[f] = null;
            numFilters--;
        }
        return ok;
    }

    /** CF.INFO's Size: RedisBloom's struct sizes plus the slots. */
    long reportedSize() {
        long buckets = 0;
        for (int f = 0; f < numFilters; f++) {
            buckets += subBuckets[f];
        }
        return C_FILTER_SIZE + (long) C_SUBFILTER_SIZE * numFilters + buckets * bucketSize;
    }

    @Override
    public ValueType type() {
        return CuckooType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    /**
     * The sub-filters' bytes as last summed, and for which array and count: a sub-filter's array
     * never changes size, so the sum only needs redoing when one is added or dropped (or the
     * filter is rebuilt by a load). memoryUsage() runs on every write of the key.
     */
    private long filterBytes;
    private byte[][] summedData;
    private int summedFilters;

    @Override
    public long memoryUsage() {
        if (summedData != data || summedFilters != numFilters) {
            filterBytes = sumFilterBytes();
            summedData = data;
            summedFilters = numFilters;
        }
        return 64 + 16 + 8L * data.length + 16 + 8L * subBuckets.length + filterBytes;
    }

    /** The sub-filter arrays' bytes, summed. */
    long sumFilterBytes() {
        long s = 0;
        for (int f = 0; f < numFilters; f++) {
            s += HeapArrays.cost(16L + data[f].length); // a big sub-filter is humongous
        }
        return s;
    }

    @Override
    public KvValue copy() {
        CuckooFilter c = new CuckooFilter();
        c.numBuckets = numBuckets;
        c.numItems = numItems;
        c.numDeletes = numDeletes;
        c.numFilters = numFilters;
        c.bucketSize = bucketSize;
        c.maxIterations = maxIterations;
        c.expansion = expansion;
        c.subBuckets = subBuckets.clone();
        c.data = new byte[data.length][];
        for (int f = 0; f < numFilters; f++) {
            c.data[f] = data[f].clone();
        }
        return c;
    }
}
