package io.sockudo.kv.kernel.replication;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultFileRegion;
import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.kernel.client.OutputBufferGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A master's view of one replica connection (Redis's client with CLIENT_SLAVE): its handshake
 * facts (listening port, address, capabilities), its state in a full sync, the offset it
 * acknowledged, and its place in the {@link ReplicationBuffer}. Once the connection turned into a
 * replica (PSYNC or SYNC) everything it receives is written here, on the connection's event
 * loop, in order; the connection's own replies are switched off so nothing can interleave.
 *
 * <p>The stream is sent in slices of the shared blocks (no copy), at most {@link #MAX_IN_FLIGHT}
 * bytes not yet taken by the socket at a time; what the replica has not been sent counts toward
 * its {@code client-output-buffer-limit replica}, checked whenever there is more to send.
 */
final class ReplicaHandle {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaHandle.class);
    static final long MAX_IN_FLIGHT = 4L << 20;

    enum State {
        WAIT_BGSAVE_START("wait_bgsave"), WAIT_BGSAVE_END("wait_bgsave"), SEND_BULK("send_bulk"), ONLINE("online");

        final String shown;

        State(String shown) {
            this.shown = shown;
        }
    }

    final Client client;
    final Channel channel;
    private final ReplicationBuffer buffer;
    private final OutputBufferGuard guard;
    private final Runnable onClose;
    final int listeningPort;
    final String announcedIp;
    final boolean capaEof;
    final boolean capaPsync2;

    /** PSYNC (told FULLRESYNC/CONTINUE) rather than the old SYNC (sent the RDB only). */
    volatile boolean psyncRequested;
    volatile State state = State.WAIT_BGSAVE_START;
    /** When it started waiting for a full sync (repl-diskless-sync-delay). */
    final long createdMillis = System.currentTimeMillis();
    volatile long ackOffset;
    /** The stream offset its AOF fsynced (REPLCONF ACK ... FACK; Redis 7.2 replicas), 0 when never told. */
    volatile long ackAofOffset;
    volatile long ackMillis = System.currentTimeMillis();
    /** Diskless: the stream starts when the replica acknowledges the loaded RDB. */
    volatile boolean startOnAck;

    // ---- on the event loop -----------------------------------------------------------------------
    private volatile ReplicationBuffer.Position position;
    private boolean streaming;
    private long inFlight;
    private boolean stalled;
    private volatile boolean closed;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable pump = this::pump;

    ReplicaHandle(Client client, ReplicationBuffer buffer, OutputBufferGuard guard, Runnable onClose,
                  int listeningPort, String announcedIp, boolean capaEof, boolean capaPsync2) {
        this.client = client;
        this.channel = client.channel();
        this.buffer = buffer;
        this.guard = guard;
        this.onClose = onClose;
        this.listeningPort = listeningPort;
        this.announcedIp = announcedIp;
        this.capaEof = capaEof;
        this.capaPsync2 = capaPsync2;
        channel.closeFuture().addListener(f -> closed());
    }

    /** The address ROLE and INFO show: the announced one, else the peer's. */
    String ip() {
        if (announcedIp != null && !announcedIp.isEmpty()) {
            return announcedIp;
        }
        if (channel.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            return a.getAddress().getHostAddress();
        }
        return "?";
    }

    boolean closedNow() {
        return closed;
    }

    /** The place in the stream from which this replica is sent bytes (set before it streams). */
    void startAt(ReplicationBuffer.Position p) {
        position = p;
    }

    /** Bytes of the stream this replica still needs (part of its output-buffer memory). */
    long pendingStreamBytes() {
        ReplicationBuffer.Position p = position;
        return p == null ? 0 : Math.max(0, buffer.offset() - p.offset());
    }

    /** Writes protocol bytes (FULLRESYNC, CONTINUE, newlines) on the loop, in order with the rest. */
    void sendText(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        channel.eventLoop().execute(() -> {
            if (!closed) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(b), channel.voidPromise());
            }
        });
    }

    /** From any thread: writes a chunk of the diskless RDB; the future completes when the socket took it. */
    ChannelFuture sendBulkChunk(ByteBuf chunk) {
        return channel.writeAndFlush(chunk);
    }

    /** The disk-based transfer: {@code $<size>\r\n} then the file, then the stream. */
    void sendRdbFile(File file, long size) {
        channel.eventLoop().execute(() -> {
            if (closed) {
                return;
            }
            state = State.SEND_BULK;
            channel.write(Unpooled.wrappedBuffer(("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                    channel.voidPromise());
            // SslHandler encrypts buffers only: over TLS the file goes in chunks instead of sendfile.
            io.netty.util.concurrent.Future<?> sent;
            if (channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) == null) {
                sent = channel.writeAndFlush(new DefaultFileRegion(file, 0, size));
            } else {
                io.netty.channel.ChannelPromise done = channel.newPromise();
                try {
                    writeChunks(java.nio.channels.FileChannel.open(file.toPath()), 0, size, done);
                } catch (java.io.IOException e) {
                    done.setFailure(e);
                }
                sent = done;
            }
            sent.addListener(f -> {
                if (f.isSuccess()) {
                    online();
                } else {
                    close("the RDB transfer failed: " + f.cause());
                }
            });
        });
    }

    /** Sends {@code file[pos, size)} in 64 KB buffers, each after the previous one was written. */
    private void writeChunks(java.nio.channels.FileChannel file, long pos, long size,
                             io.netty.channel.ChannelPromise done) {
        if (pos >= size) {
            closeQuietly(file);
            done.setSuccess();
            return;
        }
        int n = (int) Math.min(64 * 1024, size - pos);
        ByteBuf buf = channel.alloc().buffer(n);
        try {
            while (buf.writerIndex() < n) {
                if (buf.writeBytes(file, pos + buf.writerIndex(), n - buf.writerIndex()) < 0) {
                    throw new java.io.EOFException("RDB file shorter than announced");
                }
            }
        } catch (java.io.IOException e) {
            buf.release();
            closeQuietly(file);
            done.setFailure(e);
            return;
        }
        channel.writeAndFlush(buf).addListener(f -> {
            if (f.isSuccess()) {
                writeChunks(file, pos + n, size, done);
            } else {
                closeQuietly(file);
                done.setFailure(f.cause());
            }
        });
    }

    private static void closeQuietly(java.nio.channels.FileChannel file) {
        try {
            file.close();
        } catch (java.io.IOException ignored) {
            // read-only file: nothing was lost
        }
    }

    /** Starts streaming (after the RDB, or at once for a partial resync). Any thread. */
    void online() {
        channel.eventLoop().execute(() -> {
            if (closed) {
                return;
            }
            state = State.ONLINE;
            startOnAck = false;
            ackMillis = System.currentTimeMillis();
            streaming = true;
            LOG.info("Synchronization with replica {}:{} succeeded", ip(), listeningPort);
            pump();
        });
    }

    /** More stream bytes exist: schedules one pump on the replica's loop (from the feeding thread). */
    void wake() {
        if (!closed && scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(pump);
        }
    }

    private void pump() {
        scheduled.set(false);
        if (closed) {
            return;
        }
        if (streaming && !stalled) {
            ReplicationBuffer.Position end = buffer.end();
            ReplicationBuffer.Block b = position.block();
            int p = position.pos();
            long off = position.offset();
            boolean wrote = false;
            while (inFlight < MAX_IN_FLIGHT) {
                int limit = b == end.block() ? end.pos() : b.used;
                if (p < limit) {
                    int n = limit - p;
                    inFlight += n;
                    wrote = true;
                    channel.write(Unpooled.wrappedBuffer(b.data, p, n)).addListener(f -> written(n, f.isSuccess()));
                    off += n;
                    p = limit;
                }
                if (b == end.block() || b.next == null) {
                    break;
                }
                b = b.next;
                p = 0;
            }
            position = new ReplicationBuffer.Position(b, p, off);
            if (wrote) {
                channel.flush();
            }
            if (inFlight >= MAX_IN_FLIGHT) {
                stalled = true;
            }
        }
        checkLimit();
    }

    private void written(int n, boolean ok) {
        inFlight -= n;
        if (!ok) {
            close("write error");
            return;
        }
        if (stalled && inFlight < MAX_IN_FLIGHT / 2) {
            stalled = false;
            pump();
        }
    }

    /** client-output-buffer-limit replica: what is queued for it and not sent. On the loop. */
    void checkLimit() {
        long used = pendingStreamBytes() + Math.max(0, inFlight - io.sockudo.kv.kernel.client.Client.REPLY_BUFFER_BYTES);
        if (guard.exceeded(client, used, System.currentTimeMillis())) {
            LOG.warn("Client id={} addr={} laddr={} flags=S scheduled to be closed ASAP for overcoming of output "
                    + "buffer limits.", client.id(), client.peerAddress(), client.localAddress());
            close(null);
        }
    }

    /** Closes the replica's connection (the replica reconnects and resyncs). */
    void close(String why) {
        if (why != null) {
            LOG.warn("Connection with replica {}:{} lost: {}", ip(), listeningPort, why);
        }
        channel.close();
        closed();
    }

    private void closed() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }
}
