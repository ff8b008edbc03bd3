package io.sockudo.kv.kernel.persistence.aof;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.persistence.BackgroundImages;
import io.sockudo.kv.kernel.persistence.FunctionLibraries;
import io.sockudo.kv.kernel.persistence.CommandImage;
import io.sockudo.kv.kernel.persistence.ImageWriter;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationListener;
import io.sockudo.kv.kernel.propagation.PropagationStream;
import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.kernel.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Redis 7's multi-part append-only file: a base (an RDB written from a point-in-time image), the
 * incremental files that follow it, and the manifest naming them, in {@code dir/appenddirname}.
 * It consumes the propagation stream: each unit is encoded as RESP commands (SELECT where the
 * database changes) into a buffer. With {@code appendfsync always} the buffer is written and
 * forced to disk before any reply leaves the server ({@link #beforeReplies}, called by the
 * connections of an event loop once per loop iteration, before they flush: one fsync for all of
 * them); with {@code everysec} and {@code no} it is written behind the replies every 10 ms and
 * forced once a second (everysec) or left to the OS (no).
 *
 * <p>A rewrite (BGREWRITEAOF, CONFIG SET appendonly yes, auto-aof-rewrite-*) opens a new
 * incremental file at the instant its image starts, so the new base and the new incremental file
 * describe the same history the old base and old files do; the manifest lists both sets until the
 * base is on disk, then only the new ones, and the old files are deleted.
 */
public final class AppendOnlyFile implements PropagationListener {
    private static final Logger LOG = LoggerFactory.getLogger(AppendOnlyFile.class);
    private static final byte[] SELECT = "SELECT".getBytes(StandardCharsets.US_ASCII);

    private final ConfigRegistry config;
    private final Keyspaces keyspaces;
    private final TypeRegistry types;
    private final PropagationStream propagation;
    private final BackgroundImages images;
    private final FunctionLibraries functions;
    /** aof-timestamp-enabled, kept in a field: read for every unit. */
    private volatile boolean timestamps;
    /** appendfsync always, kept in a field: read before every reply flush. */
    private volatile boolean always;

    /**
     * Serialises the file work (write, fsync, switching files), so the buffer lock ({@code this})
     * is held only to append or to swap buffers: writers never wait for a disk. Order: shard locks,
     * then {@code io}, then {@code this}.
     */
    private final Object io = new Object();
    /** The buffer being written out by the holder of {@link #io} (swapped with {@link #buf}). */
    private byte[] spare = new byte[1 << 16];

    // ---- guarded by io -------------------------------------------------------------------------
    private FileChannel incr;
    private long incrSize;
    /** Written under io, read without a lock by the write-refusal check of every write command. */
    private volatile boolean lastWriteOk = true;
    /** Told when {@link #lastWriteOk} changes (the pipeline's DISK_ERROR gate). */
    private volatile Runnable writeStateChanged = () -> { };
    private volatile String lastWriteError = "";

    // ---- guarded by this -----------------------------------------------------------------------
    /** Written under this; also read without a lock (the per-flush group-commit check). */
    private volatile boolean enabled;
    /** Told each time the AOF is switched on or off (the server's write-behind timer follows it). */
    private volatile Runnable switched = () -> { };
    private AofManifest manifest;
    private int selectedDb = -1;
    /** The second of the last {@code #TS:} annotation (aof-timestamp-enabled). */
    private long annotatedSecond = -1;
    private byte[] buf = new byte[1 << 16];
    private int len;
    private long baseSize;
    private long sizeAtLastRewrite;
    private Thread rewriting;
    private boolean rewriteScheduled;
    private boolean lastRewriteOk = true;
    private long rewrites;
    private long lastRewriteSeconds = -1;
    private long rewriteStartMillis = -1;
    /** Set by every unit; read without the lock by {@link #beforeReplies} (the common case: nothing new). */
    private volatile boolean pending;
    /** Bytes appended since start (across files and rewrites): the positions WAITAOF compares. */
    private long appended;

    // ---- what the last fsync covered (WAITAOF, a replica's REPLCONF ACK ... FACK) ---------------
    /** The append position the last fsync reached. */
    private volatile long fsyncedPosition;
    /** The {@link #streamTag} value read before the buffer the last fsync covered was taken. */
    private volatile long fsyncedTag;
    /** On a replica: the replication offset applied so far (everything it counts is already appended). */
    private volatile LongSupplier streamTag = () -> 0;
    private final List<Runnable> fsyncListeners = new CopyOnWriteArrayList<>();

    public AppendOnlyFile(ConfigRegistry config, Keyspaces keyspaces, TypeRegistry types,
                          PropagationStream propagation, BackgroundImages images, FunctionLibraries functions) {
        this.functions = functions;
        this.config = config;
        this.keyspaces = keyspaces;
        this.types = types;
        this.propagation = propagation;
        this.images = images;
        this.timestamps = config.getBoolean("aof-timestamp-enabled");
        this.always = "always".equals(config.get("appendfsync"));
        config.onChange("appendfsync", v -> always = "always".equals(config.get("appendfsync")));
        config.onChange("aof-timestamp-enabled", v -> timestamps = config.getBoolean("aof-timestamp-enabled"));
    }

    // ---- files ---------------------------------------------------------------------------------

    public Path directory() {
        return Path.of(config.get("dir")).resolve(config.get("appenddirname"));
    }

    private String fileName() {
        return config.get("appendfilename");
    }

    public Path manifestPath() {
        return directory().resolve(fileName() + ".manifest");
    }

    /** The manifest on disk, or null when there is none. */
    public AofManifest readManifest() throws IOException {
        return AofManifest.read(manifestPath());
    }

    private void writeManifest(AofManifest m) throws IOException {
        Path target = manifestPath();
        Path temp = target.resolveSibling("temp-" + target.getFileName());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(m.render().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ImageWriter.syncDirectory(directory());
        manifest = m;
    }

    // ---- switching on and off ------------------------------------------------------------------

    public synchronized boolean enabled() {
        return enabled;
    }

    /** {@code listener} runs (on the switching thread, with this AOF's lock held: keep it short) when the AOF goes on or off. */
    public void onSwitch(Runnable listener) {
        this.switched = listener;
    }

    /**
     * Start-up with {@code appendonly yes}, after the data was loaded: appends to the last
     * incremental file of {@code existing}, or (no AOF yet) writes a base of the current data and
     * a first incremental file before clients connect.
     */
    public void openAtStartup(AofManifest existing) throws IOException {
        Files.createDirectories(directory());
        if (existing == null || existing.base() == null && existing.incrs().isEmpty()) {
            if (!images.tryStart("aof")) {
                throw new IOException("another image is running");
            }
            try {
                boolean preamble = config.getBoolean("aof-use-rdb-preamble");
                ImageWriter image = newImage(preamble, () -> { });
                AofManifest.AofFile base = new AofManifest.AofFile(fileName() + ".1.base" + baseSuffix(preamble), 1, 'b');
                writeBase(image, base, preamble);
                AofManifest.AofFile first = new AofManifest.AofFile(fileName() + ".1.incr.aof", 1, 'i');
                synchronized (io) {
                    openIncr(first);
                    writeManifest(new AofManifest(base, List.of(first), List.of()));
                    synchronized (this) {
                        baseSize = Files.size(directory().resolve(base.name()));
                        enabled = true;
                        switched.run();
                    }
                }
            } finally {
                images.finish("aof");
            }
            LOG.info("Creating AOF base file {} on server start", fileName() + ".1.base"
                    + baseSuffix(config.getBoolean("aof-use-rdb-preamble")));
        } else {
            synchronized (io) {
                manifest = existing;
                AofManifest.AofFile last = existing.incrs().isEmpty() ? null
                        : existing.incrs().get(existing.incrs().size() - 1);
                if (last == null) {
                    last = new AofManifest.AofFile(fileName() + ".1.incr.aof", 1, 'i');
                    openIncr(last);
                    writeManifest(new AofManifest(existing.base(), List.of(last), List.of()));
                } else {
                    openIncr(last);
                }
                synchronized (this) {
                    baseSize = existing.base() == null ? 0 : sizeOf(existing.base().name());
                    enabled = true;
                    switched.run();
                }
            }
        }
        sizeAtLastRewrite = baseSize;
        propagation.addListener(this);
    }

    private long sizeOf(String name) {
        try {
            return Files.size(directory().resolve(name));
        } catch (IOException e) {
            return 0;
        }
    }

    /** CONFIG SET appendonly yes at run time: a rewrite creates the files, the stream is appended from its start. */
    public String enableAtRuntime() throws IOException {
        Files.createDirectories(directory());
        synchronized (this) {
            if (enabled) {
                return null;
            }
        }
        synchronized (io) {
            if (manifest == null) {
                manifest = readManifest();
            }
        }
        propagation.addListener(this);
        return startRewrite(true);
    }

    /** CONFIG SET appendonly no: stops appending; the files stay. */
    public void disable() {
        propagation.removeListener(this);
        if (!enabled()) {
            return;
        }
        writePending(true);
        synchronized (io) {
            synchronized (this) {
                enabled = false;
                switched.run();
            }
            closeIncr();
        }
    }

    /** Appends from now on to {@code f}. Caller holds {@link #io}. */
    private void openIncr(AofManifest.AofFile f) throws IOException {
        closeIncr();
        incr = FileChannel.open(directory().resolve(f.name()), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        incrSize = incr.size();
        synchronized (this) {
            selectedDb = -1; // a new file starts with SELECT
        }
    }

    private void closeIncr() {
        if (incr != null) {
            try {
                incr.force(true);
                incr.close();
            } catch (IOException e) {
                LOG.warn("closing the AOF incremental file: {}", e.toString());
            }
            incr = null;
        }
    }

    // ---- appending -----------------------------------------------------------------------------

    @Override
    public void onUnit(List<PropagatedCommand> unit) {
        synchronized (this) {
            if (!enabled) {
                return;
            }
            int before = len;
            if (timestamps) {
                // Redis's genAofTimestampAnnotationIfNeeded: one "#TS:<unix>" line when the second changes
                long second = System.currentTimeMillis() / 1000;
                if (second != annotatedSecond) {
                    annotatedSecond = second;
                    byte[] ts = ("#TS:" + second + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    ensure(ts.length);
                    System.arraycopy(ts, 0, buf, len, ts.length);
                    len += ts.length;
                }
            }
            for (PropagatedCommand c : unit) {
                if (!c.toAof()) {
                    continue;
                }
                if (c.db() != selectedDb) {
                    appendCommand(new byte[][]{SELECT, Integer.toString(c.db()).getBytes(StandardCharsets.US_ASCII)});
                    selectedDb = c.db();
                }
                appendCommand(c.argv());
            }
            appended += len - before;
            propagation.markAof(appended);
        }
        pending = true;
    }

    // ---- fsync progress (WAITAOF) ----------------------------------------------------------------

    /** The append position the last fsync reached (a client's write is on disk when its mark is at most this). */
    public long fsyncedPosition() {
        return fsyncedPosition;
    }

    /**
     * The stream tag fsynced: on a replica, the replication offset of its master's stream whose
     * every command is in the fsynced part of the file (REPLCONF ACK ... FACK).
     */
    public long fsyncedTag() {
        return fsyncedTag;
    }

    /** Sets what {@link #fsyncedTag} follows (replication installs its applied offset). */
    public void streamTag(LongSupplier tag) {
        this.streamTag = tag;
    }

    /** {@code r} runs (on the writing thread) after each fsync. */
    public void onFsync(Runnable r) {
        fsyncListeners.add(r);
    }

    private void appendCommand(byte[][] argv) {
        appendHeader('*', argv.length);
        for (byte[] a : argv) {
            appendHeader('$', a.length);
            ensure(a.length + 2);
            System.arraycopy(a, 0, buf, len, a.length);
            len += a.length;
            buf[len++] = '\r';
            buf[len++] = '\n';
        }
    }

    /** {@code *<n>\r\n} or {@code $<n>\r\n}, digits written in place (no String per header). */
    private void appendHeader(char type, int n) {
        ensure(16);
        len = RespWriter.putHeader(buf, len, type, n);
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /**
     * Before a connection flushes replies, with {@code appendfsync always}: whatever the stream
     * appended so far reaches the disk, so no reply can announce a write that is not there yet.
     * With everysec and no the write happens behind the replies ({@link #writeBehind}, every
     * 10 ms): a crash of the process loses at most that, a crash of the machine about a second.
     * Costs one volatile read when nothing is pending.
     */
    public void beforeReplies() {
        if (!pending || !always) {
            return;
        }
        writePending(true);
    }

    /** True while replies must wait for the disk (appendfsync always with the AOF on): connections batch their flushes. */
    public boolean groupCommit() {
        return always && enabled;
    }

    /** Every 10 ms (the cron): what was appended reaches the file, without fsync. */
    public void writeBehind() {
        if (pending && !always) {
            writePending(false);
        }
    }

    /** Once a second (the cron): writes what is pending and, with everysec, forces it to disk. */
    public void everySecond() {
        if (enabled()) {
            writePending(!"no".equals(config.get("appendfsync")));
        }
        autoRewriteCheck();
    }

    /**
     * Writes what was appended so far to the incremental file and, with {@code force}, fsyncs it.
     * Takes {@link #io} (callers must not hold {@code this}); appends go on meanwhile into the
     * other buffer.
     */
    private void writePending(boolean force) {
        synchronized (io) {
            byte[] data;
            int n;
            // Read before the buffer is taken: what the tag counts was appended before it.
            long tag = streamTag.getAsLong();
            long position;
            synchronized (this) {
                position = appended;
                pending = false;
                data = buf;
                n = len;
                buf = spare.length > (1 << 20) ? new byte[1 << 16] : spare;
                len = 0;
            }
            if (incr == null) {
                spare = data;
                return;
            }
            try {
                ByteBuffer b = ByteBuffer.wrap(data, 0, n);
                while (b.hasRemaining()) {
                    incr.write(b);
                }
                incrSize += n;
                if (force) {
                    incr.force(false);
                    fsyncedPosition = position;
                    fsyncedTag = tag;
                    for (Runnable r : fsyncListeners) {
                        r.run();
                    }
                }
                if (!lastWriteOk) {
                    LOG.warn("AOF write error looks solved, Redis can write again.");
                    lastWriteOk = true;
                    writeStateChanged.run();
                }
                spare = data;
            } catch (IOException e) {
                // keep the bytes: put them back in front of what was appended meanwhile
                synchronized (this) {
                    byte[] merged = Arrays.copyOf(data, Math.max(n + len, data.length));
                    System.arraycopy(buf, 0, merged, n, len);
                    buf = merged;
                    len += n;
                    pending = true;
                }
                if (lastWriteOk) {
                    LOG.warn("Error writing to the AOF file: {}", e.toString());
                }
                lastWriteError = String.valueOf(e.getMessage());
                if (lastWriteOk) {
                    lastWriteOk = false;
                    writeStateChanged.run();
                }
            }
        }
    }

    // ---- rewriting -----------------------------------------------------------------------------

    /**
     * BGREWRITEAOF: starts a rewrite and returns the status text, or throws
     * {@link IllegalStateException} with Redis's error text.
     */
    public String bgrewrite() throws IOException {
        synchronized (this) {
            if (rewriting != null) {
                throw new IllegalStateException("Background append only file rewriting already in progress");
            }
        }
        Files.createDirectories(directory());
        return startRewrite(false);
    }

    private String startRewrite(boolean enabling) throws IOException {
        synchronized (this) {
            if (rewriting != null) {
                rewriteScheduled = true;
                return "Background append only file rewriting scheduled";
            }
        }
        if (!images.tryStart("aof")) {
            synchronized (this) {
                rewriteScheduled = true;
            }
            return "Background append only file rewriting scheduled";
        }
        AofManifest before;
        synchronized (io) {
            before = manifest;
        }
        long baseSeq = before == null || before.base() == null ? 1 : before.base().seq() + 1;
        long incrSeq = before == null ? 1 : before.lastIncrSeq() + 1;
        boolean preamble = config.getBoolean("aof-use-rdb-preamble");
        AofManifest.AofFile newBase = new AofManifest.AofFile(fileName() + "." + baseSeq + ".base" + baseSuffix(preamble),
                baseSeq, 'b');
        AofManifest.AofFile newIncr = new AofManifest.AofFile(fileName() + "." + incrSeq + ".incr.aof", incrSeq, 'i');
        IOException[] failed = new IOException[1];
        ImageWriter image;
        try {
            // At the image's start (no command half done): later writes go to the new incremental
            // file, which the manifest lists at once after the old ones (a crash keeps everything).
            image = newImage(preamble, () -> {
                writePending(true);
                synchronized (io) {
                    try {
                        openIncr(newIncr);
                        List<AofManifest.AofFile> incrs = new ArrayList<>();
                        if (before != null) {
                            incrs.addAll(before.incrs());
                        }
                        incrs.add(newIncr);
                        writeManifest(new AofManifest(before == null ? null : before.base(), incrs, List.of()));
                        if (enabling) {
                            synchronized (this) {
                                enabled = true;
                                switched.run();
                            }
                        }
                    } catch (IOException e) {
                        failed[0] = e;
                    }
                }
            });
        } catch (RuntimeException e) {
            images.finish("aof");
            throw e;
        }
        if (failed[0] != null) {
            image.abandon();
            images.finish("aof");
            throw failed[0];
        }
        synchronized (this) {
            rewriteStartMillis = System.currentTimeMillis();
            Thread t = new Thread(() -> runRewrite(image, before, newBase, newIncr, preamble), "kv-aof-rewrite");
            t.setDaemon(true);
            rewriting = t;
            t.start();
        }
        LOG.info("Background append only file rewriting started");
        return enabling ? null : "Background append only file rewriting started";
    }

    private void runRewrite(ImageWriter image, AofManifest before, AofManifest.AofFile newBase,
                            AofManifest.AofFile newIncr, boolean preamble) {
        boolean ok = false;
        try {
            writeBase(image, newBase, preamble);
            synchronized (io) {
                writeManifest(new AofManifest(newBase, List.of(newIncr), List.of()));
            }
            synchronized (this) {
                baseSize = sizeOf(newBase.name());
                sizeAtLastRewrite = baseSize;
            }
            if (before != null) {
                if (before.base() != null) {
                    Files.deleteIfExists(directory().resolve(before.base().name()));
                }
                for (AofManifest.AofFile f : before.incrs()) {
                    Files.deleteIfExists(directory().resolve(f.name()));
                }
                for (AofManifest.AofFile f : before.history()) {
                    Files.deleteIfExists(directory().resolve(f.name()));
                }
            }
            ok = true;
            LOG.info("Background AOF rewrite finished successfully");
        } catch (IOException | RuntimeException e) {
            LOG.warn("Background AOF rewrite failed: {}", e.toString());
        } finally {
            images.finish("aof");
            synchronized (this) {
                lastRewriteOk = ok;
                rewrites += ok ? 1 : 0;
                lastRewriteSeconds = (System.currentTimeMillis() - rewriteStartMillis) / 1000;
                rewriteStartMillis = -1;
                rewriting = null;
                notifyAll();
            }
        }
    }

    /** {@code .rdb} for a base in RDB form, {@code .aof} for one in command form (as Redis 7 names them). */
    private static String baseSuffix(boolean preamble) {
        return preamble ? ".rdb" : ".aof";
    }

    private ImageWriter newImage(boolean preamble, Runnable atStart) {
        ImageWriter.EvictionData data = ImageWriter.EvictionData.forPolicy(config.get("maxmemory-policy"));
        return new ImageWriter(keyspaces, types.codecs(), config.getBoolean("rdbcompression"), data, functions,
                atStart, !preamble);
    }

    /**
     * The base, written to a temporary name, forced and renamed: an RDB with {@code aof-base 1}, or
     * with {@code aof-use-rdb-preamble no} the commands that rebuild the data ({@link CommandImage}).
     */
    private void writeBase(ImageWriter image, AofManifest.AofFile base, boolean preamble) throws IOException {
        Path target = directory().resolve(base.name());
        Path temp = target.resolveSibling("temp-rewriteaof-" + ProcessHandle.current().pid() + ".aof");
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            if (preamble) {
                RdbWriter w = new RdbWriter(out, types.codecs(), config.getBoolean("rdbcompression"),
                        config.getBoolean("rdbchecksum"));
                w.header(RdbAux.standard(Version.REDIS_VERSION, System.currentTimeMillis() / 1000,
                        Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), true));
                image.writeKeys(w);
                w.finish();
            } else {
                java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
                if (config.getBoolean("aof-timestamp-enabled")) {
                    // as Redis's rewriteAppendOnlyFileRio: the base opens with the time annotation
                    buffered.write(("#TS:" + System.currentTimeMillis() / 1000 + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                }
                image.writeCommands(new CommandImage(buffered, types.codecs(), config.getBoolean("rdbcompression")));
                buffered.flush();
            }
            out.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Runs a rewrite at the cron's next tick (BGREWRITEAOF inside MULTI). */
    public synchronized void scheduleRewrite() {
        rewriteScheduled = true;
    }

    /** Waits for a running rewrite (tests, SHUTDOWN). */
    public synchronized void awaitRewrite() throws InterruptedException {
        while (rewriting != null) {
            wait(100);
        }
    }

    /** The cron: a scheduled rewrite, or auto-aof-rewrite-percentage / -min-size reached. */
    private void autoRewriteCheck() {
        boolean start;
        synchronized (this) {
            if ((!enabled && !rewriteScheduled) || rewriting != null) {
                return;
            }
            long pct = config.getLong("auto-aof-rewrite-percentage");
            long min = config.getLong("auto-aof-rewrite-min-size");
            long size = baseSize + incrSizeUnlocked();
            long baseline = Math.max(1, sizeAtLastRewrite);
            boolean grown = enabled && pct > 0 && size > min && (size - baseline) * 100 / baseline >= pct;
            start = rewriteScheduled || grown;
            if (grown && !rewriteScheduled) {
                LOG.info("Starting automatic rewriting of AOF on {}% growth", (size - baseline) * 100 / baseline);
            }
            rewriteScheduled = false;
        }
        if (start) {
            try {
                startRewrite(false);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not start the AOF rewrite: {}", e.toString());
            }
        }
    }

    /** The incremental file's size, read without {@link #io} (a cron estimate; a long read is atomic enough). */
    private long incrSizeUnlocked() {
        return incrSize;
    }

    /** SHUTDOWN: everything appended reaches the disk. */
    public void flushForShutdown() {
        if (enabled()) {
            writePending(true);
        }
    }

    // ---- what INFO reads -----------------------------------------------------------------------

    public synchronized boolean rewriteInProgress() {
        return rewriting != null;
    }

    public synchronized boolean rewriteScheduled() {
        return rewriteScheduled;
    }

    public synchronized long lastRewriteSeconds() {
        return lastRewriteSeconds;
    }

    public synchronized long currentRewriteSeconds() {
        return rewriteStartMillis < 0 ? -1 : (System.currentTimeMillis() - rewriteStartMillis) / 1000;
    }

    public synchronized boolean lastRewriteOk() {
        return lastRewriteOk;
    }

    public synchronized long rewrites() {
        return rewrites;
    }

    /** Installs what is told when the AOF's write state changes (MISCONF). */
    public void onWriteStateChange(Runnable listener) {
        this.writeStateChanged = listener;
    }

    public boolean lastWriteOk() {
        return lastWriteOk;
    }

    /** Why the last write to the AOF failed (MISCONF's text). */
    public String lastWriteError() {
        return lastWriteError;
    }

    public long currentSize() {
        long incrBytes;
        synchronized (io) {
            incrBytes = incrSize;
        }
        synchronized (this) {
            return baseSize + incrBytes;
        }
    }

    public synchronized long baseSize() {
        return baseSize;
    }

    public synchronized int bufferLength() {
        return len;
    }
}
