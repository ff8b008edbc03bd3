package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.types.core.rdb.TestRdb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The stream codec: random streams (appends, deletions, trims, node limits, consumer groups with
 * PELs and consumers) survive a write and a read with every byte of the record kept; Redis 7.2's
 * v3 record (consumers' active time) and the checks of inconsistent records.
 */
class StreamCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static StreamValue randomStream(Random rnd) {
        StreamValue s = new StreamValue();
        long ms = rnd.nextInt(3) == 0 ? -1000L : 1;
        long maxEntries = 1 + rnd.nextInt(120);
        long maxBytes = 64 + rnd.nextInt(4096);
        int n = rnd.nextInt(600);
        for (int i = 0; i < n; i++) {
            ms += rnd.nextInt(3);
            StreamId last = s.lastId();
            long m = Long.compareUnsigned(ms, last.ms()) > 0 ? ms : last.ms();
            long seq = Long.compareUnsigned(ms, last.ms()) > 0 ? 0 : last.seq() + 1;
            int pairs = 1 + rnd.nextInt(3);
            byte[][] argv = new byte[2 * pairs][];
            boolean same = rnd.nextInt(3) > 0;
            for (int p = 0; p < pairs; p++) {
                argv[2 * p] = b(same ? "field" + p : "f" + rnd.nextInt(50));
                argv[2 * p + 1] = rnd.nextBoolean() ? b(Long.toString(rnd.nextLong() >> rnd.nextInt(64)))
                        : b("v" + "x".repeat(rnd.nextInt(rnd.nextInt(20) == 0 ? 300 : 20)));
            }
            s.append(m, seq, argv, 0, pairs, maxBytes, maxEntries);
            if (rnd.nextInt(8) == 0) {
                s.delete(m, seq);
            }
        }
        if (rnd.nextInt(4) == 0) {
            s.trim(rnd.nextInt(Math.max(1, n)), null, false, 0);
        }
        int groups = rnd.nextInt(4);
        for (int g = 0; g < groups; g++) {
            ConsumerGroup cg = s.createGroup(b("group" + g), s.lastId(), rnd.nextBoolean() ? s.length() : -1);
            int consumers = rnd.nextInt(4);
            for (int c = 0; c < consumers; c++) {
                Consumer con = cg.createConsumer(b("consumer" + c), 1_700_000_000_000L + rnd.nextInt(1000));
                for (int k = 0; k < rnd.nextInt(20); k++) {
                    StreamId id = new StreamId(rnd.nextInt(1000), rnd.nextInt(5));
                    if (cg.pel.containsKey(id)) {
                        continue;
                    }
                    cg.addPending(id, 1_700_000_000_000L + rnd.nextInt(100000), 1 + rnd.nextInt(5), con);
                }
            }
        }
        return s;
    }

    @Test
    void randomStreamsRoundTripByteForByte() throws IOException {
        Random rnd = new Random(99);
        for (int round = 0; round < 150; round++) {
            StreamValue s = randomStream(rnd);
            byte[] p = TestRdb.write(StreamCodec.INSTANCE, s);
            assertEquals(StreamCodec.STREAM_LISTPACKS_2, p[0] & 0xff);
            StreamValue back = (StreamValue) TestRdb.read(StreamCodec.INSTANCE, p, TestRdb.config());
            assertNotNull(back, "a stream is never empty as a value, even without entries");
            assertEquals(HEX.formatHex(p), HEX.formatHex(TestRdb.write(StreamCodec.INSTANCE, back)));
            assertEquals(s.length(), back.length());
            assertEquals(s.recomputeMemoryUsage(), s.memoryUsage(), "running total of the built stream");
            assertEquals(back.recomputeMemoryUsage(), back.memoryUsage(), "running total after a load");
            assertEquals(s.lastId(), back.lastId());
            assertEquals(TestRdb.digest(StreamCodec.INSTANCE, s), TestRdb.digest(StreamCodec.INSTANCE, back));
        }
    }

    @Test
    void corruptRecordsNeverEscapeAsUncheckedExceptions() throws IOException {
        Random rnd = new Random(5);
        for (int round = 0; round < 40; round++) {
            TestRdb.fuzz(StreamCodec.INSTANCE, TestRdb.write(StreamCodec.INSTANCE, randomStream(rnd)), rnd, 300,
                    TestRdb.config());
        }
    }

    /** A v2 record of {@code s} without its groups, and the group section written by hand. */
    private static byte[] withGroupV3(StreamValue s, boolean v3) throws IOException {
        byte[] noGroups = TestRdb.write(StreamCodec.INSTANCE, s);
        TestRdb.Out o = new TestRdb.Out();
        o.writeByte(v3 ? StreamCodec.STREAM_LISTPACKS_3 : StreamCodec.STREAM_LISTPACKS_2);
        o.writeRaw(noGroups, 1, noGroups.length - 2); // drop the type byte and the group count 0
        o.writeLength(1);
        o.writeString(b("g"));
        o.writeLength(1);
        o.writeLength(1);
        o.writeLength(1); // entries read
        o.writeLength(1); // PEL
        o.writeRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, 0, 16);
        o.writeMillis(1_700_000_000_100L);
        o.writeLength(2);
        o.writeLength(1); // consumers
        o.writeString(b("alice"));
        o.writeMillis(1_700_000_000_200L);
        if (v3) {
            o.writeMillis(1_700_000_000_150L);
        }
        o.writeLength(1);
        o.writeRaw(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, 0, 16);
        return o.bytes();
    }

    @Test
    void readsV3ConsumersWithActiveTime() throws IOException {
        StreamValue s = new StreamValue();
        s.append(1, 1, new byte[][] {b("f"), b("v")}, 0, 1, 4096, 100);
        s.append(2, 0, new byte[][] {b("f"), b("w")}, 0, 1, 4096, 100);
        StreamValue v3 = (StreamValue) TestRdb.read(StreamCodec.INSTANCE, withGroupV3(s, true), TestRdb.config());
        Consumer alice = v3.group(b("g")).consumer(b("alice"));
        assertEquals(1_700_000_000_200L, alice.seenTime);
        assertEquals(1_700_000_000_150L, alice.activeTime);
        StreamValue v2 = (StreamValue) TestRdb.read(StreamCodec.INSTANCE, withGroupV3(s, false), TestRdb.config());
        Consumer a2 = v2.group(b("g")).consumer(b("alice"));
        assertEquals(a2.seenTime, a2.activeTime, "v2 has no active time: Redis 7.2 takes the seen time");
        // written back as v2: the same bytes as the v2 record
        assertEquals(HEX.formatHex(withGroupV3(s, false)), HEX.formatHex(TestRdb.write(StreamCodec.INSTANCE, v3)));
    }

    @Test
    void inconsistentRecordsAreRefused() throws IOException {
        StreamValue s = new StreamValue();
        s.append(1, 1, new byte[][] {b("f"), b("v")}, 0, 1, 4096, 100);
        byte[] good = withGroupV3(s, false);
        TestRdb.read(StreamCodec.INSTANCE, good, TestRdb.config());
        // a PEL entry nobody owns
        byte[] orphan = Arrays.copyOf(good, good.length);
        orphan[orphan.length - 17] = 0; // the consumer's PEL count 1 -> 0
        byte[] orphanTrimmed = Arrays.copyOf(orphan, orphan.length - 16);
        assertThrows(IOException.class, () -> TestRdb.read(StreamCodec.INSTANCE, orphanTrimmed, TestRdb.config()));
        // every truncation is refused, never a half-built value or an unchecked exception
        for (int cut = 1; cut < good.length; cut++) {
            byte[] t = Arrays.copyOf(good, cut);
            assertThrows(IOException.class, () -> TestRdb.read(StreamCodec.INSTANCE, t, TestRdb.config()),
                    "cut at " + cut);
        }
    }
}
