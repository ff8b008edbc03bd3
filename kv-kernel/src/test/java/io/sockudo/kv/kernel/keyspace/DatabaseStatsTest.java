package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.TestValue;
import io.sockudo.kv.kernel.util.CommandClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keyspace's statistics hooks: read lookups (hits, misses, keymiss), new keys, avg_ttl. */
class DatabaseStatsTest {
    private final List<String> events = new ArrayList<>();
    private final KeyspaceHooks hooks = new KeyspaceHooks() {
        @Override
        public void keyWritten(Database db, byte[] key) {
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
            events.add("expired " + s(key));
        }

        @Override
        public void keyRead(Database db, byte[] key, boolean hit, boolean notifyMiss) {
            events.add((hit ? "hit " : notifyMiss ? "miss+notify " : "miss ") + s(key));
        }

        @Override
        public void keyCreated(Database db, byte[] key) {
            events.add("new " + s(key));
        }
    };
    private final Database db = new Database(0, new ShardLocks(4), hooks, new LruClock());

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private List<String> drain() {
        List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    @Test
    void readLookupsCountAndOtherLookupsDoNot() {
        db.put(k("a"), new TestValue("1"));
        drain();
        assertNotNull(db.read(k("a")));
        assertNull(db.read(k("b")));
        assertNotNull(db.readNoTouch(k("a")));
        assertNull(db.lookupRead(k("c"), Database.LOOKUP_NOTOUCH | Database.LOOKUP_NONOTIFY));
        assertEquals(List.of("hit a", "miss+notify b", "hit a", "miss c"), drain());
        // get, peek, exists and expireAt are not read lookups
        db.get(k("a"));
        db.get(k("b"));
        db.peek(k("b"));
        db.exists(k("b"));
        db.expireAt(k("b"));
        assertEquals(List.of(), drain());
    }

    @Test
    void aReadOfAnExpiredKeyExpiresItThenMisses() {
        db.put(k("e"), new TestValue("1"), CommandClock.refresh() - 1);
        drain();
        assertNull(db.read(k("e")));
        assertEquals(List.of("expired e", "miss+notify e"), drain());
    }

    @Test
    void putFiresNewOnlyForAbsentKeysAndExpiresFirst() {
        db.put(k("a"), new TestValue("1"));
        db.put(k("a"), new TestValue("2"));
        db.putKeepTtl(k("b"), new TestValue("1"));
        db.putKeepTtl(k("b"), new TestValue("2"));
        assertEquals(List.of("new a", "new b"), drain());
        db.put(k("a"), new TestValue("3"), CommandClock.refresh() - 1);
        assertEquals(List.of(), drain());
        db.put(k("a"), new TestValue("4"));
        assertEquals(List.of("expired a", "new a"), drain());
        db.put(k("b"), new TestValue("3"), CommandClock.refresh() - 1);
        db.putKeepTtl(k("b"), new TestValue("4"));
        assertEquals(List.of("expired b", "new b"), drain());
    }

    @Test
    void transferAlwaysAddsTheDestinationAnew() {
        db.put(k("a"), new TestValue("1"));
        db.put(k("b"), new TestValue("1"));
        drain();
        assertTrue(db.transfer(k("a"), db, k("b")));
        assertEquals(List.of("new b"), drain());
    }

    @Test
    void avgTtlIsARunningEstimateOfSampledTtls() {
        assertEquals(0, db.avgTtl());
        long now = CommandClock.refresh();
        for (int i = 0; i < 40; i++) {
            db.put(k("v" + i), new TestValue("x"), now + 100_000);
        }
        for (int round = 0; round < 50; round++) {
            for (int shard = 0; shard < 4; shard++) {
                db.activeExpireRound(shard, 20, now);
            }
        }
        // every sampled key has 100 s left: the estimate starts there and stays close
        long avg = db.avgTtl();
        assertTrue(avg > 90_000 && avg <= 100_000, "avg_ttl " + avg);
        db.resetAvgTtl();
        assertEquals(0, db.avgTtl());
        db.activeExpireRound(0, 20, now);
        db.clear();
        assertEquals(0, db.avgTtl());
    }
}
