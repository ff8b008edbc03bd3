package io.sockudo.kv.search.index;

import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.text.Synonyms;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A live index: its definition, its data and how both are kept consistent.
 *
 * <h2>Concurrency</h2>
 * Writers to the keyspace never wait for the index: the keyspace listener (holding the changed
 * key's lock) copies the document's raw field values into a {@link RawDoc} and appends it to
 * {@link #pending}. Changes of one key are appended in the order they happened (they all hold
 * that key's lock), so applying the queue in order leaves each document as its last write left
 * it. A background task drains the queue: it turns a batch of raw documents into prepared ones
 * (tokenizing, parsing) without any lock, then applies the batch under the write lock.
 * Only one drainer runs at a time ({@link #drainLock}), which keeps the queue order.
 *
 * <p>A query first drains whatever is pending (so it sees every write that finished before it
 * started), then evaluates under the read lock. Lock order: a key's lock, then {@code drainLock},
 * then the index lock; queries never take a key's lock while holding an index lock (documents
 * are loaded after the evaluation released it), so no cycle exists.
 *
 * <p>When the queue grows past {@link #BACKLOG_LIMIT} each write also applies a few queued changes
 * itself (backpressure).
 */
public final class SearchIndex {
    static final int BACKLOG_LIMIT = 100_000;
    private static final int BATCH = 512;
    private static final int BACKPRESSURE_BATCH = 32;

    public final IndexSpec spec;
    public final Synonyms synonyms = new Synonyms();
    final IndexData data;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ReentrantLock drainLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<RawDoc> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Consumer<Runnable> executor;
    private volatile boolean dropped;

    // ---- statistics and scan state (FT.INFO)
    public final AtomicLong uses = new AtomicLong();
    public final AtomicLong indexingNanos = new AtomicLong();
    volatile boolean scanning;
    volatile long scanTotal;
    final AtomicLong scanDone = new AtomicLong();
    /** Bumped by every scan start so a superseded scan stops. */
    final AtomicInteger scanGeneration = new AtomicInteger();
    public final long createdAt = System.currentTimeMillis();
    public volatile long lastUsed = System.currentTimeMillis();
    private volatile long lastWrite = System.currentTimeMillis();

    /** When the index last queued a document change (TEMPORARY indexes expire when idle). */
    public long lastWrite() {
        return lastWrite;
    }
    public final int[] dialectUses = new int[5];

    /** The FT.CREATE FILTER, or null. */
    private volatile DocFilter filter;

    /** Decides whether a document belongs to an index (FT.CREATE ... FILTER). */
    public interface DocFilter {
        boolean accepts(byte[] key, io.sockudo.kv.spi.DocumentView doc);
    }

    public void filter(DocFilter f) {
        this.filter = f;
    }

    /** Whether the FILTER (if any) accepts the document (called under the key's lock). */
    boolean accepts(byte[] key, io.sockudo.kv.spi.DocumentView doc) {
        DocFilter f = filter;
        return f == null || f.accepts(key, doc);
    }

    public SearchIndex(IndexSpec spec, Consumer<Runnable> executor) {
        this.spec = spec;
        this.data = new IndexData(spec);
        this.executor = executor;
    }

    // ------------------------------------------------------------------ writes

    /** Queues a document change (called by the listener under the key's lock). */
    public void enqueue(RawDoc raw) {
        if (dropped) {
            return;
        }
        lastWrite = System.currentTimeMillis();
        pending.add(raw);
        if (pendingCount.incrementAndGet() > BACKLOG_LIMIT) {
            // backpressure: the writer applies a few queued changes itself, which slows writes
            // down to the indexing rate without a long pause
            drainLock.lock();
            try {
                drainLocked(BACKPRESSURE_BATCH);
            } finally {
                drainLock.unlock();
            }
        }
        if (drainScheduled.compareAndSet(false, true)) {
            executor.accept(this::backgroundDrain);
        }
    }

    /** Queues the removal of {@code key}. */
    public void enqueueDelete(byte[] key) {
        enqueue(RawDoc.delete(key));
    }

    /** Queues emptying the whole index (after FLUSHALL / SWAPDB). */
    public void enqueueClear() {
        enqueue(RawDoc.CLEAR);
    }

    private void backgroundDrain() {
        // the flag stays set while draining, so writers meanwhile do not park a second worker on
        // drainLock; anything queued after the drain's last poll is seen by the check below
        drain();
        drainScheduled.set(false);
        if (pendingCount.get() > 0 && drainScheduled.compareAndSet(false, true)) {
            executor.accept(this::backgroundDrain);
        }
    }

    /** Applies everything queued so far (in order). */
    public void drain() {
        // batch by batch, releasing drainLock in between (writers under backpressure interleave)
        while (pendingCount.get() > 0) {
            drainLock.lock();
            try {
                drainLocked(BATCH);
            } finally {
                drainLock.unlock();
            }
        }
    }

    private void drainLocked() {
        drainLocked(Integer.MAX_VALUE);
    }

    /** Applies up to about {@code maxDocs} queued changes (whole batches), in order. */
    private void drainLocked(int maxDocs) {
        int done = 0;
        List<RawDoc> batch = new ArrayList<>(BATCH);
        List<Prepared> prepared = new ArrayList<>(BATCH);
        while (done < maxDocs) {
            batch.clear();
            RawDoc r;
            int size = Math.min(BATCH, maxDocs - done);
            while (batch.size() < size && (r = pending.poll()) != null) {
                batch.add(r);
            }
            if (batch.isEmpty()) {
                return;
            }
            pendingCount.addAndGet(-batch.size());
            done += batch.size();
            long start = System.nanoTime();
            prepared.clear();
            for (RawDoc raw : batch) {
                prepared.add(raw == RawDoc.CLEAR || raw.delete ? null : Processor.prepare(spec, synonyms, raw));
            }
            lock.writeLock().lock();
            try {
                data.syncFields();
                for (int i = 0; i < batch.size(); i++) {
                    RawDoc raw = batch.get(i);
                    if (raw == RawDoc.CLEAR) {
                        data.clear();
                    } else if (raw.delete) {
                        data.delete(raw.key);
                    } else {
                        data.apply(prepared.get(i));
                    }
                }
            } finally {
                lock.writeLock().unlock();
            }
            indexingNanos.addAndGet(System.nanoTime() - start);
        }
    }

    // ------------------------------------------------------------------ reads

    /**
     * Runs {@code reader} on the index data after applying pending writes, under the read lock.
     * The reader must not take a key's lock and must not keep references to mutable structures
     * after it returns.
     */
    public <T> T read(Function<IndexData, T> reader) {
        drainLock.lock();
        try {
            drainLocked();
            lock.readLock().lock();
        } finally {
            drainLock.unlock();
        }
        try {
            return reader.apply(data);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Backlogs up to this size are applied before FT.INFO answers (a client sees its own writes). */
    static final int STATS_DRAIN_LIMIT = 1_000;

    /**
     * Runs {@code reader} for statistics (FT.INFO): like {@link #read} when little is queued, but
     * with a large backlog (a bulk load, an initial scan) it answers at once from what is indexed
     * so far instead of waiting for the whole backlog; {@link #pending()} tells how much is left.
     */
    public <T> T readStats(Function<IndexData, T> reader) {
        if (pendingCount.get() <= STATS_DRAIN_LIMIT) {
            return read(reader);
        }
        lock.readLock().lock();
        try {
            return reader.apply(data);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs {@code writer} on the data under the write lock, after pending writes. */
    public <T> T write(Function<IndexData, T> writer) {
        drainLock.lock();
        try {
            drainLocked();
            lock.writeLock().lock();
            try {
                return writer.apply(data);
            } finally {
                lock.writeLock().unlock();
            }
        } finally {
            drainLock.unlock();
        }
    }

    public int pending() {
        return pendingCount.get();
    }

    public boolean dropped() {
        return dropped;
    }

    /** Stops all work on this index (FT.DROPINDEX). */
    public void drop() {
        dropped = true;
        scanGeneration.incrementAndGet();
        scanning = false;
        pending.clear();
        pendingCount.set(0);
    }

    public boolean scanning() {
        return scanning;
    }

    /** Whether documents are still being indexed: a scan runs or changes are queued. */
    public boolean indexing() {
        return scanning || pendingCount.get() > 0;
    }

    /**
     * Progress of the background scan, or with none running, of the queued changes against the
     * indexed documents ({@code numDocs}); 1 when nothing is left.
     */
    public double percentIndexed(long numDocs) {
        if (!scanning) {
            int pending = pendingCount.get();
            return pending == 0 ? 1.0 : Math.min(0.99, (double) numDocs / (numDocs + pending));
        }
        long total = scanTotal;
        if (total <= 0) {
            return 0.0;
        }
        return Math.min(0.99, (double) scanDone.get() / total);
    }
}
