package io.sockudo.kv.types.stack.timeseries.store;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A series' memoryUsage() runs on every write of its key, so {@link ChunkList#memory()} is a
 * running total: after every step of a random mix of appends, out-of-order upserts (which
 * rebuild and split chunks), range deletes and retention trims, it must equal a walk of the chunks.
 */
class ChunkListMemoryTest {
    @Test
    void runningTotalMatchesRecomputation() {
        for (boolean compressed : new boolean[] {true, false}) {
            for (long seed = 1; seed <= 4; seed++) {
                Random r = new Random(seed);
                int chunkSize = 64 + r.nextInt(256);
                ChunkList l = new ChunkList(compressed, chunkSize);
                Chunk.Scratch scratch = new Chunk.Scratch();
                long ts = 1000;
                for (int step = 0; step < 4000; step++) {
                    int op = r.nextInt(10);
                    if (op < 6) {
                        ts += 1 + r.nextInt(20);
                        l.append(ts, r.nextInt(100) / 4.0, r.nextInt(4) == 0 ? 500 : 0, chunkSize);
                    } else if (op < 8) {
                        l.upsert(Math.max(0, ts - r.nextInt(3000)), r.nextDouble(), DuplicatePolicy.LAST, chunkSize,
                                scratch);
                    } else if (op == 8) {
                        long from = Math.max(0, ts - r.nextInt(3000));
                        l.deleteRange(from, from + r.nextInt(200), scratch);
                    } else {
                        l.trim(r.nextInt(3000));
                    }
                    assertEquals(l.recomputeMemory(), l.memory(), "seed " + seed + " step " + step + " op " + op);
                }
                ChunkList c = l.copy();
                assertEquals(c.recomputeMemory(), c.memory());
            }
        }
    }
}
