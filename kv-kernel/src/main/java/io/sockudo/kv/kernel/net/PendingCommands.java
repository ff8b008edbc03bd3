package io.sockudo.kv.kernel.net;

import java.util.ArrayDeque;

/**
 * A connection's commands parsed but not run yet (the client is blocked, held by CLIENT PAUSE or
 * yielding its turn), in arrival order, with the bytes they hold. Redis keeps such a backlog as
 * unparsed input in the query buffer, where client eviction and CLIENT LIST's {@code qbuf} see it;
 * here it is parsed already, so its size is counted as query buffer instead. Event loop only.
 */
final class PendingCommands {
    /** Per argument beyond its bytes: the array's header and its slot in the vector. */
    private static final int ARG_OVERHEAD = 16;

    private final ArrayDeque<byte[][]> queue = new ArrayDeque<>();
    private long bytes;

    boolean isEmpty() {
        return queue.isEmpty();
    }

    void addLast(byte[][] argv) {
        queue.addLast(argv);
        bytes += sizeOf(argv);
    }

    void addFirst(byte[][] argv) {
        queue.addFirst(argv);
        bytes += sizeOf(argv);
    }

    byte[][] pollFirst() {
        byte[][] argv = queue.pollFirst();
        if (argv != null) {
            bytes -= sizeOf(argv);
        }
        return argv;
    }

    void clear() {
        queue.clear();
        bytes = 0;
    }

    /** What the queued commands hold, in bytes. */
    long bytes() {
        return bytes;
    }

    private static long sizeOf(byte[][] argv) {
        long n = 0;
        for (byte[] a : argv) {
            n += a.length + ARG_OVERHEAD;
        }
        return n;
    }
}
