package io.sockudo.kv.kernel.keyspace;

/**
 * Which keys the running point-in-time image has already taken. Every entry carries one bit of
 * its access data ({@link #BIT}); between images every entry's bit equals {@link #mark}. Starting an
 * image flips the mark (under every shard lock), which makes every existing key "not yet taken" at
 * once, without touching them; taking a key (by the saver, or by a write first) sets its bit to the
 * mark; keys created during the image get the mark at birth and are left out. When the image is
 * done every live key carries the mark again, ready for the next flip.
 */
public final class ImageMark {
    /** The bit of {@code Entry.access} that records it (LRU/LFU data use the low 24 bits). */
    static final int BIT = 1 << 31;
    /** The access data without the image bit. */
    static final int ACCESS = ~BIT;

    /** 0 or {@link #BIT}. Changed only with every shard lock held, read under one. */
    int mark;

    /** Starts a new image. Caller holds every shard lock. */
    void flip() {
        mark ^= BIT;
    }
}
