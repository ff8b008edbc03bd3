package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.KvValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The byte account of {@link Database} under random sequences of every kind of write a family or
 * the kernel makes (puts of packed and object values, overwrites in place, write lookups followed
 * by a change and {@code modified}, expiries set, removed and passed, deletes, evictions, RENAME,
 * MOVE and SWAPDB, value replacement): after each step, each database's accounted bytes equal the sum of what its keys
 * cost when computed afresh ({@link Database#memoryUsage}). A drift here would move
 * {@code used_memory} and with it the eviction under {@code maxmemory}.
 */
class ByteAccountPropertyTest {
    /**
     * Keys per run: few (most values stay among their shard's {@link Shard#PENDING} pending
     * values) and many (values leave the pending slots while still stored, so releases read the
     * size their entry recorded, {@link Entry#valueBytes}).
     */
    private static final int[] KEYS = {24, 160};
    private static final int STEPS = 4_000;
    private static final int OPS = 16;

    private final ShardLocks locks = new ShardLocks(4);
    private final LruClock clock = new LruClock();
    private final KeyspaceHooks hooks = new KeyspaceHooks() {
        @Override
        public void keyWritten(Database db, byte[] key) {
        }

        @Override
        public void keyExpired(Database db, byte[] key) {
        }
    };

    private static byte[] key(int i) {
        // short keys pack; a few long ones (over EntryForm.MAX_KEY) never do
        String k = i % 7 == 6 ? "long:" + "x".repeat(EntryForm.MAX_KEY) + i : "k" + i;
        return k.getBytes(StandardCharsets.UTF_8);
    }

    /** A value that packs (up to 20 bytes, no leading '#') or stays an object. */
    private static Small value(Random r) {
        int len = r.nextInt(4) == 0 ? 21 + r.nextInt(40) : r.nextInt(21);
        StringBuilder b = new StringBuilder(len);
        b.append(len > 0 && r.nextInt(6) == 0 ? '#' : 'v');
        while (b.length() < len) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return new Small(len == 0 ? "" : b.toString());
    }

    private static long recount(Database db) {
        List<byte[]> keys = new ArrayList<>();
        db.forEachRawEntry(e -> keys.add(e instanceof Entry x ? x.key : EntryForm.key((byte[]) e)));
        long sum = 0;
        for (byte[] k : keys) {
            sum += db.memoryUsage(k);
        }
        return sum;
    }

    @Test
    void theAccountMatchesAFreshCountAfterEveryStep() {
        for (int keys : KEYS) {
            for (long seed = 1; seed <= 6; seed++) {
                run(seed, keys);
            }
        }
    }

    private void run(long seed, int keyCount) {
        Random r = new Random(seed);
        Database[] dbs = {new Database(0, locks, hooks, clock), new Database(1, locks, hooks, clock)};
        long later = CommandClock.refresh() + 3_600_000;
        TreeSet<String> ops = new TreeSet<>();
        for (int step = 0; step < STEPS; step++) {
            Database db = dbs[r.nextInt(2)];
            byte[] k = key(r.nextInt(keyCount));
            int op = r.nextInt(OPS);
            switch (op) {
                case 0, 1 -> db.put(k, value(r));
                case 2 -> db.put(k, value(r), later + r.nextInt(1000));
                case 3 -> db.putKeepTtl(k, value(r));
                case 4, 5 -> {
                    // a family's change in place: write lookup, change, modified()
                    KvValue v = db.get(k);
                    if (v instanceof Small s) {
                        s.set(value(r).text());
                        db.modified(k);
                    }
                }
                case 6 -> db.delete(k);
                case 7 -> db.remove(k);
                case 8 -> db.setExpireAt(k, later + r.nextInt(1000));
                case 9 -> db.persist(k);
                case 10 -> db.transfer(k, dbs[r.nextInt(2)], key(r.nextInt(keyCount)));
                case 11 -> {
                    if (db.peek(k) != null) {
                        db.replaceValue(k, value(r));
                    }
                }
                case 12 -> db.evict(k);
                case 13 -> {
                    // a time already past: the next lookup expires the key
                    db.setExpireAt(k, CommandClock.refresh() - 1);
                    db.exists(k);
                }
                case 14 -> {
                    KvValue v = db.lookupWriteNoTouch(k);
                    if (v instanceof Small s) {
                        s.set(value(r).text());
                        db.modified(k);
                    }
                }
                default -> dbs[0].swapWith(dbs[1]);
            }
            ops.add(String.valueOf(op));
            for (Database d : dbs) {
                assertEquals(recount(d), d.accountedBytes(), keyCount + " keys, seed " + seed + ", step " + step + ", op " + op
                        + ", db " + d.index());
            }
        }
        assertEquals(OPS, ops.size(), "every operation ran");
        for (Database d : dbs) {
            d.clear();
            assertEquals(0, d.accountedBytes());
        }
    }
}
