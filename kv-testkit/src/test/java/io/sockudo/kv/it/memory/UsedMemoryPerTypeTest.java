package io.sockudo.kv.it.memory;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.StreamEntryID;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INFO used_memory per value type: for each of the shapes docs/benchmarks.md's memory table
 * measures (many string keys; one big hash, set, sorted set, stream and list), the growth of
 * used_memory while {@value #ELEMENTS} elements are written is compared with the growth of the
 * live heap, measured after full collections (the server runs in this JVM). used_memory is the
 * keyspace's byte account, so it is the same figure between collections; this test holds it to
 * within {@value #TOLERANCE_PERCENT} % of what the data really occupies, one type at a time (the
 * mixed dataset of {@link UsedMemoryTest} could hide one type's error behind another's).
 *
 * <p>Every shape is asserted: an estimate that drifts fails here. The estimates once were 24 %
 * (hash) to 67 % (list) off because G1's humongous rounding (an object of half a region or more
 * takes whole regions) was applied to a whole value instead of to each big array: the hash,
 * set and sorted-set tables, sized by the element count, each occupy whole regions, while a list
 * or a stream of small nodes occupies no more than its nodes. Families now round their own big
 * arrays ({@code io.sockudo.kv.spi.HeapArrays#cost}); docs/benchmarks.md ("used_memory against
 * the live heap") has the figures.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class UsedMemoryPerTypeTest {
    static final int ELEMENTS = 200_000;
    static final int TOLERANCE_PERCENT = 10;

    enum Shape {
        /** "key:%07d" -> a 10-byte value, one key per element (as bench/run.sh's strings case). */
        STRINGS {
            @Override
            void write(Pipeline p, int from, int to) {
                for (int i = from; i < to; i++) {
                    p.set(String.format("key:%07d", i), String.format("value%05d", i % 100_000));
                }
            }
        },
        /** One hash, "f:%07d" -> a 10-byte value. */
        HASH {
            @Override
            void write(Pipeline p, int from, int to) {
                Map<String, String> fields = new HashMap<>();
                for (int i = from; i < to; i++) {
                    fields.put(String.format("f:%07d", i), String.format("value%05d", i % 100_000));
                }
                p.hset("h", fields);
            }
        },
        /** One set of "m:%07d". */
        SET {
            @Override
            void write(Pipeline p, int from, int to) {
                String[] members = new String[to - from];
                for (int i = from; i < to; i++) {
                    members[i - from] = String.format("m:%07d", i);
                }
                p.sadd("s", members);
            }
        },
        /** One sorted set of "m:%07d" with integer scores. */
        ZSET {
            @Override
            void write(Pipeline p, int from, int to) {
                Map<String, Double> members = new HashMap<>();
                for (int i = from; i < to; i++) {
                    members.put(String.format("m:%07d", i), (double) (i * 7L % 1_000_003));
                }
                p.zadd("z", members);
            }
        },
        /** One stream, entries "<n>-1" with one field and a 10-byte value. */
        STREAM {
            @Override
            void write(Pipeline p, int from, int to) {
                for (int i = from; i < to; i++) {
                    p.xadd("x", new StreamEntryID(i + 1, 1), Map.of("f", String.format("value%05d", i % 100_000)));
                }
            }
        },
        /** One list of 10-byte elements. */
        LIST {
            @Override
            void write(Pipeline p, int from, int to) {
                String[] elements = new String[to - from];
                for (int i = from; i < to; i++) {
                    elements[i - from] = String.format("value%05d", i % 100_000);
                }
                p.rpush("l", elements);
            }
        };

        /** Writes elements [from, to) through the pipeline (at most 100 per call). */
        abstract void write(Pipeline p, int from, int to);
    }

    @ParameterizedTest
    @EnumSource(Shape.class)
    void usedMemoryGrowsAsTheLiveHeapDoes(Shape shape) throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start();
             RespClient c = new RespClient(kv.port());
             Jedis j = new Jedis("127.0.0.1", kv.port())) {
            c.callText("PING");
            long heap0 = UsedMemoryTest.liveHeap();
            long used0 = UsedMemoryTest.usedMemory(c);
            Pipeline p = j.pipelined();
            for (int i = 0; i < ELEMENTS; i += 100) {
                shape.write(p, i, i + 100);
                if (i % 10_000 == 0) {
                    p.sync();
                }
            }
            p.sync();
            long heap1 = UsedMemoryTest.liveHeap();
            long used1 = UsedMemoryTest.usedMemory(c);
            long heapGrowth = heap1 - heap0;
            long usedGrowth = used1 - used0;
            double ratio = (double) usedGrowth / heapGrowth;
            String report = String.format("%s: used_memory grew by %d (%.1f B/element), the live heap by %d "
                            + "(%.1f B/element): ratio %.3f", shape, usedGrowth, (double) usedGrowth / ELEMENTS,
                    heapGrowth, (double) heapGrowth / ELEMENTS, ratio);
            System.out.println(report);
            assertTrue(heapGrowth > ELEMENTS * 10L, report);
            assertTrue(Math.abs(ratio - 1) * 100 <= TOLERANCE_PERCENT, report);
        }
    }
}
