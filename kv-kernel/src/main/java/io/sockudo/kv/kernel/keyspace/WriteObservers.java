package io.sockudo.kv.kernel.keyspace;

import java.util.Arrays;

/** The {@link WriteObserver}s of the keyspace, iterated on every written key without an iterator. */
public final class WriteObservers {
    /** Copy-on-write array. */
    private volatile WriteObserver[] observers = new WriteObserver[0];

    public synchronized void add(WriteObserver o) {
        WriteObserver[] grown = Arrays.copyOf(observers, observers.length + 1);
        grown[observers.length] = o;
        observers = grown;
    }

    public void keyWritten(Database db, byte[] key) {
        for (WriteObserver o : observers) {
            o.keyWritten(db, key);
        }
    }

    public void contentsReplaced(Database db, Database replacement) {
        for (WriteObserver o : observers) {
            o.contentsReplaced(db, replacement);
        }
    }
}
