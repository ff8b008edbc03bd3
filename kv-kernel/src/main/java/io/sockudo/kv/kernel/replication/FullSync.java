package io.sockudo.kv.kernel.replication;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.sockudo.kv.kernel.persistence.ImageWriter;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.kernel.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One full synchronisation: a point-in-time image (no fork: {@link ImageWriter}) written as an RDB
 * either to disk ({@code dbfilename}, then sent to each replica as {@code $<size>} and the file)
 * or straight to the replicas' sockets ({@code $EOF:<mark>}, the RDB, the mark), while the stream
 * after the image's instant accumulates for them in the shared buffer. The image's instant and
 * the replicas' place in the stream are taken together, under every shard lock and between two
 * units of the propagation stream, so the RDB plus the stream from that place is exactly the
 * master's history.
 */
final class FullSync {
    private static final Logger LOG = LoggerFactory.getLogger(FullSync.class);
    /** Diskless chunks written to the sockets before waiting for the oldest one. */
    private static final int CHUNKS_IN_FLIGHT = 16;
    private static final int CHUNK = 64 * 1024;

    private final MasterRole master;
    final boolean diskless;
    final List<ReplicaHandle> targets = new CopyOnWriteArrayList<>();
    private ReplicationBuffer.Position start;
    private long startOffset;
    private String replid;
    private RdbAux[] replAux;
    private ImageWriter image;
    private volatile boolean done;

    FullSync(MasterRole master, boolean diskless, List<ReplicaHandle> replicas) {
        this.master = master;
        this.diskless = diskless;
        this.targets.addAll(replicas);
    }

    /** Takes the image now (the caller holds the image guard) and tells each replica FULLRESYNC. */
    void begin() {
        image = master.newImage(() -> master.propagation().exclusive(() -> {
            ReplicationBuffer buffer = master.buffer();
            synchronized (buffer) {
                master.feed().forgetDb();
                start = buffer.endLocked();
                startOffset = start.offset();
            }
            replid = master.ids().replid();
            replAux = master.replicationAux();
            if (replAux == null) {
                replAux = RdbAux.replication(0, replid, startOffset);
            }
        }));
        String mark = diskless ? randomMark() : null;
        this.eofMark = mark;
        for (ReplicaHandle r : targets) {
            attach(r);
        }
        Thread t = new Thread(this::run, diskless ? "kv-repl-diskless" : "kv-repl-bgsave");
        t.setDaemon(true);
        t.start();
    }

    private String eofMark;

    /** A replica joins (at start, or a disk sync in progress it can share): its stream starts at the image. */
    void attach(ReplicaHandle r) {
        if (!targets.contains(r)) {
            targets.add(r);
        }
        r.startAt(start);
        r.state = ReplicaHandle.State.WAIT_BGSAVE_END;
        String reply = r.psyncRequested ? "+FULLRESYNC " + replid + " " + startOffset + "\r\n" : "";
        if (diskless) {
            reply += "$EOF:" + eofMark + "\r\n";
        }
        if (!reply.isEmpty()) {
            r.sendText(reply);
        }
        LOG.info("Starting BGSAVE for SYNC with target: {} (replica {}:{})", diskless ? "replicas sockets" : "disk",
                r.ip(), r.listeningPort);
    }

    boolean canAttach() {
        return !diskless && !done && start != null;
    }

    private static String randomMark() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(40);
        for (int i = 0; i < 40; i++) {
            sb.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return sb.toString();
    }

