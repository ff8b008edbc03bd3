package io.sockudo.kv.kernel.replication;

import java.util.concurrent.ThreadLocalRandom;

/**
 * PSYNC2's identity of a history: the current replication id, and the previous one with the
 * offset up to which it is valid ({@code master_replid2}, {@code second_repl_offset}), so that
 * after a promotion the former siblings, who still name the old master's id, can continue
 * partially (Redis's {@code shiftReplicationId}).
 */
public final class ReplicationIds {
    static final String ZERO = "0000000000000000000000000000000000000000";

    private String replid = random();
    private String replid2 = ZERO;
    private long secondOffset = -1;

    static String random() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }

    public synchronized String replid() {
        return replid;
    }

    public synchronized String replid2() {
        return replid2;
    }

    public synchronized long secondOffset() {
        return secondOffset;
    }

    /** A new history (Redis's changeReplicationId). */
    synchronized void change() {
        replid = random();
    }

    synchronized void clearSecond() {
        replid2 = ZERO;
        secondOffset = -1;
    }

    /** Adopts the master's id (after a full sync, or a CONTINUE naming a new id). */
    synchronized void adopt(String id) {
        replid = id;
    }

    /**
     * Promotion (or a master that changed id): the old id stays valid up to {@code offset}, and a
     * new one starts (Redis's shiftReplicationId: second_repl_offset = master_repl_offset + 1).
     */
    synchronized void shift(long offset, String newId) {
        replid2 = replid;
        secondOffset = offset + 1;
        replid = newId == null ? random() : newId;
    }

    /**
     * A master restarted from a file that recorded history {@code id} up to {@code offset}: its own
     * id stays new, the file's becomes the secondary one, valid up to {@code offset} (Redis 7.0:
     * replid2 = the RDB's repl-id, second_repl_offset = repl-offset + 1).
     */
    synchronized void continueFrom(String id, long offset) {
        replid2 = id;
        secondOffset = offset + 1;
    }

    /** Redis's PSYNC acceptance test on the id: the current one, or the previous one up to its end. */
    synchronized boolean accepts(String id, long psyncOffset) {
        return id.equalsIgnoreCase(replid) || (id.equalsIgnoreCase(replid2) && psyncOffset <= secondOffset);
    }
}
