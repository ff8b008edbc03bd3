package io.sockudo.kv.kernel.propagation;

import java.util.List;

/**
 * A consumer of the propagation stream (the AOF, replication). Receives execution units in the
 * stream's total order, one call at a time, while the writers of the unit's keys still hold their
 * locks: it must only buffer (encode and queue), never block on I/O.
 */
public interface PropagationListener {
    /**
     * One execution unit: a single command, or several wrapped in MULTI ... EXEC. Each command
     * carries its database; the listener inserts SELECT where the database changes.
     */
    void onUnit(List<PropagatedCommand> unit);
}
