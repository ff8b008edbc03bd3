package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SCAN guarantee of {@link KeyTable#scan}: every entry present for the whole iteration is
 * returned at least once, however the table grows, shrinks or rehashes between calls (inserts,
 * deletes and partial rehashes interleaved with the scan steps, randomized with fixed seeds),
 * for both entry forms.
 */
class KeyTableScanTest {
    private static byte[] key(String prefix, int i) {
        return (prefix + i).getBytes(StandardCharsets.US_ASCII);
    }

    /** Both entry forms: keys of odd length as objects, of even length packed. */
    private static void insert(KeyTable t, byte[] k) {
        int h = KeyHash.hash(k);
        if (t.find(k, h) == null) {
            t.insert(k.length % 2 == 1 ? new Entry(k, h, null) : EntryForm.newPacked(k, h, 0, 0, 0));
        }
    }

    private static void remove(KeyTable t, byte[] k) {
        t.remove(k, KeyHash.hash(k));
    }

    @Test
    void fullIterationOfAStableTableVisitsEveryKeyOnce() {
        KeyTable t = new KeyTable();
        for (int i = 0; i < 1000; i++) {
            insert(t, key("k", i));
        }
        t.rehashSome(Integer.MAX_VALUE);
        List<String> seen = new ArrayList<>();
        long cursor = 0;
        do {
            cursor = t.scan(cursor, e -> seen.add(new String(EntryForm.key(e), StandardCharsets.US_ASCII)));
        } while (cursor != 0);
        assertEquals(1000, seen.size());
        assertEquals(1000, new HashSet<>(seen).size());
    }

    @Test
    void emptyTableEndsAtOnce() {
        assertEquals(0, new KeyTable().scan(0, e -> { }));
        assertEquals(0, new KeyTable().scan(12345, e -> { }));
    }

    /**
     * Stable keys stay for the whole scan; churn keys come and go in waves big enough to grow the
     * table several times over and shrink it back, with rehashing left half done between steps.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void everyStableKeyIsSeenWhileTheTableGrowsAndShrinks(int seed) {
        Random rnd = new Random(seed);
        KeyTable t = new KeyTable();
        int stableCount = 50 + rnd.nextInt(500);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < stableCount; i++) {
            insert(t, key("stable:", i));
            stable.add("stable:" + i);
        }
        int churnLive = 0;
        int churnNext = 0;
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int steps = 0;
        boolean growing = true;
        int grows = 0;
        int shrinks = 0;
        long lastBuckets = t.slots();
        do {
            cursor = t.scan(cursor, e -> seen.add(new String(EntryForm.key(e), StandardCharsets.US_ASCII)));
            steps++;
            // a wave of churn between scan steps
            int n = rnd.nextInt(400);
            for (int i = 0; i < n; i++) {
                if (growing) {
                    insert(t, key("churn:", churnNext++));
                    churnLive++;
                } else if (churnLive > 0) {
                    remove(t, key("churn:", churnNext - churnLive));
                    churnLive--;
                }
            }
            if (growing && churnLive > 4000 + rnd.nextInt(8000)) {
                growing = false;
            } else if (!growing && churnLive == 0) {
                growing = true;
            }
            // sometimes let the background rehash progress, sometimes leave a rehash half done
            if (rnd.nextBoolean()) {
                t.rehashSome(rnd.nextInt(64));
            }
            long b = t.slots();
            if (b > lastBuckets) {
                grows++;
            } else if (b < lastBuckets) {
                shrinks++;
            }
            lastBuckets = b;
        } while (cursor != 0 && steps < 1_000_000);
        assertEquals(0, cursor, "scan did not finish");
        assertTrue(grows > 0 && shrinks > 0, "the table should have grown and shrunk: " + grows + "/" + shrinks);
        Set<String> missing = new HashSet<>(stable);
        missing.removeAll(seen);
        assertTrue(missing.isEmpty(), "missed " + missing.size() + " stable keys, e.g. " + missing.stream().limit(5).toList());
    }

    /** A table that only shrinks during the scan (the path where the old table is the larger one). */
    @Test
    void everyStableKeyIsSeenWhileTheTableShrinks() {
        KeyTable t = new KeyTable();
        for (int i = 0; i < 20_000; i++) {
            insert(t, key("churn:", i));
        }
        for (int i = 0; i < 100; i++) {
            insert(t, key("stable:", i));
        }
        t.rehashSome(Integer.MAX_VALUE);
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        int removed = 0;
        do {
            cursor = t.scan(cursor, e -> seen.add(new String(EntryForm.key(e), StandardCharsets.US_ASCII)));
            for (int i = 0; i < 500 && removed < 20_000; i++) {
                remove(t, key("churn:", removed++));
            }
        } while (cursor != 0);
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.contains("stable:" + i), "missed stable:" + i);
        }
    }
}
