package io.sockudo.kv.types.stack.timeseries.store;

import java.util.Arrays;

/**
 * The samples of a series: chunks ordered by their first timestamp (the chunk index used to seek
 * a range, binary searched), the newest sample cached, and RedisTimeSeries's maintenance rules:
 * a full last chunk starts a new one after trimming whole chunks that fell out of retention; an
 * out-of-order insert rebuilds the chunk it falls in, splitting it first once it passed 1.2 times
 * the chunk size.
 *
 * <p>There is always at least one chunk; only a sole chunk can be empty.
 */
public final class ChunkList {
    private static final double SPLIT_FACTOR = 1.2;

    private final boolean compressed;
    private Chunk[] chunks;
    private int count;
    long lastTimestamp;
    double lastValue;
    long totalSamples;
    /**
     * {@link #memory()}'s running sum of every chunk's data and header size, kept where a chunk
     * is added, removed, grown, split or rebuilt: the series' memoryUsage() runs on every write of
     * the key and must not walk the chunks.
     */
    private long bytes;

    public ChunkList(boolean compressed, int chunkSize) {
        this.compressed = compressed;
        this.chunks = new Chunk[] {newChunk(chunkSize)};
        this.count = 1;
        this.bytes = recomputeMemory();
    }

    /** For loading: chunks as saved. */
    public ChunkList(boolean compressed, Chunk[] loaded, long lastTimestamp, double lastValue, long totalSamples) {
        this.compressed = compressed;
        this.chunks = loaded.length == 0 ? new Chunk[] {newChunk(4096)} : loaded;
        this.count = this.chunks.length;
        this.lastTimestamp = lastTimestamp;
        this.lastValue = lastValue;
        this.totalSamples = totalSamples;
        this.bytes = recomputeMemory();
    }

    private static long size(Chunk c) {
        return (long) c.dataSize() + c.headerSize();
    }

    private Chunk newChunk(int size) {
        return compressed ? new GorillaChunk(size) : new RawChunk(size);
    }

    public boolean compressed() {
        return compressed;
    }

    public int chunkCount() {
        return count;
    }

