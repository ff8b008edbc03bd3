package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.persistence.rdb.RdbReader;
import io.sockudo.kv.kernel.persistence.rdb.RdbVisitor;
import io.sockudo.kv.spi.KvValue;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Reads an RDB file on a thread of its own while the loading thread (which holds every shard
 * lock) puts what was read into the databases: decoding (strings, listpacks, codecs) and inserting
 * run on two cores at once. The reader hands over batches of what it found, in file order; the
 * loading thread replays them on the real {@link RdbVisitor}, so every keyspace change still
 * happens on the thread holding the locks.
 *
 * <p>A module aux record is loaded by the reader (its loader reads the stream) only once the loading
 * thread has applied everything before it ({@link RdbVisitor#beforeModuleAux}), since such a loader
 * may look at the keys loaded so far. A failure on either side stops both: the reader's failure
 * is rethrown by {@link #run}, a failure of the loading thread makes the reader stop at its next key.
 */
final class LoadPipeline {
    private static final int BATCH = 512;
    private static final int OP_ENTRY = 0;
    private static final int OP_EMPTY = 1;
    private static final int OP_SELECT = 2;
    private static final int OP_RESIZE = 3;
    private static final int OP_FUNCTION = 4;
    private static final int OP_AUX = 5;

    /** A run of what the reader found; fresh per batch (short-lived, so the collector finds it cheap). */
    private static final class Batch {
        final byte[] op = new byte[BATCH];
        final int[] db = new int[BATCH];
        final byte[][] key = new byte[BATCH][];
        final KvValue[] value = new KvValue[BATCH];
        final long[] expireAt = new long[BATCH];
        final long[] idle = new long[BATCH];
        final int[] freq = new int[BATCH];
        byte[][] auxValue;
        int size;
        CountDownLatch barrier;
        /** Set on the last batch: the reader's outcome. */
        boolean last;
        Throwable failure;
        RdbReader.Summary summary;
    }

    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(8);
    private volatile boolean cancelled;

    /**
     * Reads {@code reader}'s file on a new thread and applies it to {@code target} on this one.
     *
     * @return the reader's summary
     */
    RdbReader.Summary run(RdbReader reader, RdbVisitor target) throws IOException {
        Thread t = new Thread(() -> produce(reader), "kv-rdb-reader");
        t.setDaemon(true);
        t.start();
        try {
            return consume(target);
        } catch (IOException | RuntimeException | Error e) {
            cancelled = true;
            stop(t);
            throw e;
        } catch (InterruptedException e) {
            cancelled = true;
            stop(t);
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("RDB load interrupted");
        }
    }

    /** Waits for a cancelled reader to notice and end. */
    private void stop(Thread reader) {
        boolean interrupted = false;
        while (reader.isAlive()) {
            queue.poll(); // unblock a reader waiting to hand over a batch
            try {
                reader.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private RdbReader.Summary consume(RdbVisitor v) throws IOException, InterruptedException {
        while (true) {
            Batch b = queue.take();
            for (int i = 0; i < b.size; i++) {
                switch (b.op[i]) {
                    case OP_ENTRY -> v.entry(b.db[i], b.key[i], b.value[i], b.expireAt[i], b.idle[i], b.freq[i]);
                    case OP_EMPTY -> v.emptyKey(b.db[i], b.key[i]);
                    case OP_SELECT -> v.selectDb(b.db[i]);
                    case OP_RESIZE -> v.resizeDb(b.expireAt[i], b.idle[i]);
                    case OP_FUNCTION -> v.function(b.key[i]);
                    case OP_AUX -> v.aux(b.key[i], b.auxValue[i]);
                    default -> {
                    }
                }
            }
            if (b.barrier != null) {
                b.barrier.countDown();
            }
            if (b.last) {
                if (b.failure instanceof IOException e) {
                    throw e;
                }
                if (b.failure instanceof RuntimeException e) {
                    throw e;
                }
                if (b.failure instanceof Error e) {
                    throw e;
                }
                return b.summary;
            }
        }
    }

    private void produce(RdbReader reader) {
        Producer p = new Producer();
        Batch last;
        try {
            RdbReader.Summary s = reader.read(p);
            last = p.current;
            last.summary = s;
        } catch (Throwable e) {
            last = p.current;
            last.failure = e;
        }
        last.last = true;
        try {
            hand(last);
        } catch (IOException e) {
            // cancelled: the loading thread has stopped already
        }
    }

    private void hand(Batch b) throws IOException {
        try {
            while (!queue.offer(b, 10, TimeUnit.MILLISECONDS)) {
                if (cancelled) {
                    throw new java.io.InterruptedIOException("load cancelled");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("load interrupted");
        }
    }

    /** The reader's side: fills batches, hands each over when full. */
    private final class Producer implements RdbVisitor {
        Batch current = new Batch();

        private int slot(int op) throws IOException {
            if (current.size == BATCH) {
                if (cancelled) {
                    throw new java.io.InterruptedIOException("load cancelled");
                }
                hand(current);
                current = new Batch();
            }
            int i = current.size++;
            current.op[i] = (byte) op;
            return i;
        }

        @Override
        public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq)
                throws IOException {
            int i = slot(OP_ENTRY);
            Batch b = current;
            b.db[i] = db;
            b.key[i] = key;
            b.value[i] = value;
            b.expireAt[i] = expireAtMs;
            b.idle[i] = lruIdleSeconds;
            b.freq[i] = lfuFreq;
        }

        @Override
        public void emptyKey(int db, byte[] key) throws IOException {
            int i = slot(OP_EMPTY);
            current.db[i] = db;
            current.key[i] = key;
        }

        @Override
        public void selectDb(int db) throws IOException {
            int i = slot(OP_SELECT);
            current.db[i] = db;
        }

        @Override
        public void resizeDb(long size, long expires) throws IOException {
            int i = slot(OP_RESIZE);
            current.expireAt[i] = size;
            current.idle[i] = expires;
        }

        @Override
        public void aux(byte[] key, byte[] value) throws IOException {
            int i = slot(OP_AUX);
            if (current.auxValue == null) {
                current.auxValue = new byte[BATCH][];
            }
            current.key[i] = key;
            current.auxValue[i] = value;
        }

        @Override
        public void function(byte[] code) throws IOException {
            int i = slot(OP_FUNCTION);
            current.key[i] = code;
        }

        @Override
        public void beforeModuleAux() throws IOException {
            Batch b = current;
            b.barrier = new CountDownLatch(1);
            hand(b);
            current = new Batch();
            try {
                while (!b.barrier.await(10, TimeUnit.MILLISECONDS)) {
                    if (cancelled) {
                        throw new java.io.InterruptedIOException("load cancelled");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("load interrupted");
            }
        }
    }
}
