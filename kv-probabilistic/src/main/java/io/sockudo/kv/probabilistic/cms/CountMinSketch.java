package io.sockudo.kv.probabilistic.cms;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.probabilistic.common.Murmur;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

/**
 * A Count-Min sketch (RedisBloom's {@code CMSketch}, type {@code CMSk-TYPE}): {@code depth} rows of
 * {@code width} unsigned 32-bit counters; row {@code i} counts an item at
 * {@code MurmurHash2(item, seed i) mod width}, and an item's estimate is the minimum over the rows.
 * With width {@code ceil(2/ε)} and depth {@code ceil(log(δ)/log(1/2))} an estimate exceeds the true
 * count by more than {@code ε·N} with probability at most δ.
 */
public final class CountMinSketch implements KvValue {
    static final long CELL_MAX = 0xffffffffL;

    final int width;
    final int depth;
    long counter;
    /** Row-major counters, unsigned. */
    final int[] array;

    CountMinSketch(int width, int depth) {
        this.width = width;
        this.depth = depth;
        this.array = new int[width * depth];
    }

    CountMinSketch(int width, int depth, long counter, int[] array) {
        this.width = width;
        this.depth = depth;
        this.counter = counter;
        this.array = array;
    }

    /** CMS_DimFromProb, in float precision for the depth as RedisBloom computes it (log10f). */
    static long[] dimFromProb(double error, double delta) {
        long width = (long) Math.ceil(2 / error);
        long depth = (long) Math.ceil((float) Math.log10((float) delta) / (float) Math.log10(0.5f));
        return new long[] {width, depth};
    }

    private int loc(byte[] item, int row) {
        return (int) (Murmur.hash32(item, row) % width) + row * width;
    }

    /**
     * Adds {@code value} to the item's counters; returns the new estimate, or -1 (nothing changed)
     * when a counter or the total would overflow.
     */
    long incrBy(byte[] item, long value) {
        if (value > Long.MAX_VALUE - counter) {
            return -1;
        }
        long min = Long.MAX_VALUE;
        for (int i = 0; i < depth; i++) {
            long cell = array[loc(item, i)] & CELL_MAX;
            if (value > CELL_MAX - cell) {
                return -1;
            }
        }
        for (int i = 0; i < depth; i++) {
            int l = loc(item, i);
            long updated = (array[l] & CELL_MAX) + value;
            array[l] = (int) updated;
            min = Math.min(min, updated);
        }
        counter += value;
        return min;
    }

    long query(byte[] item) {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < depth; i++) {
            min = Math.min(min, array[loc(item, i)] & CELL_MAX);
        }
        return min;
    }

    /**
     * CMS_Merge into this sketch: every counter becomes the weighted sum of the sources'; false
     * (nothing changed) when a counter leaves [0, 2^32-1] or the total leaves [0, 2^63-1].
     */
    boolean merge(CountMinSketch[] src, long[] weights) {
        int cells = array.length;
        long total = 0;
        try {
            for (int k = 0; k < src.length; k++) {
                total = Math.addExact(total, Math.multiplyExact(src[k].counter, weights[k]));
            }
            if (total < 0) {
                return false;
            }
            for (int c = 0; c < cells; c++) {
                long sum = 0;
                for (int k = 0; k < src.length; k++) {
                    sum = Math.addExact(sum, Math.multiplyExact(src[k].array[c] & CELL_MAX, weights[k]));
                }
                if (sum < 0 || sum > CELL_MAX) {
                    return false;
                }
            }
        } catch (ArithmeticException e) {
            return false;
        }
        int[] out = new int[cells];
        for (int c = 0; c < cells; c++) {
            long sum = 0;
            for (int k = 0; k < src.length; k++) {
                sum += (src[k].array[c] & CELL_MAX) * weights[k];
            }
            out[c] = (int) sum;
        }
        System.arraycopy(out, 0, array, 0, cells);
        counter = total;
        return true;
    }

    @Override
    public ValueType type() {
        return CmsType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public long memoryUsage() {
        return 40 + HeapArrays.cost(array.length, 4);
    }

    @Override
    public KvValue copy() {
        return new CountMinSketch(width, depth, counter, array.clone());
    }
}
