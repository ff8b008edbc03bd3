package io.sockudo.kv.probabilistic.topk;

import io.sockudo.kv.probabilistic.common.Le;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;

import java.io.IOException;
import java.util.Arrays;

/**
 * The Top-K type, {@code TopK-TYPE}, and its record (encoding version 0, as RedisBloom): k, width,
 * depth as unsigned, decay as double, the buckets as one string buffer of {fp u32, count u32}, the
 * heap as one string buffer of RedisBloom's 24-byte {@code HeapBucket} (fp u32, itemlen u32, an
 * 8-byte pointer field, count u32, padding), then each heap item NUL-terminated ("" + NUL for an
 * empty slot). The pointer field of slot 0 carries this server's decay generator state.
 */
public final class TopKType implements ValueType, ModuleTypeCodec {
    public static final TopKType INSTANCE = new TopKType();
    static final int HEAP_BUCKET = 24;

    private TopKType() {
    }

    @Override
    public String name() {
        return "TopK-TYPE";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return this;
    }

    @Override
    public String typeName() {
        return "TopK-TYPE";
    }

    @Override
    public int encodingVersion() {
        return 0;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        HeavyKeeper t = (HeavyKeeper) value;
        out.saveUnsigned(t.k);
        out.saveUnsigned(t.width);
        out.saveUnsigned(t.depth);
        out.saveDouble(t.decay);
        byte[] data = new byte[t.buckets.length * 4];
        for (int i = 0; i < t.buckets.length; i++) {
            Le.put32(data, i * 4, t.buckets[i]);
        }
        out.saveString(data);
        byte[] heap = new byte[t.k * HEAP_BUCKET];
        for (int i = 0; i < t.k; i++) {
            int o = i * HEAP_BUCKET;
            Le.put32(heap, o, t.heapFp[i]);
            Le.put32(heap, o + 4, t.heapItem[i] == null ? 0 : t.heapItem[i].length);
            if (i == 0) {
                Le.put64(heap, o + 8, t.rng);
            }
            Le.put32(heap, o + 16, t.heapCount[i]);
        }
        out.saveString(heap);
        for (int i = 0; i < t.k; i++) {
            byte[] it = t.heapItem[i];
            byte[] z = new byte[(it == null ? 0 : it.length) + 1];
            if (it != null) {
                System.arraycopy(it, 0, z, 0, it.length);
            }
            out.saveString(z);
        }
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver > 0) {
            throw new IOException("TopK-TYPE encoding version " + encver + " is newer than 0");
        }
        long k = in.loadUnsigned();
        long width = in.loadUnsigned();
        long depth = in.loadUnsigned();
        double decay = in.loadDouble();
        if (k < 1 || width < 1 || depth < 1 || k > 1 << 24 || width * depth > Integer.MAX_VALUE / 2 - 16) {
            throw new IOException("TopK-TYPE: bad dimensions");
        }
        HeavyKeeper t = new HeavyKeeper((int) k, (int) width, (int) depth, decay);
        byte[] data = in.loadString();
        if (data.length != t.buckets.length * 4) {
            throw new IOException("TopK-TYPE: bucket array size mismatch");
        }
        for (int i = 0; i < t.buckets.length; i++) {
            t.buckets[i] = (int) Le.u32(data, i * 4);
        }
        byte[] heap = in.loadString();
        if (heap.length != k * HEAP_BUCKET) {
            throw new IOException("TopK-TYPE: heap size mismatch");
        }
        long[] lens = new long[(int) k];
        for (int i = 0; i < k; i++) {
            int o = i * HEAP_BUCKET;
            t.heapFp[i] = (int) Le.u32(heap, o);
            lens[i] = Le.u32(heap, o + 4);
            t.heapCount[i] = Le.u32(heap, o + 16);
        }
        t.rng = Le.i64(heap, 8);
        for (int i = 0; i < k; i++) {
            byte[] z = in.loadString();
            if (z.length <= 1) {
                continue;
            }
            int len = (int) Math.min(lens[i] > 0 ? lens[i] : z.length - 1, z.length - 1);
            t.setItem(i, Arrays.copyOf(z, len));
        }
        return t;
    }
}
