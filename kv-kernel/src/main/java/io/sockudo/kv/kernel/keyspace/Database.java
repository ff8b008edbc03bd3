package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.kernel.util.CommandClock;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvValue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One database: {@code shardCount} shards, chosen by hash slot. Callers hold the shard locks of
 * the keys they touch (see {@link ShardLocks}).
 */
public final class Database implements Keyspace {
    private final int index;
    private final ShardLocks locks;
    private Shard[] shards;
    private final KeyspaceHooks hooks;
    private final LruClock lru;
    private final ImageMark images;
    private final MemoryAccount account;

    public Database(int index, ShardLocks locks, KeyspaceHooks hooks, LruClock lru) {
        this(index, locks, hooks, lru, new ImageMark(), new MemoryAccount(locks.count()));
    }

    Database(int index, ShardLocks locks, KeyspaceHooks hooks, LruClock lru, ImageMark images,
             MemoryAccount account) {
        this.index = index;
        this.locks = locks;
        this.hooks = hooks;
        this.lru = lru;
        this.images = images;
        this.account = account;
        this.shards = newShards(locks.count());
    }

    private static Shard[] newShards(int n) {
        Shard[] s = new Shard[n];
        for (int i = 0; i < n; i++) {
            s[i] = new Shard(i);
        }
        return s;
    }

    // ---- the byte account ----------------------------------------------------------------------
    // Every key is accounted for its entry, key array and table slot (entryBytes) plus its value's
    // memoryUsage(). Stores and deletes account at once. A value changed in place is accounted
    // when the family calls modified(): write lookups (get) and stores remember the value with
    // the size it is accounted for (Shard's pending values), and modified() adds the difference.

    /** Bytes of a plain entry object (see {@link Entry}) and of an entry with an expiry plus its volatile-index slot. */
    static final int PLAIN_ENTRY_BYTES = 32;
    static final int VOLATILE_ENTRY_BYTES = 48 + 8;
    /** A key's share of its table's bucket array (4-byte slots, load factor between 1/2 and 1). */
    static final int BUCKET_BYTES = 8;

    /** What an entry costs besides its value. */
    static long entryBytes(Entry e) {
        return (e instanceof VolatileEntry ? VOLATILE_ENTRY_BYTES : PLAIN_ENTRY_BYTES)
                + ((16L + e.key.length + 7) & ~7L) + BUCKET_BYTES;
    }

    /** What a key of {@code keyLength} bytes costs besides its value (MEMORY USAGE). */
    public static long keyOverhead(int keyLength, boolean volatileKey) {
        return (volatileKey ? VOLATILE_ENTRY_BYTES : PLAIN_ENTRY_BYTES) + ((16L + keyLength + 7) & ~7L) + BUCKET_BYTES;
    }

    private void account(Shard s, long delta) {
        if (delta != 0) {
            s.bytes += delta;
            account.add(s.index, delta);
        }
    }

    /** What {@code v} occupies in the heap, from its family's estimate. */
    private static long cost(KvValue v) {
        return v.memoryUsage();
    }

    /** The bytes {@code v} is accounted for, forgetting it as a pending value. */
    private static long release(Shard s, KvValue v) {
        int slot = s.pendingSlot(v);
        if (slot >= 0) {
            long b = s.pendingBytes(slot);
            s.forgetPending(slot);
            return b;
        }
        return cost(v);
    }

    /** Remembers {@code v}, accounted for {@code accounted} bytes, as possibly changed in place. */
    private void pending(Shard s, KvValue v, long accounted) {
        int victim = s.pendingVictim();
        if (victim >= 0) {
            settle(s, victim);
        }
        s.pendingSlotFor(v, accounted);
    }

    /** Accounts what a pending value's size changed by since it was last accounted. */
    private void settle(Shard s, int slot) {
        long now = cost(s.pendingValue(slot));
        long delta = now - s.pendingBytes(slot);
        if (delta != 0) {
            account(s, delta);
            s.pendingBytes(slot, now);
        }
    }

