package io.sockudo.kv.types.stack.timeseries.store;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * A compressed chunk in RedisTimeSeries's Gorilla layout, bit for bit, so that its RDB record
 * ({@link #save}) is the one RedisTimeSeries writes:
 *
 * <ul>
 *   <li>The first sample is kept whole ({@code baseTimestamp}, {@code baseValue}); every later one
 *       appends its timestamp then its value to a bit stream held in 64-bit words, filled from the
 *       least significant bit up.</li>
 *   <li>Timestamp: the delta of deltas. {@code 0} as one 0 bit; otherwise a prefix of n one bits and
 *       a zero (n = 1..5) selects a signed field of 5, 8, 11, 15 or 32 bits; six one bits are
 *       followed by the raw 64 bits.</li>
 *   <li>Value: XOR with the previous value. Zero as one 0 bit; otherwise a 1 bit, then 0 and the
 *       significant bits in the previous leading/trailing window when they fit and that is
 *       shorter, else 1, the leading-zero count (5 bits, capped at 31), the block length minus one
 *       (6 bits) and the block.</li>
 * </ul>
 *
 * A sample that does not fit leaves the chunk as it was except for bits written past the end of
 * the stream before the check failed, exactly as the C code leaves them (they are part of the
 * saved buffer).
 */
public final class GorillaChunk extends Chunk {
    /** {@code sizeof(CompressedChunk)}: what RedisTimeSeries adds per chunk in its memory count. */
    static final int HEADER = 80;
    /** How much an upsert or split grows a full chunk at a time. */
    private static final int GROW_STEP = 32;

    private static final int L1 = 5;
    private static final int L2 = 8;
    private static final int L3 = 11;
    private static final int L4 = 15;
    private static final int L5 = 32;

    long[] data;
    int size;
    int count;
    long idx;
    long baseValue;
    long baseTimestamp;
    long prevTimestamp;
    long prevTimestampDelta;
    long prevValue;
    int prevLeading = 32;
    int prevTrailing = 32;

    public GorillaChunk(int size) {
        this.size = size;
        this.data = new long[(size + 7) >>> 3];
    }

    private GorillaChunk() {
    }

    // ---------------------------------------------------------------------------------------
    // Bit stream
    // ---------------------------------------------------------------------------------------

    private static long low(long x, int bits) {
        return bits >= 64 ? x : x & ((1L << bits) - 1);
    }

    private boolean room(int bits) {
        return bits <= (long) size * 8 - idx;
    }

    private void put(long bits, int len) {
        int w = (int) (idx >>> 6);
        int lbit = (int) (idx & 63);
        int available = 64 - lbit;
        if (available >= len) {
            data[w] |= low(bits, len) << lbit;
        } else {
            data[w] |= bits << lbit;
            data[w + 1] |= low(bits >>> available, lbit);
        }
        idx += len;
    }

    private static long get(long[] data, long pos, int len) {
        int w = (int) (pos >>> 6);
        int lbit = (int) (pos & 63);
        int available = 64 - lbit;
        if (available >= len) {
            return low(data[w] >>> lbit, len);
        }
        return low(data[w] >>> lbit, available) | (low(data[w + 1], len - available) << available);
    }

    private static boolean fits(long x, int bits) {
        long max = (1L << (bits - 1)) - 1;
        return x >= -max - 1 && x <= max;
    }

    // ---------------------------------------------------------------------------------------
    // Append
    // ---------------------------------------------------------------------------------------

    private boolean putTimestamp(long timestamp) {
        long delta = timestamp - prevTimestamp;
        long dd = delta - prevTimestampDelta;
        if (dd == 0) {
            if (!room(2)) {
                return false;
            }
            put(0, 1);
        } else if (fits(dd, L1)) {
            if (!room(2 + L1 + 1)) {
                return false;
            }
            put(0x01, 2);
            put(low(dd, L1), L1);
        } else if (fits(dd, L2)) {
            if (!room(3 + L2 + 1)) {
                return false;
            }
            put(0x03, 3);
            put(low(dd, L2), L2);
        } else if (fits(dd, L3)) {
            if (!room(4 + L3 + 1)) {
                return false;
            }
            put(0x07, 4);
            put(low(dd, L3), L3);
        } else if (fits(dd, L4)) {
            if (!room(5 + L4 + 1)) {
                return false;
            }
            put(0x0f, 5);
            put(low(dd, L4), L4);
        } else if (fits(dd, L5)) {
            if (!room(6 + L5 + 1)) {
                return false;
            }
            put(0x1f, 6);
            put(low(dd, L5), L5);
        } else {
            if (!room(6 + 64 + 1)) {
                return false;
            }
            put(0x3f, 6);
            put(dd, 64);
        }
        prevTimestampDelta = delta;
        prevTimestamp = timestamp;
        return true;
    }

    private boolean putValue(double value) {
        long bits = Double.doubleToRawLongBits(value);
        long xor = bits ^ prevValue;
        if (xor == 0) {
            put(0, 1); // the timestamp's check reserved this bit
            return true;
        }
        put(1, 1);
        int leading = Math.min(Long.numberOfLeadingZeros(xor), 31);
        int trailing = Long.numberOfTrailingZeros(xor);
        int blockSize = 64 - leading - trailing;
        int expected = 5 + 6 + blockSize;
        int prevBlock = 64 - prevLeading - prevTrailing;
        if (leading >= prevLeading && trailing >= prevTrailing && expected > prevBlock) {
            if (!room(prevBlock + 1)) {
                return false;
            }
            put(0, 1);
            put(xor >>> prevTrailing, prevBlock);
        } else {
            if (!room(expected + 1)) {
                return false;
            }
            put(1, 1);
            put(leading, 5);
            put(blockSize - 1, 6);
            put(xor >>> trailing, blockSize);
            prevLeading = leading;
            prevTrailing = trailing;
        }
        prevValue = bits;
        return true;
    }

    @Override
    public boolean append(long timestamp, double value) {
        if (count == 0) {
            baseValue = prevValue = Double.doubleToRawLongBits(value);
            baseTimestamp = prevTimestamp = timestamp;
            prevTimestampDelta = 0;
        } else {
            long savedIdx = idx;
            long savedTs = prevTimestamp;
            long savedDelta = prevTimestampDelta;
            if (!putTimestamp(timestamp) || !putValue(value)) {
                idx = savedIdx;
                prevTimestamp = savedTs;
                prevTimestampDelta = savedDelta;
                return false;
            }
        }
        count++;
        return true;
    }

    @Override
    void appendGrowing(long timestamp, double value) {
        if (!append(timestamp, value)) {
            size += GROW_STEP;
            data = java.util.Arrays.copyOf(data, (size + 7) >>> 3);
            if (!append(timestamp, value)) {
                throw new IllegalStateException("a grown chunk must take one more sample");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Read
    // ---------------------------------------------------------------------------------------

    @Override
    public int decode(long[] ts, double[] vals) {
        int n = count;
        if (n == 0) {
            return 0;
        }
        long[] d = data;
        long pos = 0;
        long prevTs = baseTimestamp;
        long prevDelta = 0;
        long prevBits = baseValue;
        int leading = 0;
        int trailing = 0;
        int block = 0;
        ts[0] = prevTs;
        vals[0] = Double.longBitsToDouble(prevBits);
        for (int i = 1; i < n; i++) {
            // timestamp: count the one bits of the prefix (at most six)
            if (((d[(int) (pos >>> 6)] >>> (pos & 63)) & 1) == 0) {
                pos++;
            } else {
                pos++;
                int ones = 1;
                while (ones < 6 && ((d[(int) (pos >>> 6)] >>> (pos & 63)) & 1) != 0) {
                    ones++;
                    pos++;
                }
                if (ones < 6) {
                    pos++; // the terminating zero
                }
                int len = switch (ones) {
                    case 1 -> L1;
                    case 2 -> L2;
                    case 3 -> L3;
                    case 4 -> L4;
                    case 5 -> L5;
                    default -> 64;
                };
                long raw = get(d, pos, len);
                pos += len;
                if (len < 64 && (raw & (1L << (len - 1))) != 0) {
                    raw -= 1L << len;
                }
                prevDelta += raw;
            }
            prevTs += prevDelta;
            ts[i] = prevTs;
            // value
            if (((d[(int) (pos >>> 6)] >>> (pos & 63)) & 1) == 0) {
                pos++;
            } else {
                pos++;
                long xor;
                if (((d[(int) (pos >>> 6)] >>> (pos & 63)) & 1) == 0) {
                    pos++;
                    xor = get(d, pos, block) << trailing;
                    pos += block;
                } else {
                    pos++;
                    leading = (int) get(d, pos, 5);
                    pos += 5;
                    block = (int) get(d, pos, 6) + 1;
                    pos += 6;
                    trailing = 64 - leading - block;
                    xor = get(d, pos, block) << trailing;
                    pos += block;
                }
                prevBits ^= xor;
            }
            vals[i] = Double.longBitsToDouble(prevBits);
        }
        return n;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public long firstTimestamp() {
        return baseTimestamp;
    }

    @Override
    public long lastTimestamp() {
        return prevTimestamp;
    }

    @Override
    public double lastValue() {
        return Double.longBitsToDouble(prevValue);
    }

    @Override
    public int dataSize() {
        return size;
    }

    @Override
    public int headerSize() {
        return HEADER;
    }

    /** Bits of the stream in use (for bytes-per-sample figures). */
    public long usedBits() {
        return idx;
    }

    @Override
    Chunk newEmpty(int size) {
        return new GorillaChunk(size);
    }

    @Override
    public Chunk copy() {
        GorillaChunk c = new GorillaChunk();
        c.take(this);
        c.data = data.clone();
        return c;
    }

    private void take(GorillaChunk o) {
        data = o.data;
        size = o.size;
        count = o.count;
        idx = o.idx;
        baseValue = o.baseValue;
        baseTimestamp = o.baseTimestamp;
        prevTimestamp = o.prevTimestamp;
        prevTimestampDelta = o.prevTimestampDelta;
        prevValue = o.prevValue;
        prevLeading = o.prevLeading;
        prevTrailing = o.prevTrailing;
    }

    @Override
    void takeFrom(Chunk other) {
        take((GorillaChunk) other);
    }

    @Override
    public boolean compressed() {
        return true;
    }

    @Override
    public Chunk split(Scratch scratch) {
        int n = count;
        scratch.ensure(n);
        decode(scratch.ts, scratch.vals);
        int keep = n - n / 2;
        GorillaChunk first = new GorillaChunk(size);
        GorillaChunk second = new GorillaChunk(size);
        for (int i = 0; i < keep; i++) {
            first.appendGrowing(scratch.ts[i], scratch.vals[i]);
        }
        for (int i = keep; i < n; i++) {
            second.appendGrowing(scratch.ts[i], scratch.vals[i]);
        }
        first.trim();
        second.trim();
        take(first);
        return second;
    }

    /** Gives back unused whole bytes after a split, keeping the buffer a multiple of 8 bytes. */
    private void trim() {
        long excess = ((long) size * 8 - idx) / 8;
        if (excess > 1) {
            int newSize = (int) (size - excess + 1);
            newSize += 8 - (newSize % 8);
            size = newSize;
            data = java.util.Arrays.copyOf(data, (size + 7) >>> 3);
        }
    }

    // ---------------------------------------------------------------------------------------
    // RDB (Compressed_SaveToRDB / LoadFromRDB)
    // ---------------------------------------------------------------------------------------

    @Override
    public void save(ModuleTypeOutput out) throws IOException {
        out.saveUnsigned(size);
        out.saveUnsigned(count);
        out.saveUnsigned(idx);
        out.saveUnsigned(baseValue);
        out.saveUnsigned(baseTimestamp);
        out.saveUnsigned(prevTimestamp);
        out.saveUnsigned(prevTimestampDelta);
        out.saveUnsigned(prevValue);
        out.saveUnsigned(prevLeading);
        out.saveUnsigned(prevTrailing);
        byte[] buf = new byte[size];
        for (int i = 0; i < size; i++) {
            buf[i] = (byte) (data[i >>> 3] >>> ((i & 7) * 8));
        }
        out.saveString(buf);
    }

    /** Reads a chunk {@link #save} wrote; throws on an inconsistent record. */
    public static GorillaChunk load(ModuleTypeInput in) throws IOException {
        GorillaChunk c = new GorillaChunk();
        long size = in.loadUnsigned();
        long count = in.loadUnsigned();
        long idx = in.loadUnsigned();
        c.baseValue = in.loadUnsigned();
        c.baseTimestamp = in.loadUnsigned();
        c.prevTimestamp = in.loadUnsigned();
        c.prevTimestampDelta = in.loadUnsigned();
        c.prevValue = in.loadUnsigned();
        long leading = in.loadUnsigned();
        long trailing = in.loadUnsigned();
        byte[] buf = in.loadString();
        if (size < 0 || size > Integer.MAX_VALUE - 64 || buf.length != size || count < 0 || count > (long) size * 8 + 1
                || idx < 0 || idx > size * 8 || leading < 0 || leading > 32 || trailing < 0 || trailing > 64) {
            throw new IOException("TSDB-TYPE: inconsistent compressed chunk");
        }
        c.size = (int) size;
        c.count = (int) count;
        c.idx = idx;
        c.prevLeading = (int) leading;
        c.prevTrailing = (int) trailing;
        c.data = new long[(c.size + 7) >>> 3];
        for (int i = 0; i < c.size; i++) {
            c.data[i >>> 3] |= (buf[i] & 0xffL) << ((i & 7) * 8);
        }
        return c;
    }
}
