package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.Keyspaces;
import io.sockudo.kv.kernel.module.TypeRegistry;
import io.sockudo.kv.kernel.persistence.rdb.CodecRegistry;
import io.sockudo.kv.kernel.persistence.rdb.RdbAux;
import io.sockudo.kv.kernel.persistence.rdb.RdbException;
import io.sockudo.kv.kernel.persistence.rdb.RdbReader;
import io.sockudo.kv.kernel.persistence.rdb.RdbVisitor;
import io.sockudo.kv.spi.KvValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads an RDB file into the databases (start-up, DEBUG RELOAD), as a master does: keys whose
 * expiry has passed are dropped and counted, a key that exists is replaced. Runs with every shard
 * lock held, so nobody sees a half-loaded dataset. A damaged file stops the load with the file,
 * the offset and the reason ({@link RdbException}); what was loaded before stays (the caller
 * decides whether to stop the server, as Redis does at start-up).
 */
public final class RdbLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RdbLoader.class);

    /** What a load found. */
    public record Result(long keys, long expired, long emptyKeys, int version, RdbAux.ReplicationInfo replication) {
    }

    private final Keyspaces keyspaces;
    private final ConfigRegistry config;
    private final TypeRegistry types;
    private final FunctionLibraries functions;

    public RdbLoader(Keyspaces keyspaces, ConfigRegistry config, TypeRegistry types, FunctionLibraries functions) {
        this.functions = functions;
        this.keyspaces = keyspaces;
        this.config = config;
        this.types = types;
    }

    /**
     * A loader with the same settings that loads into {@code other} and {@code libraries} (a
     * replica's swapdb load into scratch databases while the old ones keep serving).
     */
    public RdbLoader into(Keyspaces other, FunctionLibraries libraries) {
        return new RdbLoader(other, config, types, libraries);
    }

    /** Loads {@code file}; null when it does not exist. */
    public Result load(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Result r = load(in, size);
            LOG.info("DB loaded from disk: {} seconds", String.format("%.3f", (System.nanoTime() - start) / 1e9));
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keys(), r.expired());
            return r;
        } catch (RdbException e) {
            throw new RdbException(e.kind(), e.offset(), file + ": " + e.getMessage() + " (at offset " + e.offset() + ")", e);
        }
    }

    /** Loads an RDB stream of {@code length} bytes (-1 when unknown), as a master: expired keys are dropped. */
    public Result load(InputStream in, long length) throws IOException {
        return load(in, length, true);
    }

    /**
     * Loads an RDB stream of {@code length} bytes (-1 when unknown). A replica loading its
     * master's RDB keeps keys whose time has passed ({@code dropExpired} false): they are the
     * master's to expire, and its DEL follows in the stream (Redis's rdbLoad on a replica).
     */
    public Result load(InputStream in, long length, boolean dropExpired) throws IOException {
        CodecRegistry codecs = types.codecs();
        RdbReader reader = new RdbReader(in, length, codecs, config, config.getBoolean("rdbchecksum"),
                !"no".equalsIgnoreCase(config.get("sanitize-dump-payload")));
        long[] counts = new long[3];
        RdbAux.ReplicationInfo.Collector repl = new RdbAux.ReplicationInfo.Collector();
        long now = System.currentTimeMillis();
        long all = keyspaces.locks().allMask();
        keyspaces.locks().lockMask(all);
        try {
            RdbReader.Summary s = reader.read(new RdbVisitor() {
                @Override
                public void aux(byte[] key, byte[] value) {
                    repl.aux(key, value);
                }

                @Override
                public void selectDb(int db) throws IOException {
                    if (db < 0 || db >= keyspaces.count()) {
                        throw new RdbException(RdbException.Kind.CORRUPT, reader.offset(),
                                "FATAL: Data file was created with a Redis server configured to handle more than "
                                        + keyspaces.count() + " databases. Exiting");
                    }
                }

                @Override
                public void resizeDb(long size, long expires) {
                }

                @Override
                public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds,
                                  int lfuFreq) {
                    if (dropExpired && expireAtMs != -1 && expireAtMs < now) {
                        counts[1]++; // a master drops keys already expired (Redis's rdbLoad)
                        return;
                    }
                    keyspaces.db(db).put(key, value, expireAtMs);
                    int access = keyspaces.lruClock().accessFor(lruIdleSeconds, lfuFreq);
                    if (access >= 0) {
                        keyspaces.db(db).setAccess(key, access); // the file's IDLE/FREQ, as Redis restores them
                    }
                    counts[0]++;
                }

                @Override
                public void emptyKey(int db, byte[] key) {
                    counts[2]++;
                    LOG.warn("rdbLoadObject skipping empty key: {}", new String(key, java.nio.charset.StandardCharsets.UTF_8));
                }

                @Override
                public void function(byte[] code) throws IOException {
                    String error = functions.load(code);
                    if (error != null) {
                        // as Redis's rdbLoadRio: the load stops ("Failed loading library, ...")
                        throw new RdbException(RdbException.Kind.CORRUPT, reader.offset(),
                                "Failed loading library, " + error);
                    }
                }
            });
            return new Result(counts[0], counts[1], counts[2], s.version(), repl.result());
        } finally {
            keyspaces.locks().unlockMask(all);
        }
    }
}
