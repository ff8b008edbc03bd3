package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.KvValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two entry forms of {@link Database}: a small value without expiry is packed with its key in
 * one array; the write lookup, an expiry, a long key or a value without inline form make it an
 * object entry; the next put packs it again. Access data, the byte account, copy-on-write images,
 * RENAME/MOVE, eviction sampling and the bulk load work for both.
 */
class PackedEntriesTest {
    private final ShardLocks locks = new ShardLocks(4);
    private final LruClock clock = new LruClock();
    private final List<String> written = new ArrayList<>();
    private final KeyspaceHooks hooks = new KeyspaceHooks() {
        @Override
        public void keyWritten(Database db, byte[] key) {
            written.add(new String(key, StandardCharsets.UTF_8));
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }
    };
    private final Database db = new Database(0, locks, hooks, clock);
    private final Database db1 = new Database(1, locks, hooks, clock);

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The stored form of {@code key}: a byte[] (packed) or an Entry. */
    private Object raw(Database d, String key) {
        Object[] found = new Object[1];
        byte[] kb = k(key);
        d.forEachRawEntry(e -> {
            if (EntryForm.keyEquals(e, kb)) {
                found[0] = e;
            }
        });
        return found[0];
    }

    private static String text(KvValue v) {
        return ((Small) v).text();
    }

    @Test
    void smallValueWithoutExpiryIsPackedAndReadsAsReadOnlyCopies() {
        db.put(k("a"), new Small("hello"));
        assertInstanceOf(byte[].class, raw(db, "a"));
        KvValue r1 = db.read(k("a"));
        KvValue r2 = db.peek(k("a"));
        assertEquals("hello", text(r1));
        assertNotSame(r1, r2);
        assertThrows(IllegalStateException.class, () -> ((Small) r1).set("x"));
        assertTrue(db.exists(k("a")));
        assertEquals(-1, db.expireAt(k("a")));
        // not packable: too long, '#' (a form meant to be changed in place), a key over 255 bytes
        db.put(k("long"), new Small("x".repeat(21)));
        db.put(k("hash"), new Small("#raw"));
        String bigKey = "k".repeat(300);
        db.put(k(bigKey), new Small("v"));
        assertInstanceOf(Entry.class, raw(db, "long"));
        assertInstanceOf(Entry.class, raw(db, "hash"));
        assertInstanceOf(Entry.class, raw(db, bigKey));
        assertEquals("v", text(db.read(k(bigKey))));
    }

    @Test
    void writeLookupInflatesOnceAndThePutPacksAgain() {
        db.put(k("a"), new Small("one"));
        KvValue w = db.get(k("a"));
        assertInstanceOf(Entry.class, raw(db, "a"));
        assertSame(w, db.get(k("a")), "the stored mutable object, the same each time");
        ((Small) w).set("two");
        db.modified(k("a"));
        assertEquals("two", text(db.read(k("a"))));
        db.put(k("a"), new Small("three"));
        assertInstanceOf(byte[].class, raw(db, "a"));
        assertEquals("three", text(db.read(k("a"))));
        // a value without inline form replaces a packed entry with an object and back
        db.put(k("a"), new Small("#obj"));
        assertInstanceOf(Entry.class, raw(db, "a"));
        db.put(k("a"), new Small("four"));
        assertInstanceOf(byte[].class, raw(db, "a"));
        assertEquals(1, db.size());
    }

    @Test
    void overwriteOfTheSameLengthReusesTheArrayAndExistenceChecksDoNotInflate() {
        db.put(k("a"), new Small("1111"));
        Object p = raw(db, "a");
        db.put(k("a"), new Small("2222"));
        assertSame(p, raw(db, "a"), "same codec and length: written in place");
        assertEquals("2222", text(db.read(k("a"))));
        db.put(k("a"), new Small("33333"));
        assertNotSame(p, raw(db, "a"));
        assertEquals("33333", text(db.read(k("a"))));
        long bytes = db.accountedBytes();
        assertTrue(db.existsForWrite(k("a")));
        assertInstanceOf(byte[].class, raw(db, "a"));
        assertFalse(db.existsForWrite(k("nosuch")));
        assertEquals(bytes, db.accountedBytes());
    }

