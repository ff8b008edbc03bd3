package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.TestValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Database behaviour the key space commands rely on: transfer, expiry edges, sharded SCAN, active expiry rounds. */
class DatabaseKeysTest {
    private final ShardLocks locks = new ShardLocks(16);
    private final List<String> expired = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private final KeyspaceHooks hooks = new KeyspaceHooks() {
        @Override
        public void keyWritten(Database db, byte[] key) {
            written.add(db.index() + ":" + s(key));
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
            expired.add(db.index() + ":" + s(key));
        }
    };
    private final LruClock clock = new LruClock();
    private final Database db0 = new Database(0, locks, hooks, clock);
    private final Database db1 = new Database(1, locks, hooks, clock);

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void transferKeepsValueExpiryAndAccessData() {
        TestValue v = new TestValue("x");
        long at = io.sockudo.kv.kernel.util.CommandClock.refresh() + 100_000;
        db0.put(k("a"), v, at);
        int access = db0.accessData(k("a"));
        db0.put(k("b"), new TestValue("old"), io.sockudo.kv.kernel.util.CommandClock.refresh() + 5_000);
        assertTrue(db0.transfer(k("a"), db0, k("b")));
        assertNull(db0.peek(k("a")));
        assertSame(v, db0.peek(k("b")));
        assertEquals(at, db0.expireAt(k("b")));
        assertEquals(access, db0.accessData(k("b")));
        assertEquals(1, db0.size());
        assertEquals(1, db0.volatileSize());
        assertTrue(written.contains("0:a") && written.contains("0:b"));
    }

    @Test
    void transferAcrossDatabasesMovesTheVolatileIndexToo() {
        db0.put(k("m"), new TestValue("x"), io.sockudo.kv.kernel.util.CommandClock.refresh() + 100_000);
        db0.put(k("p"), new TestValue("y"));
        assertTrue(db0.transfer(k("m"), db1, k("m")));
        assertTrue(db0.transfer(k("p"), db1, k("p")));
        assertFalse(db0.transfer(k("nope"), db1, k("nope")));
        assertEquals(0, db0.size());
        assertEquals(0, db0.volatileSize());
        assertEquals(2, db1.size());
        assertEquals(1, db1.volatileSize());
        assertEquals(Database.NO_EXPIRE, db1.expireAt(k("p")));
    }

    @Test
    void aKeyExpiresOnlyOnceItsTimeHasPassed() {
        db0.put(k("future"), new TestValue("x"), io.sockudo.kv.kernel.util.CommandClock.refresh() + 60_000);
        db0.put(k("past"), new TestValue("x"), io.sockudo.kv.kernel.util.CommandClock.refresh() - 1);
        assertTrue(db0.exists(k("future")));
        assertFalse(db0.exists(k("past")));
        assertEquals(List.of("0:past"), expired);
        assertEquals(1, db0.size());
    }

    @Test
    void activeExpireRoundsDeleteExpiredVolatileKeysOnly() {
        long now = io.sockudo.kv.kernel.util.CommandClock.refresh();
        for (int i = 0; i < 500; i++) {
            db0.put(k("gone" + i), new TestValue("x"), now - 10);
            db0.put(k("live" + i), new TestValue("x"), now + 60_000);
            db0.put(k("persistent" + i), new TestValue("x"));
        }
        for (int round = 0; round < 10_000 && db0.size() > 1000; round++) {
            for (int shard = 0; shard < locks.count(); shard++) {
                db0.activeExpireRound(shard, 20, now);
            }
        }
        assertEquals(1000, db0.size());
        assertEquals(500, db0.volatileSize());
        assertEquals(500, expired.size());
    }

    @Test
    void randomKeySkipsAnyNumberOfExpiredKeys() {
        long past = io.sockudo.kv.kernel.util.CommandClock.refresh() - 10;
        for (int i = 0; i < 3000; i++) {
            db0.put(k("gone" + i), new TestValue("x"), past);
        }
        db0.put(k("live"), new TestValue("x"));
        for (int i = 0; i < 50; i++) {
            assertEquals("live", s(db0.randomKey()));
        }
        db0.delete(k("live"));
        assertNull(db0.randomKey());
    }

    @Test
    void replicasDoNotExpireActively() {
        Database replica = new Database(0, locks, new KeyspaceHooks() {
            @Override
            public void keyWritten(Database db, byte[] key) {
            }

            @Override
            public void keyExpired(Database db, byte[] key) {
            }

            @Override
            public boolean expiryDisabled() {
                return true;
            }
        }, clock);
        replica.put(k("x"), new TestValue("x"), io.sockudo.kv.kernel.util.CommandClock.refresh() - 10);
        for (int shard = 0; shard < locks.count(); shard++) {
            assertEquals(0, replica.activeExpireRound(shard, 20, io.sockudo.kv.kernel.util.CommandClock.refresh()));
        }
        assertEquals(1, replica.size());
    }

