package io.sockudo.kv.kernel.logging;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisLogTest {
    /** The hand-written date matches java.time's formatter for Redis's pattern, in the local zone. */
    @Test
    void lineFormatMatchesTheDateTimeFormatterPattern() {
        DateTimeFormatter reference = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH)
                .withZone(java.util.TimeZone.getDefault().toZoneId());
        long pid = ProcessHandle.current().pid();
        SplittableRandom random = new SplittableRandom(7);
        Instant[] fixed = {Instant.parse("2026-12-07T08:00:00.123Z"), Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("2000-01-01T00:00:00Z"), Instant.parse("2038-01-19T03:14:08.007Z")};
        for (int i = 0; i < 2000; i++) {
            Instant at = i < fixed.length ? fixed[i]
                    : Instant.ofEpochMilli(random.nextLong(946_684_800_000L, 4_102_444_800_000L));
            String line = RedisLog.format(RedisLog.Level.NOTICE, "Ready to accept connections tcp", at);
            String expected = pid + ":C " + reference.format(at) + " * Ready to accept connections tcp";
            assertEquals(expected, line.replaceFirst(":[MCSX] ", ":C "), at.toString());
        }
    }
}
