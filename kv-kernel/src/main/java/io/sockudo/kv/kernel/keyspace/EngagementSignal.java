package io.sockudo.kv.kernel.keyspace;

/**
 * What a {@link WriteObserver} runs when its {@link WriteObserver#engaged} may have changed: every
 * callback {@link WriteObserver#onEngagementChange} handed it, in the order given (an observer in
 * several lists gets one per list).
 */
public final class EngagementSignal {
    private volatile Runnable callbacks = () -> { };

    /** Adds a callback (at start-up, when the observer joins a list). */
    public synchronized void add(Runnable callback) {
        Runnable before = callbacks;
        callbacks = () -> {
            before.run();
            callback.run();
        };
    }

    /** Runs every callback. */
    public void fire() {
        callbacks.run();
    }
}
