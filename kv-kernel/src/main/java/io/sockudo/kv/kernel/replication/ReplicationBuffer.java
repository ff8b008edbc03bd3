package io.sockudo.kv.kernel.replication;

import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.Decimal;

/**
 * The replication stream's bytes, as Redis 7's shared replication buffer: one chain of blocks that
 * the backlog and every replica read, so a byte is stored once however many replicas there are.
 * The backlog keeps the newest {@code repl-backlog-size} bytes (whole blocks, trimmed from the
 * head); a replica keeps a {@link Position} in the chain, which keeps the blocks it has not sent
 * yet alive (the garbage collector frees a block once neither the backlog nor a replica reaches it,
 * where Redis counts references).
 *
 * <p>Offsets are Redis's: {@link #offset()} is {@code master_repl_offset}, the number of bytes of
 * the stream so far; the first byte of the backlog has offset {@code offset - histlen + 1}.
 * Appends and reads of the chain's end happen under this object's lock; the bytes of a block below
 * its {@code used} mark never change, so they are sent without the lock.
 */
public final class ReplicationBuffer {
    /** Bytes per block (Redis's PROTO_REPLY_CHUNK_BYTES). */
    static final int BLOCK = 16 * 1024;

    /** One block of the chain. */
    static final class Block {
        final byte[] data;
        /** Bytes written; only grows. Read by senders under the buffer lock or after one. */
        int used;
        Block next;

        Block(int size) {
            data = new byte[size];
        }
    }

    /** A place in the chain: the next byte to read is {@code block.data[pos]}, with offset {@code offset + 1}. */
    record Position(Block block, int pos, long offset) {
    }

    private Block head;
    private Block tail;
    private long offset;
    private long histlen;
    private long size;
    private boolean active;

    /** Starts (or restarts) the backlog empty at {@code masterOffset} (creating it, or after FLUSHALL of history). */
    public synchronized void create(long masterOffset, long backlogSize) {
        head = tail = new Block(BLOCK);
        offset = masterOffset;
        histlen = 0;
        size = backlogSize;
        active = true;
    }

    /** Drops the backlog (repl-backlog-ttl passed without replicas); replicas' positions stay readable. */
    public synchronized void free() {
        active = false;
        head = tail = null;
        histlen = 0;
    }

    public synchronized boolean active() {
        return active;
    }

    public synchronized void resize(long backlogSize) {
        size = backlogSize;
        trim();
    }

    /** master_repl_offset. */
    public synchronized long offset() {
        return offset;
    }

    /** The history continues at {@code masterOffset} with nothing kept (a replica restarted from its RDB). */
    public synchronized void rebase(long masterOffset) {
        offset = masterOffset;
        histlen = 0;
        if (active) {
            head = tail = new Block(BLOCK);
        }
    }

    /** Sets the offset without bytes (a replica adopting its master's offset after a full sync). */
    public synchronized void resetAt(long masterOffset) {
        create(masterOffset, size);
    }

    public synchronized long histlen() {
        return histlen;
    }

    public synchronized long size() {
        return size;
    }

    /** repl_backlog_first_byte_offset. */
    public synchronized long firstByteOffset() {
        return active ? offset - histlen + 1 : 0;
    }

    /** Appends stream bytes. Caller holds this lock (the feed encodes straight into the chain). */
    void append(byte[] b, int off, int len) {
        while (len > 0) {
            Block t = tail;
            int room = t.data.length - t.used;
            if (room == 0) {
                Block n = new Block(BLOCK);
                t.next = n;
                tail = n;
                continue;
            }
            int k = Math.min(room, len);
            System.arraycopy(b, off, t.data, t.used, k);
            t.used += k;
            off += k;
            len -= k;
            offset += k;
            histlen += k;
        }
    }

    /** Appends {@code len} bytes of {@code src} from {@code from} (a master's stream, proxied without a copy in between). */
    void append(io.netty.buffer.ByteBuf src, int from, int len) {
        while (len > 0) {
            Block t = tail;
            int room = t.data.length - t.used;
            if (room == 0) {
                Block n = new Block(BLOCK);
                t.next = n;
                tail = n;
                continue;
            }
            int k = Math.min(room, len);
            src.getBytes(from, t.data, t.used, k);
            t.used += k;
            from += k;
            len -= k;
            offset += k;
            histlen += k;
        }
    }

    /**
     * Appends one command as RESP ({@code *<n>}, then {@code $<len>} and the bytes of each
     * argument). The common case — it fits in the tail block — is encoded in place in one pass;
     * otherwise it goes piece by piece across blocks. Caller holds this lock.
     */
    void appendCommand(byte[][] argv) {
        int need = 1 + Decimal.length(argv.length) + 2;
        for (byte[] a : argv) {
            need += 1 + Decimal.length(a.length) + 2 + a.length + 2;
        }
        Block t = tail;
        if (t.data.length - t.used < need) {
            appendCommandSlow(argv);
            return;
        }
        byte[] d = t.data;
        int p = RespWriter.putHeader(d, t.used, '*', argv.length);
        for (byte[] a : argv) {
            p = RespWriter.putHeader(d, p, '$', a.length);
            System.arraycopy(a, 0, d, p, a.length);
            p += a.length;
            d[p++] = '\r';
            d[p++] = '\n';
        }
        t.used = p;
        offset += need;
        histlen += need;
    }

    private final byte[] scratch = new byte[16];

    private void appendCommandSlow(byte[][] argv) {
        append(scratch, 0, RespWriter.putHeader(scratch, 0, '*', argv.length));
        for (byte[] a : argv) {
            append(scratch, 0, RespWriter.putHeader(scratch, 0, '$', a.length));
            append(a, 0, a.length);
            appendByte('\r');
            appendByte('\n');
        }
    }

    void appendByte(int c) {
        Block t = tail;
        if (t.used == t.data.length) {
            Block n = new Block(BLOCK);
            t.next = n;
            tail = n;
            t = n;
        }
        t.data[t.used++] = (byte) c;
        offset++;
        histlen++;
    }

    /** Public form of {@link #append} for raw bytes proxied from a master (takes the lock). */
    public synchronized void appendRaw(byte[] b, int off, int len) {
        append(b, off, len);
        trim();
    }

    /** After appending a unit: drops whole blocks from the head while the rest still covers the backlog size. */
    void trim() {
        while (head != tail && histlen - head.used >= size) {
            histlen -= head.used;
            head = head.next;
        }
    }

    /** The end of the stream: where a replica that needs everything from now on starts. Caller holds the lock. */
    Position endLocked() {
        return new Position(tail, tail.used, offset);
    }

    public synchronized Position end() {
        return endLocked();
    }

    /**
     * Where the byte with offset {@code from} (1-based, as PSYNC sends it) is, or null when the
     * backlog does not hold it (Redis's masterTryPartialResynchronization range check).
     */
    synchronized Position at(long from) {
        if (!active) {
            return null;
        }
        long first = offset - histlen + 1;
        if (from < first || from > offset + 1) {
            return null;
        }
        long skip = from - first;
        Block b = head;
        while (skip > b.used || (skip == b.used && b.next != null)) {
            skip -= b.used;
            b = b.next;
        }
        return new Position(b, (int) skip, from - 1);
    }
}