    public Chunk chunk(int i) {
        return chunks[i];
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    public double lastValue() {
        return lastValue;
    }

    public long totalSamples() {
        return totalSamples;
    }

    /** Index of the chunk a sample at {@code ts} belongs to: the last whose first timestamp is at most ts, else 0. */
    public int seek(long ts) {
        int lo = 0;
        int hi = count - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (chunks[mid].firstTimestamp() <= ts) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------------------------------
    // Writes
    // ---------------------------------------------------------------------------------------

    /**
     * Appends a sample newer than every other (RedisTimeSeries's {@code SeriesAddSample}); a full
     * last chunk is followed by a new one of {@code chunkSize} bytes, after whole chunks older
     * than the retention window were dropped.
     */
    public void append(long ts, double value, long retention, int chunkSize) {
        Chunk last = chunks[count - 1];
        long before = size(last);
        boolean fitted = last.append(ts, value);
        bytes += size(last) - before;
        if (!fitted) {
            trim(retention);
            Chunk fresh = newChunk(chunkSize);
            fresh.append(ts, value);
            insert(count, fresh);
        }
        lastTimestamp = ts;
        lastValue = value;
        totalSamples++;
    }

    /** Drops whole chunks whose last sample is older than {@code lastTimestamp - retention}. */
    public void trim(long retention) {
        if (retention == 0) {
            return;
        }
        long min = Long.compareUnsigned(lastTimestamp, retention) > 0 ? lastTimestamp - retention : 0;
        int drop = 0;
        while (drop < count - 1 && chunks[drop].lastTimestamp() < min) {
            totalSamples -= chunks[drop].count();
            bytes -= size(chunks[drop]);
            drop++;
        }
        if (drop > 0) {
            System.arraycopy(chunks, drop, chunks, 0, count - drop);
            Arrays.fill(chunks, count - drop, count, null);
            count -= drop;
        }
    }

    /**
     * Inserts or replaces a sample at or before the newest one (RedisTimeSeries's
     * {@code SeriesUpsertSample}). Returns false when the duplicate policy refused it; the value
     * stored is then in {@code scratch.resolvedValue}.
     */
    public boolean upsert(long ts, double value, DuplicatePolicy policy, int chunkSize, Chunk.Scratch scratch) {
        int at = count - 1;
        boolean latest = true;
        if (ts < chunks[at].firstTimestamp() && count > 1) {
            latest = false;
            at = seek(ts);
        }
        Chunk chunk = chunks[at];
        if (chunk.dataSize() > chunkSize * SPLIT_FACTOR && chunk.count() > 1) {
            long before = size(chunk);
            Chunk second = chunk.split(scratch);
            bytes += size(chunk) - before;
            insert(at + 1, second);
            if (ts >= second.firstTimestamp()) {
                chunk = second;
                at++;
            }
        }
        long before = size(chunk);
        int delta = chunk.upsert(ts, value, policy, scratch);
        bytes += size(chunk) - before;
        if (delta == Chunk.UPSERT_REFUSED) {
            return false;
        }
        totalSamples += delta;
        if (ts == lastTimestamp) {
            lastValue = scratch.resolvedValue;
        }
        return true;
    }

    /** Deletes the samples in {@code [from, to]}; returns how many went. */
    public long deleteRange(long from, long to, Chunk.Scratch scratch) {
        long deleted = 0;
        int i = seek(from);
        while (i < count) {
            Chunk c = chunks[i];
            if (c.count() > 0 && c.firstTimestamp() > to) {
                break;
            }
            if (c.count() == 0 || c.lastTimestamp() < from) {
                i++;
                continue;
            }
            long before = size(c);
            deleted += c.deleteRange(from, to, scratch);
            bytes += size(c) - before;
            if (c.count() == 0 && count > 1) {
                remove(i);
            } else {
                i++;
            }
        }
        if (deleted > 0) {
            totalSamples -= deleted;
            Chunk last = chunks[count - 1];
            if (lastTimestamp >= from && lastTimestamp <= to) {
                lastTimestamp = last.lastTimestamp();
                lastValue = last.lastValue();
            }
        }
        return deleted;
    }

    private void insert(int at, Chunk c) {
        if (count == chunks.length) {
            chunks = Arrays.copyOf(chunks, Math.max(4, count * 2));
        }
        System.arraycopy(chunks, at, chunks, at + 1, count - at);
        chunks[at] = c;
        count++;
        bytes += size(c);
    }

    private void remove(int at) {
        bytes -= size(chunks[at]);
        System.arraycopy(chunks, at + 1, chunks, at, count - at - 1);
        chunks[--count] = null;
    }

    // ---------------------------------------------------------------------------------------
    // Reads
    // ---------------------------------------------------------------------------------------

    /** Oldest timestamp kept by {@code retention} (samples before it are hidden from reads). */
    public long retentionFloor(long retention) {
        return retention != 0 && lastTimestamp > retention ? lastTimestamp - retention : 0;
    }

    /** Samples older than the retention floor still stored in the first chunk(s). */
    public long hiddenSamples(long retention, Chunk.Scratch scratch) {
        long floor = retentionFloor(retention);
        if (floor == 0) {
            return 0;
        }
        long hidden = 0;
        for (int i = 0; i < count; i++) {
            Chunk c = chunks[i];
            if (c.count() == 0 || c.firstTimestamp() >= floor) {
                break;
            }
            if (c.lastTimestamp() < floor) {
                hidden += c.count();
                continue;
            }
            scratch.ensure(c.count());
            int n = c.decode(scratch.ts, scratch.vals);
            for (int k = 0; k < n && scratch.ts[k] < floor; k++) {
                hidden++;
            }
            break;
        }
        return hidden;
    }

    /** First timestamp at or after the retention floor (0 when empty). */
    public long firstVisibleTimestamp(long retention, Chunk.Scratch scratch) {
        long floor = retentionFloor(retention);
        for (int i = 0; i < count; i++) {
            Chunk c = chunks[i];
            if (c.count() == 0 || c.lastTimestamp() < floor) {
                continue;
            }
            if (c.firstTimestamp() >= floor) {
                return c.firstTimestamp();
            }
            scratch.ensure(c.count());
            int n = c.decode(scratch.ts, scratch.vals);
            for (int k = 0; k < n; k++) {
                if (scratch.ts[k] >= floor) {
                    return scratch.ts[k];
                }
            }
        }
        return 0;
    }

    /** Chunk data bytes plus the per-chunk header RedisTimeSeries counts. */
    public long memory() {
        return bytes;
    }

    /** {@link #memory()} recomputed by walking the chunks (construction, tests). */
    long recomputeMemory() {
        long n = 0;
        for (int i = 0; i < count; i++) {
            n += chunks[i].dataSize() + chunks[i].headerSize();
        }
        return n;
    }

    public ChunkList copy() {
        Chunk[] c = new Chunk[count];
        for (int i = 0; i < count; i++) {
            c[i] = chunks[i].copy();
        }
        return new ChunkList(compressed, c, lastTimestamp, lastValue, totalSamples);
    }
}
