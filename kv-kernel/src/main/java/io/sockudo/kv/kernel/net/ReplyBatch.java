package io.sockudo.kv.kernel.net;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayList;
import java.util.List;

/**
 * Group commit for {@code appendfsync always}: instead of each connection making the AOF durable
 * and flushing on its own, the connections of one event loop that have replies in an iteration
 * join a batch; a task queued on the loop (it runs after the iteration's I/O) makes the AOF
 * durable once ({@code beforeReplies}) and then flushes every one of them, as Redis's beforeSleep
 * fsyncs once before writing the replies of all clients.
 */
final class ReplyBatch {
    private static final FastThreadLocal<ReplyBatch> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected ReplyBatch initialValue() {
            return new ReplyBatch();
        }
    };

    private List<ConnectionHandler> waiting = new ArrayList<>();
    private List<ConnectionHandler> flushing = new ArrayList<>();
    private Runnable beforeReplies;
    private final Runnable run = this::run;

    /** Adds {@code h} to its loop's batch (called on that loop). */
    static void join(EventExecutor loop, ConnectionHandler h, Runnable beforeReplies) {
        ReplyBatch b = PER_LOOP.get();
        if (b.waiting.isEmpty()) {
            b.beforeReplies = beforeReplies;
            loop.execute(b.run);
        }
        b.waiting.add(h);
    }

    private void run() {
        beforeReplies.run();
        List<ConnectionHandler> now = waiting;
        waiting = flushing;
        flushing = now;
        for (ConnectionHandler h : now) {
            h.flushBatched();
        }
        now.clear();
    }
}
