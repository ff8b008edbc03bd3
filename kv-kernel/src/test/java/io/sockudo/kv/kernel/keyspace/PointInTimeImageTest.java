package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A point-in-time image holds exactly the keys and values of its start, whatever commands do
 * meanwhile: in-place changes through the write lookup, overwrites, deletes, renames, expiry
 * changes, new keys, FLUSHDB and SWAPDB; and the next image holds exactly the state of its own start.
 */
class PointInTimeImageTest {
    /** A mutable value, changed in place as list or hash commands change theirs. */
    static final class Box implements KvValue {
        /**
         * Boxes of an odd-length text have an inline form: the kernel packs them, so images cover
         * both entry forms and the transitions between them.
         */
        static final io.sockudo.kv.spi.InlineCodec INLINE = new io.sockudo.kv.spi.InlineCodec() {
            @Override
            public int inlineLength(KvValue value) {
                String t = ((Box) value).v;
                return t.length() % 2 == 1 ? t.length() : -1;
            }

            @Override
            public void writeInline(KvValue value, byte[] dst, int off) {
                byte[] b = ((Box) value).v.getBytes(StandardCharsets.ISO_8859_1);
                System.arraycopy(b, 0, dst, off, b.length);
            }

            @Override
            public KvValue view(byte[] src, int off, int len) {
                return new Box(new String(src, off, len, StandardCharsets.ISO_8859_1));
            }

            @Override
            public KvValue inflate(byte[] src, int off, int len) {
                return view(src, off, len);
            }
        };
        static final ValueType TYPE = new ValueType() {
            @Override
            public String name() {
                return "box";
            }

            @Override
            public io.sockudo.kv.spi.InlineCodec inlineCodec() {
                return INLINE;
            }
        };
        String v;

        Box(String v) {
            this.v = v;
        }

        @Override
        public ValueType type() {
            return TYPE;
        }

        @Override
        public String encoding() {
            return "raw";
        }

        @Override
        public long memoryUsage() {
            return 16;
        }

        @Override
        public KvValue copy() {
            return new Box(v);
        }
    }

    /** Records what the image received, per database: key -> value text and expiry. */
    static final class Recorder {
        final Map<Integer, Map<String, String>> dbs = new HashMap<>();
        int duplicates;

        ImageSink sink(int db) {
            return (key, value, expireAtMs, access) -> {
                synchronized (this) {
                    String prev = dbs.computeIfAbsent(db, d -> new TreeMap<>())
                            .put(new String(key, StandardCharsets.UTF_8), ((Box) value).v + "@" + expireAtMs);
                    if (prev != null) {
                        duplicates++;
                    }
                }
            };
        }
    }

    private final ShardLocks locks = new ShardLocks(4);
    private final Keyspaces ks = new Keyspaces(3, locks, new LruClock(), KeyspaceHooks.NONE);

    private static byte[] k(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The state of every database as the image would record it. */
    private Map<Integer, Map<String, String>> state() {
        Map<Integer, Map<String, String>> out = new HashMap<>();
        locks.lockMask(locks.allMask());
        try {
            for (int d = 0; d < ks.count(); d++) {
                Database db = ks.db(d);
                Map<byte[], KvValue> found = new java.util.IdentityHashMap<>();
                db.forEachKey(found::put); // no lookups while iterating: a lookup may move entries (rehash step)
                Map<String, String> m = new TreeMap<>();
                found.forEach((key, value) -> m.put(new String(key, StandardCharsets.UTF_8),
                        ((Box) value).v + "@" + db.expireAt(key)));
                if (!m.isEmpty()) {
                    out.put(d, m);
                }
            }
        } finally {
            locks.unlockMask(locks.allMask());
        }
        return out;
    }

    private void all(Runnable r) {
        locks.lockMask(locks.allMask());
        try {
            r.run();
        } finally {
            locks.unlockMask(locks.allMask());
        }
    }

    /** Runs an image to its end, calling {@code during} between the saver's steps. */
    private Recorder image(Runnable during) {
        Recorder rec = new Recorder();
        DatabaseImage[] images = ks.beginImage(rec::sink, () -> { });
        boolean more = true;
        while (more) {
            more = false;
            for (DatabaseImage img : images) {
                if (img.step(rec.sink(img.dbIndex()), 3)) {
                    more = true;
                }
            }
            during.run();
        }
        return rec;
    }

    @Test
    void imageIsThePointInTimeStateWhileCommandsWrite() {
        Random rnd = new Random(42);
        all(() -> {
            for (int i = 0; i < 2000; i++) {
                ks.db(i % 2).put(k("key" + i), new Box("v" + i), i % 7 == 0 ? 4_000_000_000_000L + i : -1);
            }
        });
        for (int round = 0; round < 3; round++) {
            Map<Integer, Map<String, String>> before = state();
            int r = round;
            Recorder rec = image(() -> all(() -> {
                for (int n = 0; n < 20; n++) {
                    int i = rnd.nextInt(2500);
                    Database db = ks.db(rnd.nextInt(2));
                    byte[] key = k("key" + i);
                    switch (rnd.nextInt(7)) {
                        case 0 -> {
                            KvValue v = db.get(key);
                            if (v != null) {
                                ((Box) v).v = "changed" + r; // in place, after the write lookup
                            }
                        }
                        case 1 -> db.put(key, new Box("new" + r));
                        case 2 -> db.delete(key);
                        case 3 -> db.transfer(key, ks.db(rnd.nextInt(3)), k("moved" + i));
                        case 4 -> db.setExpireAt(key, 5_000_000_000_000L);
                        case 5 -> db.persist(key);
                        default -> db.putKeepTtl(key, new Box("kept" + r));
                    }
                }
            }));
            assertEquals(0, rec.duplicates, "a key reached the image twice");
            assertEquals(before, rec.dbs, "round " + round);
        }
    }

    @Test
    void flushAndSwapDuringAnImage() {
        all(() -> {
            for (int i = 0; i < 500; i++) {
                ks.db(0).put(k("a" + i), new Box("a" + i));
                ks.db(1).put(k("b" + i), new Box("b" + i));
            }
        });
        Map<Integer, Map<String, String>> before = state();
        int[] step = {0};
        Recorder rec = image(() -> all(() -> {
            switch (step[0]++) {
                case 2 -> ks.db(0).swapWith(ks.db(1));
                case 4 -> {
                    ((Box) ks.db(0).get(k("b7"))).v = "after swap";
                    ks.db(1).delete(k("a8"));
                }
                case 6 -> ks.db(1).clear();
                case 8 -> ks.db(1).put(k("fresh"), new Box("x"));
                default -> {
                }
            }
        }));
        assertEquals(before, rec.dbs);
        // the next image sees the state at its own start
        Map<Integer, Map<String, String>> now = state();
        assertTrue(now.get(0).containsKey("b7"));
        assertEquals(now, image(() -> { }).dbs);
    }

    @Test
    void abandonedImageLeavesEveryKeyReadyForTheNext() {
        all(() -> {
            for (int i = 0; i < 300; i++) {
                ks.db(0).put(k("k" + i), new Box("v" + i));
            }
        });
        Recorder first = new Recorder();
        DatabaseImage[] images = ks.beginImage(first::sink, () -> { });
        images[0].step(first.sink(0), 2);
        for (DatabaseImage img : images) {
            img.abandon();
        }
        Map<Integer, Map<String, String>> now = state();
        assertEquals(now, image(() -> { }).dbs);
    }
}
