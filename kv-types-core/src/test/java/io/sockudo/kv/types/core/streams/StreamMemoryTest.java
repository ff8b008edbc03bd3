package io.sockudo.kv.types.core.streams;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

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
}
