package io.sockudo.kv.kernel.keyspace;

/**
 * The saver's side of a point-in-time image of one {@link Database}: walks the shards the
 * database had when the image started, a few buckets at a time under the shard's lock, handing
 * every key not yet taken to the sink. Keys a command changes or deletes first were already handed
 * by the command to the database's copy-on-write sink ({@link Database#beginImage}); keys created
 * after the start are skipped. The shards are the ones of the start even if FLUSHDB or SWAPDB
 * replaced them since (then nobody else writes them any more, or their copy-on-write sink still
 * points at this image).
 */
public final class DatabaseImage {
    private final Database db;
    private final Shard[] shards;
    private final ShardLocks locks;
    private final ImageMark images;
    private final long keys;
    private final long volatileKeys;
    private int shard;
    private long cursor;

    DatabaseImage(Database db, Shard[] shards, ShardLocks locks, ImageMark images, long keys, long volatileKeys) {
        this.db = db;
        this.shards = shards;
        this.locks = locks;
        this.images = images;
        this.keys = keys;
        this.volatileKeys = volatileKeys;
    }

    public int dbIndex() {
        return db.index();
    }

    /** Keys when the image started (the RDB's RESIZEDB hint). */
    public long keys() {
        return keys;
    }

    public long volatileKeys() {
        return volatileKeys;
    }

    public boolean done() {
        return shard >= shards.length;
    }

    /**
     * Hands the not-yet-taken keys of up to {@code buckets} buckets to {@code out}, holding one shard
     * lock meanwhile. Returns false once the whole database was walked.
     */
    public boolean step(ImageSink out, int buckets) {
        if (done()) {
            return false;
        }
        int i = shard;
        locks.lock(i);
        try {
            Shard s = shards[i];
            int mark = images.mark;
            KeyTable.EntryVisitor take = o -> Database.take(o, mark, out);
            for (int n = 0; n < buckets; n++) {
                cursor = s.table.scan(cursor, take);
                if (cursor == 0) {
                    break;
                }
            }
            if (cursor == 0) {
                s.imageSink = null; // every key of this shard is taken: writers stop checking
                shard++;
            }
        } finally {
            locks.unlock(i);
        }
        return !done();
    }

    /** Walks the rest without writing anything (an image given up), so every key carries the mark again. */
    public void abandon() {
        while (step(ImageSink.DISCARD, 1024)) {
            Thread.onSpinWait();
        }
    }
}
