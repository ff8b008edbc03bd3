package io.sockudo.kv.kernel.keyspace;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link KeyTable}'s open addressing: probing, backward-shift deletion (also across the end of
 * the array), incremental resizing both ways, random picks, full walks and the bulk-load path.
 * Entries are built with chosen hashes where the test needs keys to collide.
 */
class KeyTableTest {
    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Entry entry(String k, int hash) {
        return new Entry(key(k), hash, null);
    }

    private static Entry entry(String k) {
        byte[] b = key(k);
        return new Entry(b, KeyHash.hash(b), null);
    }

    private static Object find(KeyTable t, Entry e) {
        return t.find(e.key, e.hash);
    }

    @Test
    void insertFindRemove() {
        KeyTable t = new KeyTable();
        Entry a = entry("a");
        Entry b = entry("b");
        t.insert(a);
        t.insert(b);
        assertEquals(2, t.size());
        assertSame(a, find(t, a));
        assertSame(b, find(t, b));
        assertNull(t.find(key("c"), KeyHash.hash(key("c"))));
        assertSame(a, t.remove(a.key, a.hash));
        assertNull(find(t, a));
        assertSame(b, find(t, b));
        assertNull(t.remove(a.key, a.hash));
        assertEquals(1, t.size());
    }

    /** Keys of one home and of the next: a deletion in the middle of the run shifts the rest back. */
    @Test
    void backwardShiftKeepsEveryRunMemberReachable() {
        KeyTable t = new KeyTable(); // 8 slots: grows past 6
        Entry a = entry("a", 2);
        Entry b = entry("b", 2);
        Entry c = entry("c", 3);
        Entry d = entry("d", 2);
        Entry e = entry("e", 5);
        for (Entry x : new Entry[] {a, b, c, d, e}) {
            t.insert(x);
        }
        // slots: 2=a 3=b 4=c 5=d 6=e; removing b shifts c (home 3) and d (home 2) back, e stays or moves
        assertSame(b, t.remove(b.key, b.hash));
        for (Entry x : new Entry[] {a, c, d, e}) {
            assertSame(x, find(t, x), new String(x.key));
        }
        assertSame(a, t.remove(a.key, a.hash));
        assertSame(d, t.remove(d.key, d.hash));
        assertSame(c, find(t, c));
        assertSame(e, find(t, e));
        assertEquals(2, t.size());
    }

    /** A run that wraps from the last slot to the first, and deletions on either side of the end. */
    @Test
    void runsWrapAroundTheEnd() {
        KeyTable t = new KeyTable();
        Entry a = entry("a", 6);
        Entry b = entry("b", 7);
        Entry c = entry("c", 6);
        Entry d = entry("d", 7);
        Entry e = entry("e", 0);
        for (Entry x : new Entry[] {a, b, c, d, e}) {
            t.insert(x);
        }
        // slots: 6=a 7=b 0=c 1=d 2=e
        assertSame(a, t.remove(a.key, a.hash));
        for (Entry x : new Entry[] {b, c, d, e}) {
            assertSame(x, find(t, x), new String(x.key));
        }
        assertSame(c, t.remove(c.key, c.hash));
        assertSame(b, find(t, b));
        assertSame(d, find(t, d));
        assertSame(e, find(t, e));
        assertSame(b, t.remove(b.key, b.hash));
        assertSame(d, find(t, d));
        assertSame(e, find(t, e));
    }

    /** Equal hashes, different keys: the key decides. */
    @Test
    void fullHashCollisionsAreTellApartByKey() {
        KeyTable t = new KeyTable();
        Entry[] es = new Entry[50];
        for (int i = 0; i < es.length; i++) {
            es[i] = entry("k" + i, 0x1234);
            t.insert(es[i]);
        }
        for (int i = 0; i < es.length; i += 2) {
            assertSame(es[i], t.remove(es[i].key, es[i].hash));
        }
        for (int i = 0; i < es.length; i++) {
            if (i % 2 == 0) {
                assertNull(find(t, es[i]));
            } else {
                assertSame(es[i], find(t, es[i]));
            }
        }
    }

