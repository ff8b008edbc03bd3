package io.sockudo.kv.types.stack.timeseries.query;

import io.sockudo.kv.types.stack.timeseries.store.Chunk;
import io.sockudo.kv.types.stack.timeseries.store.ChunkList;

/**
 * Walks the samples of a series with timestamps in {@code [from, to]}, forward or backward,
 * decoding one chunk at a time (the chunk index finds the first chunk of the range).
 */
public final class SampleScan {
    private final ChunkList list;
    private final long from;
    private final long to;
    private final boolean reverse;
    private final Chunk.Scratch buf;
    private int chunk;
    private int pos;
    private int limit;
    private boolean done;

    public long ts;
    public double value;

    public SampleScan(ChunkList list, long from, long to, boolean reverse, Chunk.Scratch buf) {
        this.list = list;
        this.from = from;
        this.to = to;
        this.reverse = reverse;
        this.buf = buf;
        if (from > to || list.totalSamples() == 0) {
            done = true;
            return;
        }
        chunk = list.seek(reverse ? to : from);
        load();
        if (!reverse) {
            // skip to the first sample at or after from
            while (pos < limit && buf.ts[pos] < from) {
                pos++;
            }
        } else {
            while (pos >= 0 && buf.ts[pos] > to) {
                pos--;
            }
        }
    }

    private void load() {
        Chunk c = list.chunk(chunk);
        buf.ensure(c.count());
        limit = c.decode(buf.ts, buf.vals);
        pos = reverse ? limit - 1 : 0;
    }

    /** Advances to the next sample in range; false at the end. */
    public boolean next() {
        if (done) {
            return false;
        }
        if (!reverse) {
            while (pos >= limit) {
                if (++chunk >= list.chunkCount()) {
                    done = true;
                    return false;
                }
                load();
            }
            long t = buf.ts[pos];
            if (t > to) {
                done = true;
                return false;
            }
            ts = t;
            value = buf.vals[pos++];
            return true;
        }
        while (pos < 0) {
            if (--chunk < 0) {
                done = true;
                return false;
            }
            load();
        }
        long t = buf.ts[pos];
        if (t < from) {
            done = true;
            return false;
        }
        ts = t;
        value = buf.vals[pos--];
        return true;
    }
}
