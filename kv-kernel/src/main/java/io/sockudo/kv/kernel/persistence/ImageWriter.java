package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.keyspace.DatabaseImage;
import io.sockudo.kv.kernel.keyspace.ImageSink;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.keyspace.LruClock;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbWriter;
import io.sockudo.kv.spi.KvValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a point-in-time image of every database as the keys of an RDB (SELECTDB, RESIZEDB, the
 * entries), without a fork and without copying the dataset: {@link Keyspaces#beginImage} marks the
 * start; this walks each database a few buckets at a time under one shard lock; a command that
 * changes a key the walk has not reached yet first serialises its old value into that database's
 * copy-on-write buffer (in memory, RDB-encoded), which is appended after the walk of the database.
 * So the extra memory is the encoded size of the keys written during the save, nothing more.
 *
 * <p>Shared by BGSAVE/SAVE, the AOF rewrite's RDB preamble and a replica's full sync. One image
 * at a time per server (the callers serialise them).
 */
public final class ImageWriter {
    /** Buckets walked per shard-lock acquisition: short holds, few acquisitions. */
    private static final int BUCKETS_PER_STEP = 64;

    private final Keyspaces keyspaces;
    private final CodecRegistry codecs;
    private final LruClock lru;
    private final boolean compression;
    private final EvictionData evictionData;
    private final DatabaseImage[] images;
    private final RdbWriter[] copyOnWrite;
    /** The copy-on-write buffers of an image written in command form (else null). */
    private final CommandImage[] copyOnWriteCommands;
    /** The function libraries at the image's start (set under every shard lock). */
    private List<byte[]> functions = List.of();

    /** Which access data the file keeps for each key, as Redis decides from maxmemory-policy. */
    public enum EvictionData {
        NONE, LRU_IDLE, LFU_FREQ;

        /** What Redis keeps for {@code maxmemory-policy} (rdbSaveKeyValuePair's savelru/savelfu). */
        public static EvictionData forPolicy(String maxmemoryPolicy) {
            String p = maxmemoryPolicy.toLowerCase(java.util.Locale.ROOT);
            return p.contains("lfu") ? LFU_FREQ : p.contains("lru") ? LRU_IDLE : NONE;
        }
    }

    /**
     * Makes a rename in {@code dir} durable (Redis's fsyncFileDir); not every platform can open a
     * directory, which is logged and otherwise ignored.
     */
    public static void syncDirectory(java.nio.file.Path dir) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(ImageWriter.class).debug("could not fsync directory {}: {}", dir,
                    e.toString());
        }
    }

    /**
     * Starts the image now. {@code atStart} runs while no command is in flight (every shard lock
     * held), to record what must match the image (dirty counter, propagation offset); the function
     * libraries are read at the same instant.
     */
    public ImageWriter(Keyspaces keyspaces, CodecRegistry codecs, boolean compression, EvictionData evictionData,
                       FunctionLibraries libraries, Runnable atStart) {
        this(keyspaces, codecs, compression, evictionData, libraries, atStart, false);
    }

    /**
     * As above; with {@code commandForm} the image is written as commands ({@link #writeCommands},
     * an AOF base with {@code aof-use-rdb-preamble no}) instead of RDB keys.
     */
    public ImageWriter(Keyspaces keyspaces, CodecRegistry codecs, boolean compression, EvictionData evictionData,
                       FunctionLibraries libraries, Runnable atStart, boolean commandForm) {
        this.copyOnWriteCommands = commandForm ? new CommandImage[keyspaces.count()] : null;
        this.keyspaces = keyspaces;
        this.codecs = codecs;
        this.lru = keyspaces.lruClock();
        this.compression = compression;
        this.evictionData = evictionData;
        this.copyOnWrite = new RdbWriter[keyspaces.count()];
        this.images = keyspaces.beginImage(this::copyOnWriteSink, () -> {
            functions = libraries.codes();
            atStart.run();
        });
    }

    private ImageSink copyOnWriteSink(int db) {
        if (copyOnWriteCommands != null) {
            return (key, value, expireAtMs, access) -> {
                synchronized (copyOnWrite) {
                    if (copyOnWriteCommands[db] == null) {
                        copyOnWriteCommands[db] = CommandImage.inMemory(codecs, compression);
                    }
                    try {
                        copyOnWriteCommands[db].entry(key, value, expireAtMs);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        }
        return (key, value, expireAtMs, access) -> {
            synchronized (copyOnWrite) {
                if (copyOnWrite[db] == null) {
                    copyOnWrite[db] = RdbWriter.forPayload(codecs, compression);
                }
                write(copyOnWrite[db], key, value, expireAtMs, access);
            }
        };
    }

    private void write(RdbWriter w, byte[] key, KvValue value, long expireAtMs, int access) {
        try {
            switch (evictionData) {
                case LRU_IDLE -> w.entry(key, value, expireAtMs, lru.idleSeconds(access), -1);
                case LFU_FREQ -> w.entry(key, value, expireAtMs, -1, lru.frequency(access));
                default -> w.entry(key, value, expireAtMs, -1, -1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the function libraries, then every database's keys to {@code out}, in the order of
     * Redis 7.0's {@code rdbSaveRio} (the caller writes the header before and EOF after). On
     * failure the rest of the image is abandoned so that the next image starts clean, and the
     * error is thrown.
     */
    public void writeKeys(RdbWriter out) throws IOException {
        int next = 0;
        try {
            for (byte[] code : functions) {
                out.function(code);
            }
            for (; next < images.length; next++) {
                DatabaseImage img = images[next];
                boolean empty = img.keys() == 0;
                if (!empty) {
                    out.selectDb(img.dbIndex());
                    out.resizeDb(img.keys(), img.volatileKeys());
                }
                ImageSink sink = (key, value, expireAtMs, access) -> write(out, key, value, expireAtMs, access);
                while (img.step(sink, BUCKETS_PER_STEP)) {
                    // walking: each step holds one shard lock briefly
                }
                byte[] cow;
                synchronized (copyOnWrite) {
                    cow = copyOnWrite[next] == null ? null : copyOnWrite[next].toByteArray();
                    copyOnWrite[next] = null;
                }
                if (cow != null && cow.length > 0) {
                    if (empty) {
                        out.selectDb(img.dbIndex());
                    }
                    out.writeRaw(cow, 0, cow.length);
                }
            }
        } catch (UncheckedIOException e) {
            abandonFrom(next);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            abandonFrom(next);
            throw e;
        }
    }

    /**
     * Writes the image in command form to {@code out} (an image started with {@code commandForm}):
     * the function libraries, the modules' aux state, then per database a SELECT and each key's
     * commands, as Redis 7.0's {@code rewriteAppendOnlyFileRio}. On failure the rest of the image
     * is abandoned and the error thrown.
     */
    public void writeCommands(CommandImage out) throws IOException {
        if (copyOnWriteCommands == null) {
            throw new IllegalStateException("an RDB image cannot be written as commands");
        }
        int next = 0;
        try {
            for (byte[] code : functions) {
                out.function(code);
            }
            out.auxData();
            for (; next < images.length; next++) {
                DatabaseImage img = images[next];
                boolean selected = img.keys() > 0;
                if (selected) {
                    out.selectDb(img.dbIndex());
                }
                ImageSink sink = (key, value, expireAtMs, access) -> {
                    try {
                        out.entry(key, value, expireAtMs);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                };
                while (img.step(sink, BUCKETS_PER_STEP)) {
                    // walking: each step holds one shard lock briefly
                }
                byte[] cow;
                synchronized (copyOnWrite) {
                    cow = copyOnWriteCommands[next] == null ? null : copyOnWriteCommands[next].toByteArray();
                    copyOnWriteCommands[next] = null;
                }
                if (cow != null && cow.length > 0) {
                    if (!selected) {
                        out.selectDb(img.dbIndex());
                    }
                    out.writeRaw(cow, 0, cow.length);
                }
            }
        } catch (UncheckedIOException e) {
            abandonFrom(next);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            abandonFrom(next);
            throw e;
        }
    }

    /** Gives up the image (the caller will not write it): every key is marked for the next one. */
    public void abandon() {
        abandonFrom(0);
    }

    private void abandonFrom(int from) {
        for (int i = from; i < images.length; i++) {
            images[i].abandon();
        }
    }

    /** Keys in the image at its start, all databases. */
    public long keys() {
        long n = 0;
        for (DatabaseImage img : images) {
            n += img.keys();
        }
        return n;
    }
}