    /** Grow to 100k and shrink back to a few, checking membership at every stage, rehash left half done. */
    @Test
    void growsAndShrinksIncrementally() {
        KeyTable t = new KeyTable();
        Map<String, Entry> live = new HashMap<>();
        Random rnd = new Random(7);
        long maxSlots = 0;
        for (int i = 0; i < 100_000; i++) {
            Entry e = entry("key:" + i);
            t.insert(e);
            live.put("key:" + i, e);
            maxSlots = Math.max(maxSlots, t.slots());
            if (i % 9973 == 0) {
                checkAll(t, live);
            }
        }
        assertTrue(maxSlots >= 131072, "grew: " + maxSlots);
        for (int i = 0; i < 99_990; i++) {
            Entry e = live.remove("key:" + i);
            assertSame(e, t.remove(e.key, e.hash));
            if (rnd.nextInt(1000) == 0) {
                checkAll(t, live);
            }
        }
        t.rehashSome(Integer.MAX_VALUE);
        assertEquals(10, t.size());
        assertTrue(t.slots() <= 64, "shrank: " + t.slots());
        checkAll(t, live);
    }

    /**
     * Inserts right after a shrink started (or during a growth), with no background rehash: the
     * new table must never fill up before the move is done (a full open-addressing table would
     * leave a probe without a free slot).
     */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void insertsDuringAResizeNeverFillTheNewTable() {
        for (int round = 0; round < 2; round++) {
            KeyTable t = new KeyTable();
            Map<String, Entry> live = new HashMap<>();
            for (int i = 0; i < 20_000; i++) {
                Entry e = entry("a" + i);
                t.insert(e);
                live.put("a" + i, e);
            }
            t.rehashSome(Integer.MAX_VALUE);
            for (int i = 0; i < 19_950; i++) {
                Entry e = live.remove("a" + i);
                t.remove(e.key, e.hash); // ends with a shrink in progress
            }
            int burst = round == 0 ? 60 : 50_000;
            for (int i = 0; i < burst; i++) {
                Entry e = entry("b" + i);
                t.insert(e);
                live.put("b" + i, e);
            }
            checkAll(t, live);
        }
    }

    private static void checkAll(KeyTable t, Map<String, Entry> live) {
        assertEquals(live.size(), t.size());
        for (Entry e : live.values()) {
            assertSame(e, find(t, e));
        }
        Set<Object> walked = new HashSet<>();
        t.forEach(walked::add);
        assertEquals(live.size(), walked.size());
    }

    /** Every entry is one slot, so a uniform slot pick is a uniform entry pick (roughly checked). */
    @Test
    void randomEntryIsRoughlyFair() {
        KeyTable t = new KeyTable();
        Entry[] es = new Entry[20];
        for (int i = 0; i < es.length; i++) {
            // half share one home run, half are spread: a chained pick would favour the lonely ones
            es[i] = i < 10 ? entry("c" + i, 0x40) : entry("s" + i);
            t.insert(es[i]);
        }
        Map<Object, Integer> counts = new HashMap<>();
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts.merge(t.randomEntry(), 1, Integer::sum);
        }
        assertEquals(es.length, counts.size());
        for (int c : counts.values()) {
            assertTrue(c > draws / es.length / 2 && c < draws / es.length * 2, "count " + c);
        }
        assertNull(new KeyTable().randomEntry());
    }

    @Test
    void bulkLoadReservesInsertsOnceAndReportsDuplicates() {
        KeyTable t = new KeyTable();
        t.reserve(10_000);
        long slots = t.slots();
        assertTrue(slots >= 10_000 * 4 / 3, "reserved " + slots);
        for (int i = 0; i < 10_000; i++) {
            Entry e = entry("k" + i);
            assertNull(t.insertIfAbsent(e, e.key));
        }
        assertEquals(slots, t.slots(), "no resize during the load");
        Entry dup = entry("k5");
        Object there = t.insertIfAbsent(dup, dup.key);
        assertNotNull(there);
        assertTrue(there != dup);
        assertEquals(10_000, t.size());
        // past the reservation it grows at once
        for (int i = 10_000; i < 30_000; i++) {
            Entry e = entry("k" + i);
            assertNull(t.insertIfAbsent(e, e.key));
        }
        t.finishRehash();
        for (int i = 0; i < 30_000; i += 997) {
            byte[] k = key("k" + i);
            assertNotNull(t.find(k, KeyHash.hash(k)));
        }
    }

    @Test
    void replaceSwapsTheSlotInEitherTable() {
        KeyTable t = new KeyTable();
        Entry[] es = new Entry[7];
        for (int i = 0; i < es.length; i++) {
            es[i] = entry("r" + i);
            t.insert(es[i]);
        }
        t.insert(entry("grow")); // starts a resize: some entries in each table
        for (Entry e : es) {
            VolatileEntry v = new VolatileEntry(e.key, e.hash, null, 1);
            t.replace(e, v);
            assertSame(v, find(t, e));
        }
    }
}
