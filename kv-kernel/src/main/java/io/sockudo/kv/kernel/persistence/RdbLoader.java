package io.sockudo.kv.kernel.persistence;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.events.Notifier;
import io.sockudo.kv.kernel.keyspace.Database;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads an RDB file into the databases (start-up, DEBUG RELOAD, the RDB preamble of an AOF), as
 * Redis's {@code rdbLoadRio} does: keys go straight into the tables through the keyspace's bulk
 * path ({@link Database#addForLoad}: no per-key hooks, events or lock round trips; the RESIZEDB
 * hint sizes the tables first), and every keyspace listener hears of each key through
 * {@link Notifier#loaded} (Redis's {@code loaded} module event), so family indexes know the
 * loaded keys. A master drops keys whose expiry has passed (not in an AOF preamble, as Redis); a
 * key the file holds twice stops the load ("Duplicated key found in RDB file"), unless the load
 * merges (DEBUG RELOAD MERGE), where the file's key replaces the one present.
 *
 * <p>Runs with every shard lock held, so nobody sees a half-loaded dataset. A damaged file stops
 * the load with the file, the offset and the reason ({@link RdbException}); what was loaded before
 * stays (the caller decides whether to stop the server, as Redis does at start-up).
 */
public final class RdbLoader {
    private static final Logger LOG = LoggerFactory.getLogger(RdbLoader.class);

    /** What a load found. */
    public record Result(long keys, long expired, long emptyKeys, int version, RdbAux.ReplicationInfo replication) {
    }

    /** How a load treats what it finds (Redis's {@code RDBFLAGS_*}). */
    public enum Mode {
        /** A snapshot file: expired keys dropped, duplicates refused. */
        SNAPSHOT,
        /** The RDB preamble of an AOF ({@code RDBFLAGS_AOF_PREAMBLE}): expired keys kept too. */
        AOF_PREAMBLE,
        /** DEBUG RELOAD MERGE ({@code RDBFLAGS_ALLOW_DUP}): a key present is replaced by the file's. */
        MERGE,
        /**
         * A replica loading its master's RDB: keys whose time has passed are kept too (they are the
         * master's to expire, and its DEL follows in the stream, as Redis's rdbLoad on a replica).
         */
        REPLICA
    }

    private final Keyspaces keyspaces;
    private final ConfigRegistry config;
    private final TypeRegistry types;
    private final FunctionLibraries functions;
    private final Notifier notifier;

    public RdbLoader(Keyspaces keyspaces, ConfigRegistry config, TypeRegistry types, FunctionLibraries functions,
                     Notifier notifier) {
        this.functions = functions;
        this.keyspaces = keyspaces;
        this.config = config;
        this.types = types;
        this.notifier = notifier;
    }

    /**
     * A loader with the same settings that loads into {@code other} and {@code libraries} (a
     * replica's swapdb load into scratch databases while the old ones keep serving).
     */
    public RdbLoader into(Keyspaces other, FunctionLibraries libraries) {
        // Silent: the scratch databases have the numbers of the live ones, and listeners (indexes)
        // must not learn their keys while the old data still serves; announceSwappedIn tells them
        // once the scratch data is swapped in.
        return new RdbLoader(other, config, types, libraries, new Notifier());
    }

    /**
     * After a scratch load was swapped in ({@link #into}): for every database, the listeners
     * forget what they derived from its old contents ({@code onReplaced}) and learn every key now
     * there ({@code onLoaded}), as if the load had gone straight into {@code live}. Caller holds
     * every lock.
     */
    public void announceSwappedIn(Keyspaces live) {
        for (int i = 0; i < live.count(); i++) {
            Database d = live.db(i);
            notifier.replaced(i);
            d.forEachEntry((key, value, expireAt, access) -> notifier.loaded(d, key, value));
        }
    }

    /** Loads the snapshot {@code file}; null when it does not exist. */
    public Result load(Path file) throws IOException {
        return load(file, Mode.SNAPSHOT);
    }

    /** Loads {@code file} in {@code mode}; null when it does not exist. */
    public Result load(Path file, Mode mode) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        long start = System.nanoTime();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Result r = load(in, size, mode);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // not String.format("%.3f"): java.util.Formatter's first use costs ~8 ms of a start
            LOG.info("DB loaded from disk: {}.{}{}{} seconds", millis / 1000, millis / 100 % 10, millis / 10 % 10, millis % 10);
            LOG.info("Done loading RDB, keys loaded: {}, keys expired: {}.", r.keys(), r.expired());
            return r;
        } catch (RdbException e) {
            throw new RdbException(e.kind(), e.offset(), file + ": " + e.getMessage() + " (at offset " + e.offset() + ")", e);
        }
    }

    /** Loads a snapshot stream of {@code length} bytes (-1 when unknown). */
    public Result load(InputStream in, long length) throws IOException {
        return load(in, length, Mode.SNAPSHOT);
    }

    /** Loads an RDB stream of {@code length} bytes (-1 when unknown) in {@code mode}. */
    public Result load(InputStream in, long length, Mode mode) throws IOException {
        CodecRegistry codecs = types.codecs();
        RdbReader reader = new RdbReader(in, length, codecs, config, config.getBoolean("rdbchecksum"),
                !"no".equalsIgnoreCase(config.get("sanitize-dump-payload")));
        Visitor visitor = new Visitor(reader, mode, System.currentTimeMillis());
        long all = keyspaces.locks().allMask();
        keyspaces.locks().lockMask(all);
        try {
            RdbReader.Summary s = new LoadPipeline().run(reader, visitor);
            return new Result(visitor.keys, visitor.expired, visitor.empty, s.version(), visitor.replication.result());
        } finally {
            for (int i = 0; i < keyspaces.count(); i++) {
                keyspaces.db(i).finishLoad();
            }
            keyspaces.locks().unlockMask(all);
        }
    }

    /** Puts what the reader finds into the databases. */
    private final class Visitor implements RdbVisitor {
        private final RdbReader reader;
        private final Mode mode;
        private final long now;
        private Database current;
        long keys;
        long expired;
        long empty;
        /** The replication facts of the file's AUX fields (repl-id, repl-offset, repl-stream-db). */
        final RdbAux.ReplicationInfo.Collector replication = new RdbAux.ReplicationInfo.Collector();

        Visitor(RdbReader reader, Mode mode, long now) {
            this.reader = reader;
            this.mode = mode;
            this.now = now;
            this.current = keyspaces.db(0);
        }

        @Override
        public void aux(byte[] key, byte[] value) {
            replication.aux(key, value);
        }

        @Override
        public void selectDb(int db) throws IOException {
            if (db < 0 || db >= keyspaces.count()) {
                throw new RdbException(RdbException.Kind.CORRUPT, reader.offset(),
                        "FATAL: Data file was created with a Redis server configured to handle more than "
                                + keyspaces.count() + " databases. Exiting");
            }
            current = keyspaces.db(db);
        }

        @Override
        public void resizeDb(long size, long expires) {
            current.reserveForLoad(size);
        }

        @Override
        public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq)
                throws IOException {
            if (expireAtMs != -1 && expireAtMs < now && mode != Mode.AOF_PREAMBLE && mode != Mode.REPLICA) {
                expired++; // a master drops keys already expired (Redis's rdbLoadRio)
                return;
            }
            Database d = current;
            int access = keyspaces.lruClock().accessFor(lruIdleSeconds, lfuFreq);
            if (!d.addForLoad(key, value, expireAtMs, access)) {
                if (mode != Mode.MERGE) {
                    LOG.warn("RDB has duplicated key '{}' in DB {}", new String(key, StandardCharsets.UTF_8), db);
                    throw new RdbException(RdbException.Kind.CORRUPT, reader.offset(),
                            "Duplicated key found in RDB file");
                }
                d.replaceForLoad(key, value, expireAtMs, access);
            }
            notifier.loaded(d, key, value);
            keys++;
        }

        @Override
        public void emptyKey(int db, byte[] key) {
            empty++;
            LOG.warn("rdbLoadObject skipping empty key: {}", new String(key, StandardCharsets.UTF_8));
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
    }
}
