package io.sockudo.kv.kernel.replication;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * The master's RDB as it arrives on the link, read by the load thread while it arrives (Redis's
 * diskless load, which parses straight from the socket): the link's event loop hands each received
 * slice over ({@link #offer}); the loader reads it as an {@link InputStream}. The event loop never
 * waits: when more than {@link #HIGH} bytes wait for the loader the link stops reading from the
 * socket, and reads again once the loader drained them below {@link #LOW}.
 */
final class SocketRdbStream extends InputStream {
    static final long HIGH = 8L << 20;
    static final long LOW = 2L << 20;

    private final Channel channel;
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private byte[] current;
    private int pos;
    private long queued;
    private boolean ended;
    private String failure;
    private boolean paused;

    SocketRdbStream(Channel channel) {
        this.channel = channel;
    }

    /** On the link's loop: {@code n} bytes of {@code in} are the RDB's next bytes. */
    void offer(ByteBuf in, int n) {
        byte[] b = new byte[n];
        in.readBytes(b);
        boolean pause;
        synchronized (this) {
            chunks.addLast(b);
            queued += n;
            notifyAll();
            pause = queued > HIGH && !paused;
            if (pause) {
                paused = true;
            }
        }
        if (pause) {
            channel.config().setAutoRead(false);
        }
    }

    /** On the link's loop: the RDB is complete. */
    synchronized void end() {
        ended = true;
        notifyAll();
    }

    /** The transfer failed (link closed): the loader's next read throws. */
    synchronized void fail(String why) {
        failure = why;
        notifyAll();
    }

    private boolean nextChunk() throws IOException {
        boolean resume = false;
        byte[] next;
        synchronized (this) {
            while (chunks.isEmpty() && !ended && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            if (failure != null) {
                throw new IOException(failure);
            }
            next = chunks.pollFirst();
            if (next == null) {
                return false; // ended
            }
            queued -= next.length;
            if (paused && queued < LOW) {
                paused = false;
                resume = true;
            }
        }
        if (resume) {
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
        current = next;
        pos = 0;
        return true;
    }

    @Override
    public int read() throws IOException {
        while (current == null || pos == current.length) {
            if (!nextChunk()) {
                return -1;
            }
        }
        return current[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length) {
            if (!nextChunk()) {
                return -1;
            }
        }
        int k = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, k);
        pos += k;
        return k;
    }
}
