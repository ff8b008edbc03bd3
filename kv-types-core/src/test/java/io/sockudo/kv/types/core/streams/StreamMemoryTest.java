package io.sockudo.kv.types.core.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory of 1M small entries ({@code XADD s * field value}, about 500 entries per millisecond as
 * redis-benchmark produces them). redis-server 7.0.15 reports MEMORY USAGE 19582360 bytes for the
 * same stream (about 19.6 bytes per entry; used_memory grows 16 bytes per entry); the packed
 * blocks must stay below that.
 */
class StreamMemoryTest {
    @Test
    void millionSmallEntriesUseLessThanRedis() {
        StreamValue s = new StreamValue();
        byte[][] argv = {"field".getBytes(StandardCharsets.US_ASCII), "value".getBytes(StandardCharsets.US_ASCII)};
        long ms = 1_700_000_000_000L;
        long seq = 0;
        for (int i = 0; i < 1_000_000; i++) {
            if (i % 500 == 0) {
                ms++;
                seq = 0;
            }
            s.append(ms, seq++, argv, 0, 1, 4096, 100);
        }
        assertEquals(1_000_000, s.length());
        long bytes = s.memoryUsage();
        double perEntry = bytes / 1_000_000.0;
        System.out.printf("stream of 1M small entries: %d bytes, %.2f bytes/entry (redis MEMORY USAGE: 19.58)%n",
                bytes, perEntry);
        assertTrue(perEntry < 16, "bytes per entry: " + perEntry);
    }

    /**
     * memoryUsage() is O(1) from running totals: after every step of a random sequence of
     * appends, deletes, trims, group, consumer and PEL changes (and in copies) it must equal a
     * full walk of the nodes, groups and consumers.
     */
    @Test
    void runningTotalMatchesRecomputation() {
        for (long seed = 1; seed <= 5; seed++) {
            Random r = new Random(seed);
            StreamValue s = new StreamValue();
            long ms = 1;
            List<StreamId> ids = new ArrayList<>();
            for (int step = 0; step < 3000; step++) {
                int op = r.nextInt(12);
                switch (op) {
                    case 0, 1, 2, 3 -> {
                        int pairs = 1 + r.nextInt(3);
                        byte[][] argv = new byte[2 * pairs][];
                        for (int i = 0; i < argv.length; i++) {
                            argv[i] = new byte[r.nextInt(r.nextInt(30) == 0 ? 2000 : 12)];
                        }
                        ms += r.nextInt(3);
                        long seq = s.lastId().ms() == ms ? s.lastId().seq() + 1 : 0;
                        s.append(ms, seq, argv, 0, pairs, 64 + r.nextInt(4096), r.nextInt(50));
                        ids.add(new StreamId(ms, seq));
                    }
                    case 4 -> {
                        if (!ids.isEmpty()) {
                            StreamId id = ids.get(r.nextInt(ids.size()));
                            s.delete(id.ms(), id.seq());
                        }
                    }
                    case 5 -> s.trim(r.nextInt(200), null, r.nextBoolean(), 0);
                    case 6 -> s.createGroup(name("g", r.nextInt(4)), s.lastId(), 0);
                    case 7 -> s.destroyGroup(name("g", r.nextInt(4)));
                    case 8, 9 -> {
                        ConsumerGroup g = s.group(name("g", r.nextInt(4)));
                        if (g != null && !ids.isEmpty()) {
                            Consumer c = g.consumerOrCreate(name("consumer-", r.nextInt(5)), step);
                            StreamId id = ids.get(r.nextInt(ids.size()));
                            PendingEntry p = g.pel.get(id);
                            if (p == null) {
                                p = g.addPending(id, step, 1, r.nextBoolean() ? c : null);
                            }
                            ConsumerGroup.transfer(p, c);
                        }
                    }
                    case 10 -> {
                        ConsumerGroup g = s.group(name("g", r.nextInt(4)));
                        if (g != null && !ids.isEmpty()) {
                            g.removePending(ids.get(r.nextInt(ids.size())));
                        }
                    }
                    default -> {
                        ConsumerGroup g = s.group(name("g", r.nextInt(4)));
                        if (g != null) {
                            if (r.nextBoolean()) {
                                g.deleteConsumer(name("consumer-", r.nextInt(5)));
                            } else {
                                g.createConsumer(name("consumer-", r.nextInt(5)), step);
                            }
                        }
                    }
                }
                assertEquals(s.recomputeMemoryUsage(), s.memoryUsage(), "seed " + seed + " step " + step + " op " + op);
            }
            StreamValue c = (StreamValue) s.copy();
            assertEquals(c.recomputeMemoryUsage(), c.memoryUsage(), "copy");
        }
    }

    private static byte[] name(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.US_ASCII);
    }
}