    @Test
    void expiryMakesAnObjectAndPersistKeepsIt() {
        long at = CommandClock.refresh() + 100_000;
        db.put(k("a"), new Small("v"));
        db.setAccess(k("a"), 1234);
        assertTrue(db.setExpireAt(k("a"), at));
        assertInstanceOf(VolatileEntry.class, raw(db, "a"));
        assertEquals(at, db.expireAt(k("a")));
        assertEquals(1, db.volatileSize());
        assertEquals(1234, db.accessData(k("a")));
        assertEquals("v", text(db.peek(k("a"))));
        assertTrue(db.persist(k("a")));
        assertEquals(0, db.volatileSize());
        assertEquals(-1, db.expireAt(k("a")));
        assertInstanceOf(Entry.class, raw(db, "a"));
        assertEquals(1234, db.accessData(k("a")));
        assertFalse(db.persist(k("a")));
        // put with an expiry: an object; putKeepTtl keeps it; a plain put packs
        db.put(k("a"), new Small("w"), at);
        assertInstanceOf(VolatileEntry.class, raw(db, "a"));
        db.putKeepTtl(k("a"), new Small("x"));
        assertInstanceOf(VolatileEntry.class, raw(db, "a"));
        assertEquals(at, db.expireAt(k("a")));
        db.put(k("a"), new Small("y"));
        assertInstanceOf(byte[].class, raw(db, "a"));
        assertEquals(0, db.volatileSize());
        // putKeepTtl of a packed key without expiry stays packed
        db.putKeepTtl(k("a"), new Small("z"));
        assertInstanceOf(byte[].class, raw(db, "a"));
        // an expired packed-then-volatile key expires passively
        db.setExpireAt(k("a"), CommandClock.refresh() - 1);
        assertNull(db.read(k("a")));
        assertEquals(0, db.size());
    }

    @Test
    void accessDataSurvivesEveryChangeOfForm() {
        db.put(k("a"), new Small("v"));
        db.setAccess(k("a"), 777);
        db.lookupWriteNoTouch(k("a")); // inflated without touching
        assertInstanceOf(Entry.class, raw(db, "a"));
        assertEquals(777, db.accessData(k("a")));
        db.put(k("b"), new Small("v"));
        db.setAccess(k("b"), 555);
        assertTrue(db.transfer(k("b"), db1, k("c")));
        assertInstanceOf(byte[].class, raw(db1, "c"), "a packed entry moves packed");
        assertEquals(555, db1.accessData(k("c")));
        assertEquals("v", text(db1.peek(k("c"))));
        String bigKey = "k".repeat(300);
        assertTrue(db1.transfer(k("c"), db1, k(bigKey)));
        assertInstanceOf(Entry.class, raw(db1, bigKey));
        assertEquals(555, db1.accessData(k(bigKey)));
        assertEquals("v", text(db1.peek(k(bigKey))));
        // RENAME over an existing packed destination
        db.put(k("x"), new Small("x"));
        db.put(k("y"), new Small("y"));
        assertTrue(db.transfer(k("x"), db, k("y")));
        assertEquals("x", text(db.peek(k("y"))));
        assertNull(db.peek(k("x")));
    }

    @Test
    void byteAccountIsExactForPackedEntriesAndBalancesToZero() {
        db.put(k("key:0000001"), new Small("0123456789"));
        Object p = raw(db, "key:0000001");
        assertInstanceOf(byte[].class, p);
        // 16-byte array header + 10-byte entry header + 11 key + 10 value = 47 -> 48, plus the slot share
        assertEquals(48, EntryForm.packedBytes(((byte[]) p).length));
        assertEquals(48 + Database.BUCKET_BYTES, db.accountedBytes());
        assertEquals(48 + Database.BUCKET_BYTES, db.memoryUsage(k("key:0000001")));
        KvValue w = db.get(k("key:0000001"));
        ((Small) w).set("a much longer value!");
        db.modified(k("key:0000001"));
        assertEquals(db.memoryUsage(k("key:0000001")), db.accountedBytes());
        db.setExpireAt(k("key:0000001"), CommandClock.refresh() + 100_000);
        db.persist(k("key:0000001"));
        db.put(k("key:0000001"), new Small("v"));
        db.put(k("other"), new Small("#object"));
        db.transfer(k("key:0000001"), db, k("renamed"));
        db.delete(k("renamed"));
        db.delete(k("other"));
        assertEquals(0, db.accountedBytes());
    }

