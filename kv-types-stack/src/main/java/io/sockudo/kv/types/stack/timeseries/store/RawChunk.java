package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;
import java.util.Arrays;

/**
 * An uncompressed chunk ({@code ENCODING UNCOMPRESSED}): 16 bytes per sample, as many samples as
 * the data size holds; an upsert into a full chunk grows it by one sample, as RedisTimeSeries's
 * {@code Uncompressed_UpsertSample} does. Its RDB record is base timestamp, sample count, data
 * size, then the data as (timestamp, value) pairs of little-endian 64-bit words.
 */
public final class RawChunk extends Chunk {
    /** {@code sizeof(Chunk)} as RedisTimeSeries counts it. */
    static final int HEADER = 32;
    static final int SAMPLE = 16;

    long[] ts;
    double[] vals;
    int count;
    int size;

    public RawChunk(int size) {
        this.size = size;
        int cap = size / SAMPLE;
        ts = new long[cap];
        vals = new double[cap];
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long firstTimestamp() {
        return count == 0 ? 0 : ts[0];
    }

    @Override
    public long lastTimestamp() {
        return count == 0 ? 0 : ts[count - 1];
    }

    @Override
    public double lastValue() {
        return count == 0 ? 0 : vals[count - 1];
    }

    @Override
    public int dataSize() {
        return size;
    }

    @Override
    public int headerSize() {
        return HEADER;
    }

    @Override
    public boolean append(long timestamp, double value) {
        if (count >= size / SAMPLE) {
            return false;
        }
        ts[count] = timestamp;
        vals[count] = value;
        count++;
        return true;
    }

    @Override
    void appendGrowing(long timestamp, double value) {
        if (count >= size / SAMPLE) {
            size += SAMPLE;
            ts = Arrays.copyOf(ts, size / SAMPLE);
            vals = Arrays.copyOf(vals, size / SAMPLE);
        }
        append(timestamp, value);
    }

    @Override
    Chunk newEmpty(int size) {
        return new RawChunk(size);
    }

    @Override
    public int decode(long[] outTs, double[] outVals) {
        System.arraycopy(ts, 0, outTs, 0, count);
        System.arraycopy(vals, 0, outVals, 0, count);
        return count;
    }

    /** Direct access for range scans (no copy). */
    long[] timestamps() {
        return ts;
    }

    double[] values() {
        return vals;
    }

    @Override
    public Chunk copy() {
        RawChunk c = new RawChunk(0);
        c.ts = ts.clone();
        c.vals = vals.clone();
        c.count = count;
        c.size = size;
        return c;
    }

    @Override
    void takeFrom(Chunk other) {
        RawChunk o = (RawChunk) other;
        ts = o.ts;
        vals = o.vals;
        count = o.count;
        size = o.size;
    }

    @Override
    public boolean compressed() {
        return false;
    }

    @Override
    public Chunk split(Scratch scratch) {
        int moved = count / 2;
        int keep = count - moved;
        RawChunk second = new RawChunk(moved * SAMPLE);
        System.arraycopy(ts, keep, second.ts, 0, moved);
        System.arraycopy(vals, keep, second.vals, 0, moved);
        second.count = moved;
        size = keep * SAMPLE;
        ts = Arrays.copyOf(ts, keep);
        vals = Arrays.copyOf(vals, keep);
        count = keep;
        return second;
    }

    @Override
    public void save(ModuleTypeOutput out) throws IOException {
        out.saveUnsigned(firstTimestamp());
        out.saveUnsigned(count);
        out.saveUnsigned(size);
        byte[] buf = new byte[size];
        for (int i = 0; i < count; i++) {
            putLong(buf, i * SAMPLE, ts[i]);
            putLong(buf, i * SAMPLE + 8, Double.doubleToRawLongBits(vals[i]));
        }
        out.saveString(buf);
    }

    /** Reads a chunk {@link #save} wrote; throws on an inconsistent record. */
    public static RawChunk load(ModuleTypeInput in) throws IOException {
        in.loadUnsigned(); // the base timestamp, which is the first sample's
        long count = in.loadUnsigned();
        long size = in.loadUnsigned();
        byte[] buf = in.loadString();
        if (size < 0 || size > Integer.MAX_VALUE - 64 || count < 0 || count * SAMPLE > size || buf.length < count * SAMPLE) {
            throw new IOException("TSDB-TYPE: inconsistent uncompressed chunk");
        }
        RawChunk c = new RawChunk((int) size);
        if (c.ts.length < count) {
            c.ts = new long[(int) count];
            c.vals = new double[(int) count];
        }
        for (int i = 0; i < count; i++) {
            c.ts[i] = getLong(buf, i * SAMPLE);
            c.vals[i] = Double.longBitsToDouble(getLong(buf, i * SAMPLE + 8));
        }
        c.count = (int) count;
        return c;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (b[off + i] & 0xffL) << (8 * i);
        }
        return v;
    }
}
