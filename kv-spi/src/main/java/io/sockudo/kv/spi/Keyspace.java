package io.sockudo.kv.spi;

/**
 * One database (as {@code SELECT} chooses). All methods must be called by a command handler that
 * holds the locks of the keys it touches (the kernel takes them before the handler runs).
 *
 * <p>Lookups apply passive expiry: an expired key is deleted on access and reads as absent.
 * Every write made through this interface is seen by WATCH, keyspace listeners, blocked clients
 * waiting on the key, and persistence.
 *
 * <p>A key array passed to any method must never be modified afterwards: the keyspace stores key
 * arrays as given and caches facts about them (such as their hash slot) by identity. Build a new
 * array for each key rather than reusing a buffer.
 *
 * <p><b>Values and their stored form.</b> A value given to {@code put} may be stored in another
 * form (a type with an {@link ValueType#inlineCodec() inline codec} can be packed with its key),
 * so the caller must not change it after {@code put}: a command that builds a value and then
 * edits it stores it last, or looks it up again with {@link #get}. {@link #get}, the write
 * lookup, always returns the stored mutable object (a packed key becomes an object again and
 * stays one until its next {@code put}); change a value in place only after {@code get}, then
 * call {@link #modified}. {@link #read}, {@link #readNoTouch}, {@link #peek}, {@link #remove},
 * the {@link #scan} visitor and the kernel's whole-keyspace walks may hand out a read-only copy
 * whose mutators throw.
 */
public interface Keyspace {
    /** No expiry set. */
    long NO_EXPIRE = -1;

    /** The database number. */
    int index();

    /**
     * The write lookup: the stored, mutable value of {@code key}, or null when absent or expired.
     * Counts as an access (LRU/LFU). A value may be changed in place only after this lookup (then
     * call {@link #modified}).
     */
    KvValue get(byte[] key);

    /**
     * Like {@link #get} but never counts as an access (for OBJECT, TYPE-like inspection); the value
     * may be a read-only copy.
     */
    KvValue peek(byte[] key);

    /**
     * A lookup for reading (Redis's {@code lookupKeyRead}): like {@link #get}, and also counts a
     * keyspace hit or miss (INFO stats) and fires the {@code keymiss} event on a miss. Read
     * commands use it; write commands look up with {@link #get} (Redis counts no write lookup).
     * The value may be a read-only copy: never change it.
     */
    default KvValue read(byte[] key) {
        return get(key);
    }

    /**
     * Like {@link #read} but not an access for LRU/LFU (Redis's {@code LOOKUP_NOTOUCH}: EXISTS,
     * TYPE, TTL): still counts a hit or miss and fires {@code keymiss}.
     */
    default KvValue readNoTouch(byte[] key) {
        return peek(key);
    }

    /** True if the key exists and is not expired. */
    boolean exists(byte[] key);

    /**
     * Stores a value and clears any expiry (as Redis {@code SET} does). The value may be stored in
     * another form: do not change it afterwards (see the class comment).
     */
    void put(byte[] key, KvValue value);

    /**
     * Stores a value with an absolute expiry in Unix milliseconds, or {@link #NO_EXPIRE}.
     */
    void put(byte[] key, KvValue value, long expireAtMillis);

    /** Stores a value, keeping the key's current expiry if it has one (KEEPTTL). */
    void putKeepTtl(byte[] key, KvValue value);

    /** Deletes the key; true if it existed. */
    boolean delete(byte[] key);

    /** Deletes the key and returns its value (owned by the caller now), or null. */
    KvValue remove(byte[] key);

    /** Absolute expiry in Unix ms, {@link #NO_EXPIRE} when the key has none, or -2 when it does not exist. */
    long expireAt(byte[] key);

    /** Sets an absolute expiry on an existing key; false if the key does not exist. */
    boolean setExpireAt(byte[] key, long expireAtMillis);

    /** Removes the expiry; true if the key had one. */
    boolean persist(byte[] key);

    /**
     * Tells the kernel that the value of {@code key} was changed in place by the current command
     * (WATCH, listeners, blocked clients and snapshots depend on it).
     */
    void modified(byte[] key);

    /**
     * Tells WATCH and client-side caching that {@code key} changed although the dataset did not
     * (Redis's {@code signalModifiedKey} without {@code server.dirty}: an LTRIM that trims nothing).
     * The command is not propagated for it.
     */
    default void touched(byte[] key) {
        modified(key);
    }

    /**
     * Wakes the clients blocked on {@code key} (they run their command again) without counting as
     * a change: WATCH is not touched. For what Redis signals only as "ready", e.g. XGROUP DESTROY
     * waking XREADGROUP clients so they can fail with NOGROUP.
     */
    default void signalReady(byte[] key) {
        modified(key);
    }

    /** Number of keys (may include keys that have expired but were not yet reclaimed). */
    long size();

    /** Number of keys with an expiry. */
    long volatileSize();

    /** A random non-expired key, or null when the database is empty. */
    byte[] randomKey();

    /**
     * One step of an incremental iteration that visits every key present for the whole
     * iteration at least once, even while the table resizes (Redis {@code SCAN} guarantees).
     *
     * @return the next cursor; 0 when the iteration is complete
     */
    long scan(long cursor, KeyVisitor visitor);

    /** Removes every key. */
    void clear();

    /** Receives keys from {@link #scan}. */
    @FunctionalInterface
    interface KeyVisitor {
        void visit(byte[] key, KvValue value);
    }
}