    /** The sharded cursor of Database.scan keeps the SCAN guarantee while keys come and go. */
    @Test
    void scanAcrossShardsSeesEveryStableKey() {
        Random rnd = new Random(7);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            db0.put(k("s" + i), new TestValue("x"));
            stable.add("s" + i);
        }
        db0.put(k("exp"), new TestValue("x"), io.sockudo.kv.kernel.util.CommandClock.refresh() - 5);
        Set<String> seen = new HashSet<>();
        List<String> churn = new ArrayList<>();
        int churnNext = 0;
        long cursor = 0;
        int calls = 0;
        do {
            cursor = db0.scan(cursor, (key, value) -> seen.add(s(key)));
            calls++;
            // waves of up to 4000 extra keys coming and going, so shard tables grow and shrink
            int n = rnd.nextInt(300);
            boolean grow = (calls / 50) % 2 == 0;
            for (int i = 0; i < n; i++) {
                if (grow && churn.size() < 4000) {
                    String c = "c" + churnNext++;
                    churn.add(c);
                    db0.put(k(c), new TestValue("x"));
                } else if (!grow && !churn.isEmpty()) {
                    db0.delete(k(churn.remove(churn.size() - 1)));
                }
            }
        } while (cursor != 0 && calls < 1_000_000);
        assertEquals(0, cursor);
        assertTrue(seen.containsAll(stable));
        assertFalse(seen.contains("exp"), "expired keys are not returned");
    }

    /**
     * Setting and clearing an expiry replaces the entry object (plain vs volatile entry): value,
     * access data, volatile index and SCAN must all follow, also while tables are rehashing.
     */
    @Test
    void togglingExpiriesKeepsKeysValuesAndTheVolatileIndex() {
        long later = io.sockudo.kv.kernel.util.CommandClock.refresh() + 600_000;
        List<TestValue> values = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            TestValue v = new TestValue("v" + i);
            values.add(v);
            db0.put(k("t" + i), v);
            // toggle while the shard tables grow (and therefore rehash) under us
            if (i % 3 == 0) {
                assertTrue(db0.setExpireAt(k("t" + (i / 2)), later + i));
            }
            if (i % 7 == 0) {
                db0.persist(k("t" + (i / 3)));
            }
        }
        Set<Integer> volatileKeys = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            assertSame(values.get(i), db0.peek(k("t" + i)));
            if (db0.expireAt(k("t" + i)) >= 0) {
                volatileKeys.add(i);
            }
        }
        assertEquals(volatileKeys.size(), db0.volatileSize());
        int access = db0.accessData(k("t1"));
        assertTrue(db0.setExpireAt(k("t1"), later));
        assertEquals(access, db0.accessData(k("t1")));
        assertTrue(db0.persist(k("t1")));
        assertEquals(access, db0.accessData(k("t1")));
        assertEquals(Database.NO_EXPIRE, db0.expireAt(k("t1")));
        assertFalse(db0.persist(k("t1")));
        // SET without KEEPTTL clears the expiry, SET ... PX sets it, SET KEEPTTL keeps it
        db0.put(k("t2"), new TestValue("x"), later);
        assertEquals(later, db0.expireAt(k("t2")));
        db0.putKeepTtl(k("t2"), new TestValue("y"));
        assertEquals(later, db0.expireAt(k("t2")));
        db0.put(k("t2"), new TestValue("z"));
        assertEquals(Database.NO_EXPIRE, db0.expireAt(k("t2")));
        Set<String> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = db0.scan(cursor, (key, value) -> seen.add(s(key)));
        } while (cursor != 0);
        assertEquals(3000, seen.size());
        // the active cycle only ever finds tracked volatile entries; expire them all
        long far = later + 10_000;
        int before = db0.volatileSize() > 0 ? (int) db0.volatileSize() : 0;
        for (int round = 0; round < 100_000 && db0.volatileSize() > 0; round++) {
            for (int shard = 0; shard < locks.count(); shard++) {
                db0.activeExpireRound(shard, 20, far);
            }
        }
        assertEquals(0, db0.volatileSize());
        assertEquals(3000 - before, db0.size());
        assertEquals(before, expired.size());
    }

    @Test
    void lfuCountersStartAtFiveAndGrowOnAccess() {
        clock.lfu(true);
        try {
            db0.put(k("f"), new TestValue("x"));
            assertEquals(LruClock.LFU_INIT_VAL, clock.frequency(db0.accessData(k("f"))));
            db0.get(k("f"));
            assertEquals(LruClock.LFU_INIT_VAL + 1, clock.frequency(db0.accessData(k("f"))));
            for (int i = 0; i < 100_000; i++) {
                db0.get(k("f"));
            }
            int f = clock.frequency(db0.accessData(k("f")));
            assertTrue(f > 10 && f <= 255, "logarithmic counter: " + f);
            db0.peek(k("f"));
            assertEquals(f, clock.frequency(db0.accessData(k("f"))), "peek is not an access");
        } finally {
            clock.lfu(false);
        }
    }
}
