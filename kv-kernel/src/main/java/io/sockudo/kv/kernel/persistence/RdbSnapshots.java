package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.kernel.stats.ServerStats;
import io.sockudo.kv.kernel.util.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * RDB snapshots as Redis takes them: SAVE (in the caller), BGSAVE (on a thread of its own, the
 * point-in-time image of {@link ImageWriter} instead of a fork), the {@code save} points checked
 * by the cron, SHUTDOWN and FLUSHALL saves, and what INFO persistence and LASTSAVE report. A file
 * is written to {@code temp-<pid>.rdb} in {@code dir}, forced to disk and renamed over
 * {@code dbfilename}, so a crash during a save leaves the previous file intact.
 */
public final class RdbSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(RdbSnapshots.class);
    /** Redis's CONFIG_BGSAVE_RETRY_DELAY: after a failed BGSAVE, save points wait this long. */
    private static final long RETRY_DELAY_MS = 5000;
    private static final java.util.concurrent.atomic.AtomicLong TEMP_FILES = new java.util.concurrent.atomic.AtomicLong();

    private final Keyspaces keyspaces;
    private final ConfigRegistry config;
    private final ServerStats stats;
    private final TypeRegistry types;

    private Thread background;
    /** Set when FLUSHALL overtook the running BGSAVE: its file must not replace the new one (Redis kills the child). */
    private volatile Thread cancelled;
    private boolean scheduled;
    private volatile long lastSaveSeconds;
    private volatile long dirtyAtLastSave;
    private volatile boolean lastBgsaveOk = true;
    /** Told when {@link #lastBgsaveOk} changes (the pipeline's DISK_ERROR gate). */
    private volatile Runnable saveStateChanged = () -> { };
    private volatile long lastBgsaveSeconds = -1;
    private volatile long bgsaveStartMillis = -1;
    private volatile long lastBgsaveTryMillis;
    private volatile long saves;
    private volatile long keysTotal;
    private volatile long lastLoadKeys;
    private volatile long lastLoadExpired;
    private volatile boolean loading;

    private final BackgroundImages images;
    private final FunctionLibraries functions;

    private volatile java.util.function.Supplier<RdbAux[]> replicationAux = () -> null;

    public RdbSnapshots(Keyspaces keyspaces, ConfigRegistry config, ServerStats stats, TypeRegistry types,
                        BackgroundImages images, FunctionLibraries functions) {
        this.functions = functions;
        this.images = images;
        this.keyspaces = keyspaces;
        this.config = config;
        this.stats = stats;
        this.types = types;
        // Before the first save LASTSAVE reports the server's start, as Redis does (one clock read,
        // so LASTSAVE and INFO's uptime agree even when construction crosses a second).
        this.lastSaveSeconds = stats.startMillis / 1000;
    }

    /** {@code dir}/{@code dbfilename}. */
    public Path file() {
        return Path.of(config.get("dir")).resolve(config.get("dbfilename"));
    }

    private CodecRegistry codecs() {
        return types.codecs();
    }

    private ImageWriter.EvictionData evictionData() {
        return ImageWriter.EvictionData.forPolicy(config.get("maxmemory-policy"));
    }

    // ---- SAVE / BGSAVE -----------------------------------------------------------------------

    /** True while a BGSAVE runs. */
    public synchronized boolean inProgress() {
        return background != null;
    }

    /**
     * The replication facts a snapshot records (repl-stream-db, repl-id, repl-offset), read at the
     * image's instant; null when the server is in no replication history (installed by replication).
     */
    public void replicationAux(java.util.function.Supplier<RdbAux[]> supplier) {
        this.replicationAux = supplier;
    }

    /** SAVE: writes the snapshot in the calling thread; false (and a log line) on failure. */
    public boolean save() {
        synchronized (this) {
            if (background != null) {
                throw new IllegalStateException("Background save already in progress");
            }
        }
        if (!images.tryStart("rdb")) {
            throw new IllegalStateException("Background append only file rewriting in progress");
        }
        try {
            return saveNow();
        } finally {
            images.finish("rdb");
        }
    }

    private boolean saveNow() {
        long[] dirtyBefore = new long[1];
        RdbAux[][] replAux = new RdbAux[1][];
        ImageWriter image = new ImageWriter(keyspaces, codecs(), config.getBoolean("rdbcompression"),
                evictionData(), functions, () -> {
                    dirtyBefore[0] = stats.dirty.sum();
                    replAux[0] = replicationAux.get();
                });
        try {
            writeFile(image, replAux[0], tempName(), () -> false);
            saved(dirtyBefore[0]);
            if (!lastBgsaveOk) {
                lastBgsaveOk = true; // as Redis's rdbSave: a good SAVE clears a failed BGSAVE
                saveStateChanged.run();
            }
            LOG.info("DB saved on disk");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Failed saving the DB: {}", e.toString());
            return false;
        }
    }

    /**
     * BGSAVE: starts a background save and returns the status reply text, or throws
     * {@link IllegalStateException} with Redis's error text.
     *
     * @param schedule BGSAVE SCHEDULE (or BGSAVE inside MULTI): run it after the current one
     */
    public synchronized String bgsave(boolean schedule) {
        // SCHEDULE waits only for other background work (an AOF rewrite); never for another BGSAVE.
        if (background != null) {
            throw new IllegalStateException("Background save already in progress");
        }
        if (!images.tryStart("rdb")) {
            if (schedule) {
                scheduled = true;
                return "Background saving scheduled";
            }
            throw new IllegalStateException("Another child process is active (AOF?): can't BGSAVE right now. "
                    + "Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.");
        }
        startBackground();
        return "Background saving started";
    }

    /** Runs a BGSAVE at the cron's next tick (BGSAVE inside MULTI). */
    public synchronized void schedule() {
        scheduled = true;
    }

    /** Starts a BGSAVE if no other image runs (the cron's save points and scheduled saves). */
    private boolean tryStartBackground() {
        if (!images.tryStart("rdb")) {
            return false;
        }
        startBackground();
        return true;
    }

    /** Starts the BGSAVE thread; the caller holds the image guard. */
    private void startBackground() {
        long[] dirtyBefore = new long[1];
        RdbAux[][] replAux = new RdbAux[1][];
        lastBgsaveTryMillis = System.currentTimeMillis();
        bgsaveStartMillis = lastBgsaveTryMillis;
        ImageWriter image = new ImageWriter(keyspaces, codecs(), config.getBoolean("rdbcompression"),
                evictionData(), functions, () -> {
                    dirtyBefore[0] = stats.dirty.sum();
                    replAux[0] = replicationAux.get();
                });
        keysTotal = image.keys();
        Thread t = new Thread(() -> runBackground(image, replAux[0], dirtyBefore[0]), "kv-bgsave");
        t.setDaemon(true);
        background = t;
        LOG.info("Background saving started");
        t.start();
    }

    private void runBackground(ImageWriter image, RdbAux[] replAux, long dirtyBefore) {
        boolean ok;
        Thread self = Thread.currentThread();
        try {
            writeFile(image, replAux, tempName(), () -> cancelled == self);
            ok = true;
        } catch (IOException | RuntimeException e) {
            if (cancelled == self) {
                // FLUSHALL took the image guard over from this save: nothing to release here
                LOG.info("Background saving terminated: FLUSHALL overtook it");
                return;
            }
            LOG.warn("Background saving error: {}", e.toString());
            ok = false;
        }
        synchronized (this) {
            if (cancelled == self) {
                return; // FLUSHALL took the image guard over
            }
            images.finish("rdb");
            lastBgsaveSeconds = (System.currentTimeMillis() - bgsaveStartMillis) / 1000;
            bgsaveStartMillis = -1;
            if (lastBgsaveOk != ok) {
                lastBgsaveOk = ok;
                saveStateChanged.run();
            }
            if (ok) {
                saved(dirtyBefore);
                LOG.info("Background saving terminated with success");
            }
            background = null;
            notifyAll();
            if (scheduled) {
                scheduled = !tryStartBackground();
            }
        }
    }

    private void saved(long dirtyBefore) {
        dirtyAtLastSave = dirtyBefore;
        lastSaveSeconds = System.currentTimeMillis() / 1000;
        saves++;
    }

    /** SHUTDOWN's save: waits for a running BGSAVE (its image is older), then saves in the caller. */
    public boolean saveForShutdown() {
        try {
            awaitBackground();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        synchronized (this) {
            scheduled = false;
        }
        return save();
    }

    /** Waits for a running BGSAVE to end (SHUTDOWN, tests). */
    public synchronized void awaitBackground() throws InterruptedException {
        while (background != null) {
            wait(100);
        }
    }

    /** Redis names it temp-<pid>.rdb; a counter keeps a dropped BGSAVE and its successor apart. */
    private static String tempName() {
        return "temp-" + ProcessHandle.current().pid() + "-" + TEMP_FILES.incrementAndGet() + ".rdb";
    }

    /** Writes the image to a temporary file in {@code dir}, forces it to disk and renames it over the RDB file. */
    private void writeFile(ImageWriter image, RdbAux[] replAux, String tempName, java.util.function.BooleanSupplier cancel)
            throws IOException {
        Path target = file();
        Path temp = target.resolveSibling(tempName);
        try (FileOutputStream out = new FileOutputStream(temp.toFile())) {
            RdbWriter w = new RdbWriter(out, codecs(), config.getBoolean("rdbcompression"),
                    config.getBoolean("rdbchecksum"));
            w.header(RdbAux.withReplication(RdbAux.standard(Version.REDIS_VERSION, System.currentTimeMillis() / 1000,
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), false), replAux));
            image.writeKeys(w);
            w.finish();
            out.getChannel().force(true);
            if (cancel.getAsBoolean()) {
                throw new IOException("cancelled");
            }
        } catch (IOException | RuntimeException e) {
            image.abandon();
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        ImageWriter.syncDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * After FLUSHALL (which holds every lock): a running BGSAVE of the old data is dropped, and with
     * save points an empty RDB is written at once, as Redis 7.0 does.
     */
    public void afterFlushAll() {
        boolean tookOver = false;
        synchronized (this) {
            if (background != null) {
                cancelled = background;
                background = null;
                bgsaveStartMillis = -1;
                tookOver = true; // the guard stays taken, now for this thread
                notifyAll();
            }
        }
        // Every shard was replaced by the flush, so this image cannot meet the dropped one's keys.
        // The dropped BGSAVE still walks its detached shards; it gives the guard up when it sees
        // it was cancelled, so the guard is taken over here directly.
        if (!savePointsConfigured()) {
            if (tookOver) {
                images.finish("rdb");
            }
            return;
        }
        if (tookOver || images.tryStart("rdb")) {
            try {
                saveNow();
            } finally {
                images.finish("rdb");
            }
        } else {
            schedule(); // an AOF rewrite's image runs: save right after it
        }
    }

    /**
     * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: saves (unless NOSAVE), empties every database
     * (unless NOFLUSH; {@code flushed} then tells the keyspace listeners, as FLUSHALL does) and loads
     * the file back, replacing keys present only with MERGE. Returns null on success, else Redis's
     * error text.
     */
    public String debugReload(RdbLoader loader, boolean save, boolean flush, boolean merge, Runnable flushed) {
        if (save && !save()) {
            return "Error trying to save the DB";
        }
        long all = keyspaces.locks().allMask();
        keyspaces.locks().lockMask(all);
        try {
            if (flush) {
                for (int i = 0; i < keyspaces.count(); i++) {
                    keyspaces.db(i).clear();
                }
                functions.clear(); // Redis empties the function libraries too
                flushed.run();
            }
            RdbLoader.Result r = loader.load(file(), merge ? RdbLoader.Mode.MERGE : RdbLoader.Mode.SNAPSHOT);
            if (r == null) {
                return "Error trying to load the RDB dump, check server logs.";
            }
            loaded(r.keys(), r.expired());
        } catch (IOException | RuntimeException e) {
            LOG.warn("DEBUG RELOAD failed: {}", e.toString());
            return "Error trying to load the RDB dump, check server logs.";
        } finally {
            keyspaces.locks().unlockMask(all);
        }
        LOG.info("DB reloaded by DEBUG RELOAD");
        return null;
    }

    // ---- save points ---------------------------------------------------------------------------

    /** The cron's check (Redis's serverCron): a save point reached, or a scheduled BGSAVE. */
    public synchronized void cron() {
        if (background != null || loading) {
            return;
        }
        if (scheduled) {
            scheduled = !tryStartBackground();
            return;
        }
        String points = config.get("save");
        if (points == null || points.isBlank()) {
            return;
        }
        long now = System.currentTimeMillis();
        long changes = changesSinceLastSave();
        String[] p = points.trim().split("\\s+");
        for (int i = 0; i + 1 < p.length; i += 2) {
            long seconds = Long.parseLong(p[i]);
            long needed = Long.parseLong(p[i + 1]);
            if (changes >= needed && now / 1000 - lastSaveSeconds > seconds
                    && (lastBgsaveOk || now - lastBgsaveTryMillis > RETRY_DELAY_MS)) {
                if (tryStartBackground()) {
                    LOG.info("{} changes in {} seconds. Saving...", needed, seconds);
                }
                return;
            }
        }
    }

    /** True when {@code save} has at least one save point. */
    public boolean savePointsConfigured() {
        String points = config.get("save");
        return points != null && !points.isBlank();
    }

    // ---- loading -------------------------------------------------------------------------------

    /** Marks the start and end of a load (INFO loading). */
    public void loading(boolean on) {
        loading = on;
    }

    public void loaded(long keys, long expired) {
        lastLoadKeys = keys;
        lastLoadExpired = expired;
    }

    /** After loading: what was loaded is not a change since the last save (Redis zeroes dirty). */
    public void resetChanges() {
        dirtyAtLastSave = stats.dirty.sum();
    }

    // ---- what INFO and LASTSAVE read ------------------------------------------------------------

    public long lastSaveSeconds() {
        return lastSaveSeconds;
    }

    public long changesSinceLastSave() {
        return stats.dirty.sum() - dirtyAtLastSave;
    }

    public boolean loadingNow() {
        return loading;
    }

    /** Installs what is told when the last background save's outcome changes (MISCONF). */
    public void onSaveStateChange(Runnable listener) {
        this.saveStateChanged = listener;
    }

    public boolean lastBgsaveOk() {
        return lastBgsaveOk;
    }

    public long lastBgsaveSeconds() {
        return lastBgsaveSeconds;
    }

    public long currentBgsaveSeconds() {
        long start = bgsaveStartMillis;
        return start < 0 ? -1 : (System.currentTimeMillis() - start) / 1000;
    }

    public long saves() {
        return saves;
    }

    public synchronized boolean scheduled() {
        return scheduled;
    }

    public long currentSaveKeysTotal() {
        return background == null ? 0 : keysTotal;
    }

    public long lastLoadKeys() {
        return lastLoadKeys;
    }

    public long lastLoadExpired() {
        return lastLoadExpired;
    }
}