    @Test
    void scanRandomKeyAndEvictionSeePackedKeys() {
        Map<String, String> expect = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            String v = i % 3 == 0 ? "#o" + i : "p" + i;
            db.put(k("s" + i), new Small(v));
            expect.put("s" + i, v);
        }
        locks.lockMask(locks.allMask());
        try {
            Map<String, String> seen = new HashMap<>();
            long cursor = 0;
            do {
                cursor = db.scan(cursor, (key, value) -> seen.put(new String(key, StandardCharsets.UTF_8), text(value)));
            } while (cursor != 0);
            assertEquals(expect, seen);
            assertTrue(expect.containsKey(new String(db.randomKey(), StandardCharsets.UTF_8)));
            Map<String, Integer> sampled = new HashMap<>();
            for (int shard = 0; shard < locks.count(); shard++) {
                db.sampleForEviction(shard, 5, false, (d, key, access, expireAt) -> {
                    sampled.put(new String(key, StandardCharsets.UTF_8), access);
                    assertEquals(-1, expireAt);
                });
            }
            assertFalse(sampled.isEmpty());
            for (String key : sampled.keySet()) {
                long bytes = db.memoryUsage(k(key));
                assertEquals(bytes, db.evict(k(key)));
                assertNull(db.peek(k(key)));
            }
            assertEquals(500 - sampled.size(), db.size());
        } finally {
            locks.unlockMask(locks.allMask());
        }
    }

    @Test
    void bulkLoadPacksSmallValues() {
        locks.lockMask(locks.allMask());
        try {
            db.reserveForLoad(100);
            for (int i = 0; i < 100; i++) {
                assertTrue(db.addForLoad(k("l" + i), new Small("v" + i), i % 10 == 0 ? 5_000_000_000_000L : -1, -1));
            }
            assertFalse(db.addForLoad(k("l5"), new Small("dup"), -1, -1));
            db.replaceForLoad(k("l5"), new Small("merged"), -1, -1);
            db.finishLoad();
        } finally {
            locks.unlockMask(locks.allMask());
        }
        assertInstanceOf(byte[].class, raw(db, "l1"));
        assertInstanceOf(VolatileEntry.class, raw(db, "l10"));
        assertEquals("merged", text(db.peek(k("l5"))));
        assertEquals(100, db.size());
        assertEquals(10, db.volatileSize());
        assertTrue(db.overheadBytes() > 0);
    }

    /** A copy-on-write image gets a packed key's value as it was before the write that changes it. */
    @Test
    void imageCopyOnWriteOfPackedKeys() {
        Keyspaces ks = new Keyspaces(1, locks, clock, KeyspaceHooks.NONE);
        Database d = ks.db(0);
        locks.lockMask(locks.allMask());
        try {
            for (int i = 0; i < 50; i++) {
                d.put(k("c" + i), new Small("old" + i));
            }
        } finally {
            locks.unlockMask(locks.allMask());
        }
        Map<String, String> got = new HashMap<>();
        ImageSink sink = (key, value, expireAtMs, access) -> {
            synchronized (got) {
                assertTrue(got.put(new String(key, StandardCharsets.UTF_8), text(value)) == null, "twice");
            }
        };
        DatabaseImage[] images = ks.beginImage(i -> sink, () -> { });
        locks.lockMask(locks.allMask());
        try {
            ((Small) d.get(k("c1"))).set("inplace");           // inflate + change in place
            d.put(k("c2"), new Small("overwritten"));           // packed -> packed
            d.setExpireAt(k("c3"), 5_000_000_000_000L);         // packed -> object
            d.delete(k("c4"));
            d.transfer(k("c5"), d, k("c5moved"));
            d.put(k("fresh"), new Small("new"));
        } finally {
            locks.unlockMask(locks.allMask());
        }
        while (images[0].step(sink, 2)) {
            Thread.onSpinWait();
        }
        assertEquals(50, got.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("old" + i, got.get("c" + i));
        }
    }
}