    /** Bytes accounted to this database's keys. */
    public long accountedBytes() {
        long b = 0;
        for (Shard s : shards) {
            b += s.bytes;
        }
        return b;
    }

    @Override
    public int index() {
        return index;
    }

    /**
     * Lock-safety test mode ({@code -Dsockudo.kv.lockCheck=true}, run once by CI over the
     * integration suite): every table access checks that the caller holds the shard's lock. A
     * constant, so the checks cost nothing when off.
     */
    static final boolean LOCK_CHECK = Boolean.getBoolean("sockudo.kv.lockCheck");

    private Shard shard(byte[] key) {
        int i = locks.shardOf(key);
        if (LOCK_CHECK) {
            locks.checkHeld(i);
        }
        return shards[i];
    }

    /** Shard {@code i}, for the whole-shard operations (scan, expiry, rehash). */
    private Shard shardAt(int i) {
        if (LOCK_CHECK) {
            locks.checkHeld(i);
        }
        return shards[i];
    }

    private void checkAllLocksHeld() {
        if (LOCK_CHECK) {
            locks.checkAllHeld();
        }
    }

    /** Finds the live entry of a key, expiring it if its time has passed. */
    private Entry live(Shard s, byte[] key, int hash) {
        Entry e = s.table.find(key, hash);
        // Redis's keyIsExpired: a key expires once the clock has passed its time (now > when).
        if (e != null && isLogicallyExpired(e) && !hooks.expiryDisabled()) {
            expire(s, e);
            return null;
        }
        return e;
    }

    private void expire(Shard s, Entry e) {
        s.untrackExpiry(e);
        s.table.remove(e.key, e.hash);
        account(s, -(entryBytes(e) + release(s, e.value)));
        hooks.keyExpired(this, e.key);
    }

    /**
     * True when a logically expired key that may not be deleted here (a replica, a client pause)
     * reads as missing; the master's stream on a replica still sees it (Redis 7.0's
     * expireIfNeeded returns "not expired" to the master client).
     */
    private boolean hiddenExpired(Entry e) {
        return hooks.expiryDisabled() && isLogicallyExpired(e) && !hooks.expiredKeysVisible();
    }

    /** True if the entry's expiry has passed (replicas still see it as live). */
    private static boolean isLogicallyExpired(Entry e) {
        long at = e.expireAt();
        return at >= 0 && at < CommandClock.millis();
    }

    @Override
    public KvValue get(byte[] key) {
        return lookup(key, true);
    }

