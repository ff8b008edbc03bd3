package io.sockudo.kv.kernel.util;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kernel's background threads ({@code kv-worker-N}): commands' offloaded work and modules'
 * background tasks run here, never on an event loop. One thread per core, since the work is CPU
 * bound and the event loops need cores too.
 */
public final class WorkerPool implements AutoCloseable {
    private final ScheduledExecutorService executor;

    public WorkerPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, "kv-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = Executors.newScheduledThreadPool(Math.max(1, threads), f);
    }

    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Runs {@code task} after {@code delayMillis}; the returned action cancels it if not started. */
    public Runnable schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