    private RdbAux[] aux() {
        return RdbAux.withReplication(RdbAux.standard(Version.REDIS_VERSION, System.currentTimeMillis() / 1000,
                Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), false), replAux);
    }

    private void run() {
        try {
            if (diskless) {
                runDiskless();
            } else {
                runDisk();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Full synchronization failed: {}", e.toString());
            for (ReplicaHandle r : targets) {
                r.close(null);
            }
        } finally {
            done = true;
            master.syncFinished(this);
        }
    }

    private void runDisk() throws IOException {
        Path target = master.rdbFile();
        Path temp = target.resolveSibling("temp-" + ProcessHandle.current().pid() + "-repl.rdb");
        long t0 = System.nanoTime();
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            RdbWriter w = master.newRdbWriter(out);
            w.header(aux());
            image.writeKeys(w);
            w.finish();
            out.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            image.abandon();
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        done = true; // later replicas start a new image: this one's file may be replaced meanwhile
        LOG.info("Background RDB transfer started: DB saved on disk in {} ms", (System.nanoTime() - t0) / 1_000_000);
        File file = target.toFile();
        long size = file.length();
        for (ReplicaHandle r : targets) {
            if (!r.closedNow()) {
                r.sendRdbFile(file, size);
            }
        }
    }

    private void runDiskless() throws IOException {
        SocketsOutput out = new SocketsOutput();
        try {
            RdbWriter w = master.newRdbWriter(out);
            w.header(aux());
            image.writeKeys(w);
            w.finish();
            out.write(eofMark.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            out.drain();
        } catch (IOException | RuntimeException e) {
            image.abandon();
            throw e;
        }
        for (ReplicaHandle r : targets) {
            if (!r.closedNow()) {
                // Redis 7.0: a diskless replica goes online when it acknowledges the loaded RDB
                r.startOnAck = true;
                r.state = ReplicaHandle.State.SEND_BULK;
            }
        }
        LOG.info("Diskless RDB transfer done, waiting for the replicas' first REPLCONF ACK");
    }

    /**
     * The diskless RDB to every target socket: 64 KB chunks, each written to every live replica;
     * at most {@link #CHUNKS_IN_FLIGHT} chunks wait for a socket, so the image walks no faster
     * than the slowest replica reads (a replica silent past repl-timeout is dropped).
     */
    private final class SocketsOutput extends OutputStream {
        private byte[] buf = new byte[CHUNK];
        private int len;
        private final ArrayDeque<ChannelFuture[]> inFlight = new ArrayDeque<>();

        @Override
        public void write(int b) throws IOException {
            if (len == buf.length) {
                flush();
            }
            buf[len++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            while (n > 0) {
                if (len == buf.length) {
                    flush();
                }
                int k = Math.min(n, buf.length - len);
                System.arraycopy(b, off, buf, len, k);
                len += k;
                off += k;
                n -= k;
            }
        }

        @Override
        public void flush() throws IOException {
            if (len == 0) {
                return;
            }
            while (inFlight.size() >= CHUNKS_IN_FLIGHT) {
                awaitOldest();
            }
            byte[] chunk = buf;
            int n = len;
            buf = new byte[CHUNK];
            len = 0;
            ChannelFuture[] futures = new ChannelFuture[targets.size()];
            int i = 0;
            boolean any = false;
            for (ReplicaHandle r : targets) {
                if (i == futures.length) {
                    break;
                }
                if (!r.closedNow()) {
                    futures[i] = r.sendBulkChunk(Unpooled.wrappedBuffer(chunk, 0, n));
                    any = true;
                }
                i++;
            }
            if (!any) {
                throw new IOException("no replica left to receive the RDB");
            }
            inFlight.addLast(futures);
        }

        void drain() throws IOException {
            while (!inFlight.isEmpty()) {
                awaitOldest();
            }
        }

        private void awaitOldest() throws IOException {
            ChannelFuture[] oldest = inFlight.pollFirst();
            long timeoutMs = master.replTimeoutMillis();
            int i = 0;
            for (ReplicaHandle r : targets) {
                if (i >= oldest.length) {
                    break;
                }
                ChannelFuture f = oldest[i++];
                if (f == null) {
                    continue;
                }
                try {
                    if (!f.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                        r.close("timeout sending the RDB");
                    } else if (!f.isSuccess()) {
                        r.close("error sending the RDB: " + f.cause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
        }
    }
}