    /**
     * {@link #get}; a write lookup ({@code write}) also remembers the value as possibly changed in
     * place, for the byte account.
     */
    private KvValue lookup(byte[] key, boolean write) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        if (e == null) {
            return null;
        }
        if (hiddenExpired(e)) {
            return null;
        }
        if (s.imageSink != null) {
            beforeChange(s, e); // the write lookup: the caller may change the value in place
        }
        if (!lru.touchSuppressed()) {
            touch(e);
        }
        KvValue v = e.value;
        if (write && s.pendingSlot(v) < 0) {
            pending(s, v, cost(v));
        }
        return v;
    }

    /** A write lookup ({@link #get}) that leaves the LRU/LFU data alone (background work on the key). */
    public KvValue lookupWriteNoTouch(byte[] key) {
        lru.suppressTouch();
        try {
            return lookup(key, true);
        } finally {
            lru.restoreTouch();
        }
    }

    @Override
    public KvValue peek(byte[] key) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        if (e == null || (hiddenExpired(e))) {
            return null;
        }
        return e.value;
    }

    /** {@link #lookupRead} flag: not an access for LRU/LFU (Redis's LOOKUP_NOTOUCH). */
    public static final int LOOKUP_NOTOUCH = 1;
    /** {@link #lookupRead} flag: no {@code keymiss} event on a miss (Redis's LOOKUP_NONOTIFY, as OBJECT uses). */
    public static final int LOOKUP_NONOTIFY = 2;

    @Override
    public KvValue read(byte[] key) {
        return lookupRead(key, 0);
    }

    @Override
    public KvValue readNoTouch(byte[] key) {
        return lookupRead(key, LOOKUP_NOTOUCH);
    }

    /**
     * Redis's {@code lookupKeyReadWithFlags}: the value or null, counting a keyspace hit or miss
     * and (unless {@link #LOOKUP_NONOTIFY}) firing {@code keymiss} on a miss, after any
     * {@code expired} event of the lookup itself.
     */
    public KvValue lookupRead(byte[] key, int flags) {
        KvValue v = (flags & LOOKUP_NOTOUCH) != 0 ? peek(key) : lookup(key, false);
        hooks.keyRead(this, key, v != null, (flags & LOOKUP_NONOTIFY) == 0);
        return v;
    }

    @Override
    public boolean exists(byte[] key) {
        return peek(key) != null;
    }

    @Override
    public void put(byte[] key, KvValue value) {
        put(key, value, NO_EXPIRE);
    }

    @Override
    public void put(byte[] key, KvValue value, long expireAtMillis) {
        requireValue(value);
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        // live(), not a plain find: a key whose time has passed is expired first (the expired
        // event), then added anew, as Redis's write lookup does.
        Entry e = live(s, key, hash);
        long size = cost(value);
        if (e == null) {
            e = Entry.create(key, hash, value, expireAtMillis);
            s.table.insert(e);
            e.access = lru.initial() | images.mark;
            if (e instanceof VolatileEntry) {
                s.trackExpiry((VolatileEntry) e);
            }
            account(s, entryBytes(e) + size);
            hooks.keyCreated(this, key);
        } else {
            if (s.imageSink != null) {
                beforeChange(s, e);
            }
            long before = entryBytes(e) + release(s, e.value);
            e.value = value;
            // An overwrite counts as an access of the key (Redis looks it up for writing; under
            // LFU the new value inherits the counter).
            touch(e);
            e = setExpiry(s, e, expireAtMillis);
            account(s, entryBytes(e) + size - before);
        }
        pending(s, value, size);
        hooks.keyWritten(this, key);
    }

    @Override
    public void putKeepTtl(byte[] key, KvValue value) {
        requireValue(value);
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        Entry e = live(s, key, hash);
        long size = cost(value);
        if (e == null) {
            e = new Entry(key, hash, value);
            s.table.insert(e);
            e.access = lru.initial() | images.mark;
            account(s, entryBytes(e) + size);
            hooks.keyCreated(this, key);
        } else {
            if (s.imageSink != null) {
                beforeChange(s, e);
            }
            account(s, size - release(s, e.value));
            e.value = value;
            touch(e);
        }
        pending(s, value, size);
        hooks.keyWritten(this, key);
    }

    /** A key always has a value: storing null would make a key KEYS lists and EXISTS denies. */
    private static void requireValue(KvValue value) {
        if (value == null) {
            throw new IllegalArgumentException("a key's value cannot be null (delete the key instead)");
        }
    }

    /**
     * Replaces the value of an existing key in place, keeping its expiry and access data, with no
     * hook, event or dirty count: the same data in another representation (MODULE RELOAD moving a
     * module's values to its new version). Caller holds the key's lock. False if the key is absent.
     */
    public boolean replaceValue(byte[] key, KvValue value) {
        requireValue(value);
        Shard s = shard(key);
        Entry e = s.table.find(key, KeyHash.hash(key));
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        e.value = value;
        return true;
    }

    /**
     * Sets ({@code at >= 0}) or clears the expiry of a table entry. Only {@link VolatileEntry}
     * carries an expiry, so a change between "none" and "some" replaces the entry object in its
     * bucket chain and in the volatile index, keeping key, value and access data.
     */
    private static Entry setExpiry(Shard s, Entry e, long at) {
        if (e instanceof VolatileEntry) {
            VolatileEntry v = (VolatileEntry) e;
            if (at >= 0) {
                v.expireAt = at;
                return v;
            }
            s.untrackExpiry(v);
            Entry plain = new Entry(e.key, e.hash, e.value);
            plain.access = e.access;
            s.table.replace(e, plain);
            return plain;
        } else if (at >= 0) {
            VolatileEntry v = new VolatileEntry(e.key, e.hash, e.value, at);
            v.access = e.access;
            s.table.replace(e, v);
            s.trackExpiry(v);
            return v;
        }
        return e;
    }

    /** {@link #setExpiry} with the entry's change of size accounted. */
    private void changeExpiry(Shard s, Entry e, long at) {
        long before = entryBytes(e);
        account(s, entryBytes(setExpiry(s, e, at)) - before);
    }

    @Override
    public boolean delete(byte[] key) {
        return remove(key) != null;
    }

    @Override
    public KvValue remove(byte[] key) {
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        Entry e = live(s, key, hash);
        if (e == null) {
            return null;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        s.untrackExpiry(e);
        s.table.remove(key, hash);
        account(s, -(entryBytes(e) + release(s, e.value)));
        hooks.keyWritten(this, key);
        return e.value;
    }

    @Override
    public long expireAt(byte[] key) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        if (e == null || (hiddenExpired(e))) {
            return -2;
        }
        return e.expireAt();
    }

    @Override
    public boolean setExpireAt(byte[] key, long expireAtMillis) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        changeExpiry(s, e, expireAtMillis);
        hooks.keyWritten(this, key);
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        if (e == null || e.expireAt() < 0) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        changeExpiry(s, e, NO_EXPIRE);
        hooks.keyWritten(this, key);
        return true;
    }

    @Override
    public void modified(byte[] key) {
        Shard s = shard(key);
        Entry e = s.table.find(key, KeyHash.hash(key));
        if (e != null) {
            int slot = s.pendingSlot(e.value);
            if (slot >= 0) {
                settle(s, slot);
            }
        }
        hooks.keyWritten(this, key);
    }

    @Override
    public void touched(byte[] key) {
        hooks.keyTouched(this, key);
    }

    @Override
    public void signalReady(byte[] key) {
        hooks.keyReady(this, key);
    }

    @Override
    public long size() {
        long n = 0;
        for (Shard s : shards) {
            n += s.table.size();
        }
        return n;
    }

    @Override
    public long volatileSize() {
        long n = 0;
        for (Shard s : shards) {
            n += s.volatileCount();
        }
        return n;
    }

    @Override
    public byte[] randomKey() {
        // As Redis's dbRandomKey: expired picks are deleted and do not count as tries, so a master
        // always finds a live key if there is one; a replica (which cannot delete) gives up after
        // 100 expired picks and returns one of them.
        checkAllLocksHeld();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int tries = 100;
        while (true) {
            long total = size();
            if (total == 0) {
                return null;
            }
            // Pick a shard weighted by size, then a random entry in it.
            long pick = rnd.nextLong(total);
            Shard chosen = shards[shards.length - 1];
            for (Shard s : shards) {
                if (pick < s.table.size()) {
                    chosen = s;
                    break;
                }
                pick -= s.table.size();
            }
            Entry e = chosen.table.randomEntry();
            if (e == null) {
                continue;
            }
            if (isLogicallyExpired(e)) {
                if (!hooks.expiryDisabled()) {
                    expire(chosen, e);
                    continue;
                }
                if (--tries > 0) {
                    continue;
                }
            }
            return e.key;
        }
    }

    @Override
    public long scan(long cursor, KeyVisitor visitor) {
        int bits = Integer.numberOfTrailingZeros(shards.length);
        int shardIdx = (int) (cursor & (shards.length - 1));
        long tableCursor = cursor >>> bits;
        Shard s = shardAt(shardIdx);
        List<Entry> expired = null;
        List<Entry> visited = new ArrayList<>();
        long next = s.table.scan(tableCursor, visited::add);
        for (Entry e : visited) {
            if (isLogicallyExpired(e)) {
                if (!hooks.expiryDisabled()) {
                    if (expired == null) {
                        expired = new ArrayList<>();
                    }
                    expired.add(e);
                }
                continue;
            }
            visitor.visit(e.key, e.value);
        }
        if (expired != null) {
            for (Entry e : expired) {
                if (s.table.find(e.key, e.hash) == e) {
                    expire(s, e);
                }
            }
        }
        if (next == 0) {
            shardIdx++;
            if (shardIdx == shards.length) {
                return 0;
            }
            return shardIdx;
        }
        return (next << bits) | shardIdx;
    }

    /** Visits every live key (KEYS, whole-keyspace commands). Caller holds all locks. */
    public void forEachKey(KeyVisitor visitor) {
        checkAllLocksHeld();
        long now = CommandClock.millis();
        for (Shard s : shards) {
            s.table.forEach(e -> {
                long at = e.expireAt();
                if (at < 0 || at >= now) {
                    visitor.visit(e.key, e.value);
                }
            });
        }
    }

    /** An access of the key for LRU/LFU, keeping its image bit. */
    private void touch(Entry e) {
        int a = e.access;
        e.access = lru.touch(a & ImageMark.ACCESS) | (a & ImageMark.BIT);
    }

    /**
     * Copy-on-write for a running point-in-time image: a key about to change or disappear that
     * the image has not taken yet goes to the image first, as it is now. Called with the shard
     * lock held, only while the shard has a sink.
     */
    private void beforeChange(Shard s, Entry e) {
        if ((e.access & ImageMark.BIT) != images.mark) {
            e.access ^= ImageMark.BIT;
            s.imageSink.entry(e.key, e.value, e.expireAt(), e.access & ImageMark.ACCESS);
        }
    }

    /**
     * Starts this database's part of a point-in-time image; the caller holds every shard lock and
     * has flipped the mark ({@link Keyspaces#beginImage}). Keys that commands change before the
     * saver reaches them go to {@code copyOnWrite}; the saver walks the rest through the returned
     * {@link DatabaseImage}.
     */
    DatabaseImage beginImage(ImageSink copyOnWrite) {
        checkAllLocksHeld();
        long volatiles = 0;
        for (Shard s : shards) {
            s.imageSink = copyOnWrite;
            volatiles += s.volatileCount();
        }
        return new DatabaseImage(this, shards, locks, images, size(), volatiles);
    }

    /** What {@link #forEachEntry} hands over per key. */
    @FunctionalInterface
    public interface EntryVisitor {
        /** {@code expireAt} is the absolute expiry in Unix ms or -1; {@code access} the LRU/LFU data. */
        void visit(byte[] key, KvValue value, long expireAt, int access);
    }

    /**
     * Visits every key in the table, logically expired ones included, with its expiry and access
     * data, changing nothing (DEBUG DIGEST, RDB snapshots: Redis iterates its dict the same way).
     * Caller holds all locks.
     */
    public void forEachEntry(EntryVisitor visitor) {
        checkAllLocksHeld();
        for (Shard s : shards) {
            s.table.forEach(e -> visitor.visit(e.key, e.value, e.expireAt(), e.access & ImageMark.ACCESS));
        }
    }

    /**
     * The value of {@code key} even when its time has passed, without expiring it or counting an
     * access (DEBUG DIGEST-VALUE, which Redis answers from the dict directly), or null.
     */
    public KvValue rawValue(byte[] key) {
        Entry e = shard(key).table.find(key, KeyHash.hash(key));
        return e == null ? null : e.value;
    }

    /** The expiry of {@code key} as stored (-1 for none, -2 when absent), expired or not. */
    public long rawExpireAt(byte[] key) {
        Entry e = shard(key).table.find(key, KeyHash.hash(key));
        return e == null ? -2 : e.expireAt();
    }

    @Override
    public void clear() {
        checkAllLocksHeld();
        hooks.contentsReplaced(this, null);
        for (Shard s : shards) {
            account.add(s.index, -s.bytes);
        }
        shards = newShards(shards.length);
        avgTtl = 0;
    }

    /** Swaps the contents of two databases (SWAPDB). Caller holds all locks. */
    public void swapWith(Database other) {
        checkAllLocksHeld();
        hooks.contentsReplaced(this, other);
        hooks.contentsReplaced(other, this);
        Shard[] tmp = shards;
        shards = other.shards;
        other.shards = tmp;
        long t = avgTtl;
        avgTtl = other.avgTtl;
        other.avgTtl = t;        if (account != other.account) {
            // a database of another keyspace (a replica's scratch load): the shards' bytes change
            // account with them
            for (int i = 0; i < shards.length; i++) {
                long delta = shards[i].bytes - other.shards[i].bytes;
                account.add(shards[i].index, delta);
                other.account.add(other.shards[i].index, -delta);
            }
        }
    }

    /**
     * Moves key {@code from} of this database to key {@code to} of {@code dst} (which may be this
     * database), keeping the value object, its expiry and its access data, and replacing whatever
     * {@code to} held (RENAME, MOVE). The caller holds the locks of both keys; since a lock guards
     * the same shard of every database, MOVE needs just one.
     *
     * @return false when {@code from} does not exist
     */
    public boolean transfer(byte[] from, Database dst, byte[] to) {
        Shard s = shard(from);
        int hash = KeyHash.hash(from);
        Entry e = live(s, from, hash);
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        s.untrackExpiry(e);
        s.table.remove(from, hash);
        account(s, -(entryBytes(e) + release(s, e.value)));
        Shard ds = dst.shard(to);
        int toHash = KeyHash.hash(to);
        Entry old = ds.table.find(to, toHash);
        if (old != null) {
            if (ds.imageSink != null) {
                dst.beforeChange(ds, old);
            }
            ds.untrackExpiry(old);
            ds.table.remove(to, toHash);
            dst.account(ds, -(entryBytes(old) + release(ds, old.value)));
        }
        Entry moved = Entry.create(to, toHash, e.value, e.expireAt());
        // A renamed key is a new key for the running image (the old name was taken above).
        moved.access = (e.access & ImageMark.ACCESS) | images.mark;
        ds.table.insert(moved);
        if (moved instanceof VolatileEntry) {
            ds.trackExpiry((VolatileEntry) moved);
        }
        dst.account(ds, entryBytes(moved) + cost(moved.value));
        // Redis deletes any old destination and adds the key anew (dbAdd): always a new key.
        hooks.keyCreated(dst, to);
        hooks.keyWritten(this, from);
        hooks.keyWritten(dst, to);
        return true;
    }

    // ---- bulk load (an RDB file at start-up, DEBUG RELOAD, a replica's full sync) ---------------

    /**
     * Sizes the tables for {@code keys} more keys (the file's RESIZEDB hint), so the load that
     * follows never rehashes. Caller holds every lock.
     */
    public void reserveForLoad(long keys) {
        checkAllLocksHeld();
        long perShard = keys / shards.length;
        perShard += perShard / 8 + 1; // slots do not spread keys over shards exactly evenly
        for (Shard s : shards) {
            s.table.reserve((int) Math.min(s.table.size() + perShard, 1 << 30));
        }
    }

    /**
     * Adds a key read from a file, as Redis's {@code dbAddRDBLoad}: no write hooks, no keyspace
     * event, no expiry check, no LRU stamp of its own (the caller announces the loaded keys to
     * the listeners). {@code access} is the file's IDLE/FREQ data ({@link LruClock#accessFor}) or
     * -1 for a fresh key. Runs with every lock held, before any command can see the key.
     *
     * @return false, adding nothing, when the key exists (a duplicate in the file, or a key kept
     *         by DEBUG RELOAD NOFLUSH): the caller decides, see {@link #replaceForLoad}
     */
    public boolean addForLoad(byte[] key, KvValue value, long expireAt, int access) {
        Shard s = shards[locks.shardOfSlot(Slots.slot(key))];
        Entry e = Entry.create(key, KeyHash.hash(key), value, expireAt);
        e.access = (access >= 0 ? access & ImageMark.ACCESS : lru.initial()) | images.mark;
        if (s.table.insertIfAbsent(e) != null) {
            return false;
        }
        account(s, entryBytes(e) + cost(value));
        if (e instanceof VolatileEntry) {
            s.trackExpiry((VolatileEntry) e);
        }
        return true;
    }

    /**
     * Replaces an existing key with one read from a file (DEBUG RELOAD MERGE, Redis's
     * {@code RDBFLAGS_ALLOW_DUP}): the old value goes as {@code dbSyncDelete} drops it.
     */
    public void replaceForLoad(byte[] key, KvValue value, long expireAt, int access) {
        Shard s = shards[locks.shardOfSlot(Slots.slot(key))];
        int hash = KeyHash.hash(key);
        Entry old = s.table.find(key, hash);
        if (old != null) {
            if (s.imageSink != null) {
                beforeChange(s, old);
            }
            s.untrackExpiry(old);
            s.table.remove(key, hash);
            account(s, -(entryBytes(old) + release(s, old.value)));
        }
        addForLoad(key, value, expireAt, access);
    }

    /** Ends a load: leaves the tables in their steady state (no resize half done). */
    public void finishLoad() {
        checkAllLocksHeld();
        for (Shard s : shards) {
            s.table.finishRehash();
        }
    }

    // ---- eviction (maxmemory) -----------------------------------------------------------------

    /** What eviction sampling hands over for each key it looks at. */
    @FunctionalInterface
    public interface EvictionSink {
        /**
         * @param access   the key's LRU/LFU data (see {@link LruClock})
         * @param expireAt its absolute expiry in Unix ms, or -1
         */
        void candidate(Database db, byte[] key, int access, long expireAt);
    }

    /**
     * Hands up to {@code n} random keys of shard {@code shardIdx} to {@code sink} (only keys with an
     * expiry when {@code volatileOnly}), as Redis's {@code evictionPoolPopulate} samples a dict.
     * Caller holds the shard's lock.
     *
     * @return how many keys of that kind the shard holds
     */
    public long sampleForEviction(int shardIdx, int n, boolean volatileOnly, EvictionSink sink) {
        Shard s = shardAt(shardIdx);
        long available = volatileOnly ? s.volatileCount() : s.table.size();
        long count = Math.min(n, available);
        for (long i = 0; i < count; i++) {
            Entry e = volatileOnly ? s.randomVolatile() : s.table.randomEntry();
            if (e == null) {
                break;
            }
            sink.candidate(this, e.key, e.access & ImageMark.ACCESS, e.expireAt());
        }
        return available;
    }

    /**
     * Deletes {@code key} as {@code maxmemory} eviction does (the {@code evicted} event, DEL or
     * UNLINK propagated, through {@link KeyspaceHooks#keyEvicted}). Caller holds the key's lock.
     *
     * @return the bytes the key was accounted for, or -1 when it is not there
     */
    public long evict(byte[] key) {
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        Entry e = s.table.find(key, hash);
        if (e == null) {
            return -1;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        s.untrackExpiry(e);
        s.table.remove(key, hash);
        long freed = entryBytes(e) + release(s, e.value);
        account(s, -freed);
        hooks.keyEvicted(this, e.key);
        return freed;
    }

    /** Number of keys in shard {@code shardIdx} (all, or those with an expiry). Racy outside the lock. */
    public long shardSize(int shardIdx, boolean volatileOnly) {
        Shard s = shards[shardIdx];
        return volatileOnly ? s.volatileCount() : s.table.size();
    }

    /** True while nothing may be expired locally (replica, client pause): module expire hooks skip their work. */
    public boolean expiryDisabled() {
        return hooks.expiryDisabled();
    }

    /**
     * Replaces the access data of a key (RESTORE IDLETIME/FREQ, an RDB file's IDLE/FREQ opcodes);
     * see {@link LruClock#accessFor}. Not an access, not a write.
     */
    public void setAccess(byte[] key, int access) {
        Shard s = shard(key);
        Entry e = s.table.find(key, KeyHash.hash(key));
        if (e != null) {
            e.access = (access & ImageMark.ACCESS) | (e.access & ImageMark.BIT);
        }
    }

    /** Expiry and access data of a key for OBJECT IDLETIME/FREQ, or null if absent. */
    public int accessData(byte[] key) {
        Shard s = shard(key);
        Entry e = live(s, key, KeyHash.hash(key));
        return e == null ? -1 : e.access & ImageMark.ACCESS;
    }

    /**
     * One sampling round of the active expire cycle on shard {@code shardIdx}: looks at up to
     * {@code samples} random volatile keys and deletes the expired ones. Caller holds the lock.
     *
     * @return {@code [sampled, expired]} packed as sampled &lt;&lt; 32 | expired
     */
    public long activeExpireRound(int shardIdx, int samples, long now) {
        if (hooks.expiryDisabled()) {
            // Replicas never expire keys on their own: they wait for the master's DEL.
            return 0;
        }
        Shard s = shardAt(shardIdx);
        int sampled = 0;
        int expired = 0;
        long ttlSum = 0;
        int ttlSamples = 0;
        int n = Math.min(samples, s.volatileCount());
        for (int i = 0; i < n; i++) {
            VolatileEntry e = s.randomVolatile();
            if (e == null) {
                break;
            }
            sampled++;
            if (e.expireAt < now) {
                expire(s, e);
                expired++;
            } else if (e.expireAt > now) {
                ttlSum += e.expireAt - now;
                ttlSamples++;
            }
        }
        if (ttlSamples > 0) {
            updateAvgTtl(ttlSum / ttlSamples);
        }
        return ((long) sampled << 32) | expired;
    }

    /**
     * INFO keyspace avg_ttl, in ms: Redis's running estimate, updated after each sampling round
     * with weight 2 % for the round's average TTL of the live keys sampled, 98 % for the old value.
     */
    private volatile long avgTtl;

    private void updateAvgTtl(long roundAvg) {
        long avg = avgTtl == 0 ? roundAvg : avgTtl;
        avgTtl = (avg / 50) * 49 + roundAvg / 50;
    }

    /** The estimated average TTL of keys with an expiry, in ms (0 when unknown or none). */
    public long avgTtl() {
        return avgTtl;
    }

    /** Forgets the estimate (the active cycle found no key with an expiry, as Redis resets it). */
    void resetAvgTtl() {
        avgTtl = 0;
    }

    /** Keys with an expiry in one shard (for the active cycle's bookkeeping). */
    public int volatileCount(int shardIdx) {
        return shards[shardIdx].volatileCount();
    }

    /** Moves a few buckets of any resizing table in a shard (background cron). Caller holds the lock. */
    public void rehashSome(int shardIdx, int steps) {
        shardAt(shardIdx).table.rehashSome(steps);
    }

    /** Approximate overhead in bytes of the table structures, for INFO memory. */
    public long overheadBytes() {
        long b = 0;
        for (Shard s : shards) {
            // 32 bytes per plain entry, 48 per entry with an expiry (plus its volatile index slot).
            b += s.table.buckets() * 4 + (long) s.table.size() * 32 + (long) s.volatileCount() * 20;
        }
        return b;
    }

    /** For tests: iterate all raw entries. */
    void forEachEntry(Consumer<Entry> c) {
        for (Shard s : shards) {
            s.table.forEach(c::accept);
        }
    }
}
