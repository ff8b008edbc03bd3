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
        this(index, locks, hooks, lru, new ImageMark(), new MemoryAccount(locks));
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
    // memoryUsage(); a packed key for its one array and its table slot. Stores and deletes account
    // at once. A value changed in place is accounted when the family calls modified(): write
    // lookups (get) and stores of object values remember the value with the size it is accounted
    // for (Shard's pending values), and modified() adds the difference. Packed keys have no value
    // object to change, so they are never pending.

    /** Bytes of a plain entry object (see {@link Entry}) and of an entry with an expiry plus its volatile-index slot. */
    static final int PLAIN_ENTRY_BYTES = 32;
    static final int VOLATILE_ENTRY_BYTES = 40 + 8;
    /**
     * A key's share of its table: a 4-byte reference and a tag byte per slot, at a load factor
     * between 3/8 and 3/4 (see {@link KeyTable}): about 10 bytes.
     */
    static final int BUCKET_BYTES = 10;

    /** What an object entry costs besides its value; a packed entry in all. */
    static long entryBytes(Object e) {
        if (e instanceof Entry x) {
            return (x instanceof VolatileEntry ? VOLATILE_ENTRY_BYTES : PLAIN_ENTRY_BYTES)
                    + ((16L + x.key.length + 7) & ~7L) + BUCKET_BYTES;
        }
        return EntryForm.packedBytes(((byte[]) e).length) + BUCKET_BYTES;
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

    /** The bytes the value of {@code x} is accounted for, forgetting it as a pending value. */
    private static long release(Shard s, Entry x) {
        KvValue v = x.value;
        if (s.lastWriteValue == v) {
            // not kept alive by the write-lookup memo once it has left the keyspace (a big value)
            s.lastWriteKey = null;
            s.lastWriteValue = null;
        }
        int slot = s.pendingSlot(v);
        if (slot >= 0) {
            long b = s.pendingBytes(slot);
            s.forgetPending(slot);
            return b;
        }
        return settledBytes(x);
    }

    /** What the value of {@code x} is accounted for while it is not pending (see {@link Entry#valueBytes}). */
    private static long settledBytes(Entry x) {
        int known = x.valueBytes;
        return known != Entry.UNKNOWN ? known : cost(x.value);
    }

    /** Records in {@code x} that its value is accounted for {@code size} bytes (see {@link Entry#valueBytes}). */
    private static long accounted(Entry x, long size) {
        x.valueBytes = size <= Integer.MAX_VALUE ? (int) size : Entry.UNKNOWN;
        return size;
    }

    /** What entry {@code e} is accounted for in all (entry, key, slot, value), forgetting a pending value. */
    private static long releaseAll(Shard s, Object e) {
        if (e instanceof Entry x) {
            return entryBytes(x) + release(s, x);
        }
        return entryBytes(e);
    }

    /**
     * Remembers {@code v}, the value of entry {@code holder}, accounted for {@code accounted}
     * bytes, as possibly changed in place. The value whose slot it takes is settled, and its entry
     * records the size it is accounted for from then on.
     */
    private void pending(Shard s, KvValue v, long accounted, Entry holder) {
        int victim = s.pendingVictim();
        if (victim >= 0) {
            settle(s, victim);
            accounted(s.pendingEntry(victim), s.pendingBytes(victim));
        }
        s.pendingSlotFor(v, accounted, holder);
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

    // ---- the two entry forms (see EntryForm) ---------------------------------------------------

    private static void tableInsert(Shard s, Object e) {
        s.table.insert(e);
        if (e instanceof byte[]) {
            s.packed++;
        }
    }

    private static void tableRemove(Shard s, Object e, byte[] key, int hash) {
        s.table.remove(key, hash);
        if (e instanceof byte[]) {
            s.packed--;
        }
    }

    private static void tableReplace(Shard s, Object old, Object repl) {
        s.table.replace(old, repl);
        s.packed += (repl instanceof byte[] ? 1 : 0) - (old instanceof byte[] ? 1 : 0);
    }

    /**
     * The table form of a key: packed when it has no expiry, its key fits and its value's type has
     * an inline form that takes it; else an {@link Entry} (a {@link VolatileEntry} with an expiry).
     */
    private static Object form(byte[] key, int hash, KvValue value, long expireAt, int access) {
        if (expireAt < 0 && key.length <= EntryForm.MAX_KEY) {
            io.sockudo.kv.spi.InlineCodec codec = InlineCodecs.of(value);
            if (codec != null) {
                int n = codec.inlineLength(value);
                if (n >= 0) {
                    int id = InlineCodecs.idOf(codec);
                    if (id >= 0) {
                        byte[] p = EntryForm.newPacked(key, hash, id, n, access);
                        codec.writeInline(value, p, EntryForm.valueOffset(p));
                        return p;
                    }
                }
            }
        }
        Entry e = Entry.create(key, hash, value, expireAt);
        e.access = access;
        return e;
    }

    /** A read-only copy of a packed entry's value. */
    private static KvValue view(byte[] p) {
        int off = EntryForm.valueOffset(p);
        return InlineCodecs.get(EntryForm.codec(p)).view(p, off, p.length - off);
    }

    /** An owned, mutable copy of a packed entry's value. */
    private static KvValue inflateValue(byte[] p) {
        int off = EntryForm.valueOffset(p);
        return InlineCodecs.get(EntryForm.codec(p)).inflate(p, off, p.length - off);
    }

    /** The value of an entry for reading: the object, or a read-only copy of a packed value. */
    private static KvValue valueOf(Object e) {
        return e instanceof Entry x ? x.value : view((byte[]) e);
    }

    /**
     * Turns a packed entry into an object entry (with expiry {@code expireAt}, or none) holding an
     * owned copy of its value, in the same slot, accounting the difference. The write lookup does
     * this so a family can change the value in place; the key stays an object until its next put.
     */
    private Entry inflate(Shard s, byte[] p, byte[] key, long expireAt) {
        KvValue v = inflateValue(p);
        Entry e = Entry.create(key, EntryForm.hash(p), v, expireAt);
        e.access = EntryForm.access(p);
        tableReplace(s, p, e);
        if (e instanceof VolatileEntry ve) {
            s.trackExpiry(ve);
        }
        account(s, entryBytes(e) + accounted(e, cost(v)) - entryBytes(p));
        return e;
    }

    // ---- lookups -------------------------------------------------------------------------------

    /** Finds the live entry of a key (an {@link Entry} or a packed array), expiring it if its time has passed. */
    private Object live(Shard s, byte[] key, int hash) {
        Object e = s.table.find(key, hash);
        // Redis's keyIsExpired: a key expires once the clock has passed its time (now > when).
        if (e instanceof Entry x && isLogicallyExpired(x) && !hooks.expiryDisabled()) {
            expire(s, x);
            return null;
        }
        return e;
    }

    private void expire(Shard s, Entry e) {
        s.untrackExpiry(e);
        tableRemove(s, e, e.key, e.hash);
        account(s, -(entryBytes(e) + release(s, e)));
        hooks.keyExpired(this, e.key);
    }

    /**
     * True when a logically expired key that may not be deleted here (a replica, a client pause)
     * reads as missing; the master's stream on a replica still sees it (Redis 7.0's
     * expireIfNeeded returns "not expired" to the master client).
     */
    private boolean hiddenExpired(Object e) {
        return e instanceof Entry x && hooks.expiryDisabled() && isLogicallyExpired(x) && !hooks.expiredKeysVisible();
    }

    /** True if the entry's expiry has passed (replicas still see it as live). */
    private static boolean isLogicallyExpired(Entry e) {
        long at = e.expireAt();
        return at >= 0 && at < CommandClock.millis();
    }

    private static boolean isLogicallyExpired(Object e) {
        return e instanceof Entry x && isLogicallyExpired(x);
    }

    @Override
    public KvValue get(byte[] key) {
        return lookup(key, true);
    }

    /**
     * {@link #get}; a write lookup ({@code write}) returns the stored object (inflating a packed
     * entry) and remembers it as possibly changed in place, for the byte account. A read lookup of
     * a packed entry returns a read-only copy.
     */
    private KvValue lookup(byte[] key, boolean write) {
        Shard s = shard(key);
        Object o = live(s, key, KeyHash.hash(key));
        if (o == null) {
            return null;
        }
        if (o instanceof byte[] p) {
            if (!write) {
                // nothing can change a copy: no copy-on-write needed
                if (!lru.touchSuppressed()) {
                    touch(p);
                }
                return view(p);
            }
            if (s.imageSink != null) {
                beforeChange(s, p);
            }
            Entry e = inflate(s, p, key, NO_EXPIRE);
            if (!lru.touchSuppressed()) {
                touch(e);
            }
            KvValue v = e.value;
            pending(s, v, settledBytes(e), e);
            s.lastWriteKey = key;
            s.lastWriteValue = v;
            return v;
        }
        Entry e = (Entry) o;
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
        if (write) {
            if (s.pendingSlot(v) < 0) {
                pending(s, v, settledBytes(e), e);
            }
            s.lastWriteKey = key;
            s.lastWriteValue = v;
        }
        return v;
    }

    /**
     * A write lookup that only asks whether the key exists (Redis's {@code lookupKeyWrite} before
     * RENAME, RESTORE, EXPIRE, PERSIST): expires the key if its time has passed and counts an
     * access, like {@link #get}, but leaves a packed key packed (the command that follows changes
     * the key through the keyspace, not in place).
     */
    public boolean existsForWrite(byte[] key) {
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        if (e == null || hiddenExpired(e)) {
            return false;
        }
        if (!lru.touchSuppressed()) {
            touch(e);
        }
        return true;
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
        Object e = live(s, key, KeyHash.hash(key));
        if (e == null || hiddenExpired(e)) {
            return null;
        }
        return valueOf(e);
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
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        return e != null && !hiddenExpired(e);
    }

    // ---- stores --------------------------------------------------------------------------------

    @Override
    public void put(byte[] key, KvValue value) {
        store(key, value, NO_EXPIRE, false);
    }

    @Override
    public void put(byte[] key, KvValue value, long expireAtMillis) {
        store(key, value, expireAtMillis, false);
    }

    @Override
    public void putKeepTtl(byte[] key, KvValue value) {
        store(key, value, NO_EXPIRE, true);
    }

    /**
     * Stores {@code value} under {@code key} with expiry {@code at} (or the key's current one when
     * {@code keepTtl}), in the form {@link #form} chooses; an existing key keeps its access data
     * (touched: an overwrite counts as an access, and under LFU the new value inherits the counter).
     */
    private void store(byte[] key, KvValue value, long at, boolean keepTtl) {
        requireValue(value);
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        // live(), not a plain find: a key whose time has passed is expired first (the expired
        // event), then added anew, as Redis's write lookup does.
        Object e = live(s, key, hash);
        if (e == null) {
            Object n = form(key, hash, value, keepTtl ? NO_EXPIRE : at, lru.initial() | images.mark);
            tableInsert(s, n);
            if (n instanceof Entry x) {
                if (x instanceof VolatileEntry v) {
                    s.trackExpiry(v);
                }
                long size = accounted(x, cost(value));
                account(s, entryBytes(x) + size);
                pending(s, value, size, x);
            } else {
                account(s, entryBytes(n));
            }
            hooks.keyCreated(this, key);
            hooks.keyWritten(this, key);
            return;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        long expireAt = keepTtl ? EntryForm.expireAt(e) : at;
        int access = touched(EntryForm.access(e));
        if (e instanceof byte[] p && expireAt < 0 && overwriteInPlace(p, value)) {
            // same codec, same inline length: the new value's bytes go into the key's array (no
            // one else holds it: reads, images and samples get copies), nothing is allocated
            EntryForm.access(p, access);
            hooks.keyWritten(this, key);
            return;
        }
        long before = releaseAll(s, e);
        Object n;
        if (e instanceof Entry x && !(expireAt < 0 && packable(key, value))) {
            // stays an object: the value changes, the entry only if the expiry's presence does
            x.value = value;
            x.access = access;
            n = setExpiry(s, x, expireAt);
        } else {
            n = form(EntryForm.isPacked(e) ? key : ((Entry) e).key, hash, value, expireAt, access);
            if (e instanceof VolatileEntry v) {
                s.untrackExpiry(v);
            }
            tableReplace(s, e, n);
            if (n instanceof VolatileEntry v) {
                s.trackExpiry(v);
            }
        }
        if (n instanceof Entry x) {
            long size = accounted(x, cost(value));
            account(s, entryBytes(n) + size - before);
            pending(s, value, size, x);
        } else {
            account(s, entryBytes(n) - before);
        }
        hooks.keyWritten(this, key);
    }

    /** Writes {@code value}'s inline form over packed entry {@code p}'s value when it has the same codec and length. */
    private static boolean overwriteInPlace(byte[] p, KvValue value) {
        io.sockudo.kv.spi.InlineCodec codec = InlineCodecs.of(value);
        if (codec == null || InlineCodecs.get(EntryForm.codec(p)) != codec) {
            return false;
        }
        int off = EntryForm.valueOffset(p);
        if (codec.inlineLength(value) != p.length - off) {
            return false;
        }
        codec.writeInline(value, p, off);
        return true;
    }

    /** True when {@link #form} would pack {@code value} under {@code key} without an expiry. */
    private static boolean packable(byte[] key, KvValue value) {
        if (key.length > EntryForm.MAX_KEY) {
            return false;
        }
        io.sockudo.kv.spi.InlineCodec codec = InlineCodecs.of(value);
        return codec != null && codec.inlineLength(value) >= 0;
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
        int hash = KeyHash.hash(key);
        Object e = s.table.find(key, hash);
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        // the old value leaves the account (and the pending values: it must not be settled later)
        long before = releaseAll(s, e);
        Object n = e;
        if (e instanceof Entry x) {
            x.value = value;
        } else {
            n = form(key, hash, value, NO_EXPIRE, EntryForm.access(e));
            tableReplace(s, e, n);
        }
        account(s, (n instanceof Entry x ? entryBytes(n) + accounted(x, cost(value)) : entryBytes(n)) - before);
        return true;
    }

    /**
     * Sets ({@code at >= 0}) or clears the expiry of an object entry. Only {@link VolatileEntry}
     * carries an expiry, so a change between "none" and "some" replaces the entry object in its
     * table slot and in the volatile index, keeping key, value and access data.
     */
    private static Entry setExpiry(Shard s, Entry e, long at) {
        if (e instanceof VolatileEntry v) {
            if (at >= 0) {
                v.expireAt = at;
                return v;
            }
            s.untrackExpiry(v);
            Entry plain = new Entry(e.key, e.hash, e.value);
            replaceEntry(s, e, plain);
            return plain;
        } else if (at >= 0) {
            VolatileEntry v = new VolatileEntry(e.key, e.hash, e.value, at);
            replaceEntry(s, e, v);
            s.trackExpiry(v);
            return v;
        }
        return e;
    }

    /**
     * Puts {@code to} (same key and value, another class) in the table slot of {@code from}, with
     * its access data and accounted size; a pending slot of the value follows it.
     */
    private static void replaceEntry(Shard s, Entry from, Entry to) {
        to.access = from.access;
        to.valueBytes = from.valueBytes;
        s.repointPending(from, to);
        tableReplace(s, from, to);
    }

    /**
     * {@link #setExpiry} with the entry's change of size accounted; a packed entry given an expiry
     * becomes an object entry (keys with an expiry are objects: the volatile index holds them).
     */
    private void changeExpiry(Shard s, Object e, byte[] key, long at) {
        if (e instanceof byte[] p) {
            if (at >= 0) {
                inflate(s, p, key, at);
            }
            return;
        }
        long before = entryBytes(e);
        account(s, entryBytes(setExpiry(s, (Entry) e, at)) - before);
    }

    // ---- deletes and expiry --------------------------------------------------------------------

    @Override
    public boolean delete(byte[] key) {
        return removeEntry(key) != null;
    }

    @Override
    public KvValue remove(byte[] key) {
        Object e = removeEntry(key);
        if (e == null) {
            return null;
        }
        return e instanceof Entry x ? x.value : inflateValue((byte[]) e);
    }

    /** Deletes a key (after copy-on-write for a running image), returning its entry, or null. */
    private Object removeEntry(byte[] key) {
        Shard s = shard(key);
        int hash = KeyHash.hash(key);
        Object e = live(s, key, hash);
        if (e == null) {
            return null;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        if (e instanceof Entry x) {
            s.untrackExpiry(x);
        }
        tableRemove(s, e, key, hash);
        account(s, -releaseAll(s, e));
        hooks.keyWritten(this, key);
        return e;
    }

    @Override
    public long expireAt(byte[] key) {
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        if (e == null || hiddenExpired(e)) {
            return -2;
        }
        return EntryForm.expireAt(e);
    }

    @Override
    public boolean setExpireAt(byte[] key, long expireAtMillis) {
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        changeExpiry(s, e, key, expireAtMillis);
        hooks.keyWritten(this, key);
        return true;
    }

    @Override
    public boolean persist(byte[] key) {
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        if (e == null || EntryForm.expireAt(e) < 0) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        // the entry becomes a plain object entry; it is packed again at its next put
        changeExpiry(s, e, key, NO_EXPIRE);
        hooks.keyWritten(this, key);
        return true;
    }

    @Override
    public void modified(byte[] key) {
        Shard s = shard(key);
        KvValue v;
        if (s.lastWriteKey == key) {
            v = s.lastWriteValue; // the usual case: the same argument's write lookup, just before
        } else {
            Object e = s.table.find(key, KeyHash.hash(key));
            v = e instanceof Entry x ? x.value : null;
        }
        if (v != null) {
            int slot = s.pendingSlot(v);
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
            Object e = chosen.table.randomEntry();
            if (e == null) {
                continue;
            }
            if (e instanceof Entry x && isLogicallyExpired(x)) {
                if (!hooks.expiryDisabled()) {
                    expire(chosen, x);
                    continue;
                }
                if (--tries > 0) {
                    continue;
                }
            }
            return EntryForm.key(e);
        }
    }

    @Override
    public long scan(long cursor, KeyVisitor visitor) {
        int bits = Integer.numberOfTrailingZeros(shards.length);
        int shardIdx = (int) (cursor & (shards.length - 1));
        long tableCursor = cursor >>> bits;
        Shard s = shardAt(shardIdx);
        List<Entry> expired = null;
        List<Object> visited = new ArrayList<>();
        long next = s.table.scan(tableCursor, visited::add);
        for (Object o : visited) {
            if (o instanceof Entry e) {
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
            } else {
                byte[] p = (byte[]) o;
                visitor.visit(EntryForm.key(p), view(p));
            }
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
            s.table.forEach(o -> {
                if (o instanceof Entry e) {
                    long at = e.expireAt();
                    if (at < 0 || at >= now) {
                        visitor.visit(e.key, e.value);
                    }
                } else {
                    byte[] p = (byte[]) o;
                    visitor.visit(EntryForm.key(p), view(p));
                }
            });
        }
    }

    /** An access of the key for LRU/LFU, keeping its image bit. */
    private void touch(Object e) {
        EntryForm.access(e, touched(EntryForm.access(e)));
    }

    /** Access data {@code a} after an access, keeping its image bit. */
    private int touched(int a) {
        return lru.touch(a & ImageMark.ACCESS) | (a & ImageMark.BIT);
    }

    /**
     * Copy-on-write for a running point-in-time image: a key about to change or disappear that
     * the image has not taken yet goes to the image first, as it is now (a packed key as a
     * read-only copy). Called with the shard lock held, only while the shard has a sink.
     */
    private void beforeChange(Shard s, Object e) {
        int a = EntryForm.access(e);
        if ((a & ImageMark.BIT) != images.mark) {
            a ^= ImageMark.BIT;
            EntryForm.access(e, a);
            s.imageSink.entry(EntryForm.key(e), valueOf(e), EntryForm.expireAt(e), a & ImageMark.ACCESS);
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

    /**
     * The saver's step over one entry of an image: hands it to {@code out} unless the image has it
     * already (then marks it taken).
     */
    static void take(Object e, int mark, ImageSink out) {
        int a = EntryForm.access(e);
        if ((a & ImageMark.BIT) != mark) {
            a ^= ImageMark.BIT;
            EntryForm.access(e, a);
            out.entry(EntryForm.key(e), valueOf(e), EntryForm.expireAt(e), a & ImageMark.ACCESS);
        }
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
     * Packed values come as read-only copies. Caller holds all locks.
     */
    public void forEachEntry(EntryVisitor visitor) {
        checkAllLocksHeld();
        for (Shard s : shards) {
            s.table.forEach(e -> visitor.visit(EntryForm.key(e), valueOf(e), EntryForm.expireAt(e),
                    EntryForm.access(e) & ImageMark.ACCESS));
        }
    }

    /**
     * The value of {@code key} even when its time has passed, without expiring it or counting an
     * access (DEBUG DIGEST-VALUE, which Redis answers from the dict directly), or null.
     */
    public KvValue rawValue(byte[] key) {
        Object e = shard(key).table.find(key, KeyHash.hash(key));
        return e == null ? null : valueOf(e);
    }

    /** The expiry of {@code key} as stored (-1 for none, -2 when absent), expired or not. */
    public long rawExpireAt(byte[] key) {
        Object e = shard(key).table.find(key, KeyHash.hash(key));
        return e == null ? -2 : EntryForm.expireAt(e);
    }

    /**
     * What {@code key} occupies, as MEMORY USAGE reports it: its entry, key and table slot plus
     * its value's estimate, or its packed array and slot. -1 when absent (no expiry check: the
     * caller looked the key up first).
     */
    public long memoryUsage(byte[] key) {
        Object e = shard(key).table.find(key, KeyHash.hash(key));
        if (e == null) {
            return -1;
        }
        return e instanceof Entry x ? entryBytes(x) + cost(x.value) : entryBytes(e);
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
        other.avgTtl = t;
        if (account != other.account) {
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
     * database), keeping the value object (or the packed value bytes), its expiry and its access
     * data, and replacing whatever {@code to} held (RENAME, MOVE). The caller holds the locks of
     * both keys; since a lock guards the same shard of every database, MOVE needs just one.
     *
     * @return false when {@code from} does not exist
     */
    public boolean transfer(byte[] from, Database dst, byte[] to) {
        Shard s = shard(from);
        int hash = KeyHash.hash(from);
        Object e = live(s, from, hash);
        if (e == null) {
            return false;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        if (e instanceof Entry x) {
            s.untrackExpiry(x);
        }
        tableRemove(s, e, from, hash);
        long freed = releaseAll(s, e);
        account(s, -freed);
        Shard ds = dst.shard(to);
        int toHash = KeyHash.hash(to);
        Object old = ds.table.find(to, toHash);
        if (old != null) {
            if (ds.imageSink != null) {
                dst.beforeChange(ds, old);
            }
            if (old instanceof Entry ox) {
                ds.untrackExpiry(ox);
            }
            tableRemove(ds, old, to, toHash);
            dst.account(ds, -releaseAll(ds, old));
        }
        // A renamed key is a new key for the running image (the old name was taken above).
        int access = (EntryForm.access(e) & ImageMark.ACCESS) | images.mark;
        Object moved;
        if (e instanceof Entry x) {
            moved = Entry.create(to, toHash, x.value, x.expireAt());
            ((Entry) moved).access = access;
        } else if (to.length <= EntryForm.MAX_KEY) {
            // a packed entry moves packed: the same value bytes under the new key
            byte[] p = (byte[]) e;
            int off = EntryForm.valueOffset(p);
            byte[] q = EntryForm.newPacked(to, toHash, EntryForm.codec(p), p.length - off, access);
            System.arraycopy(p, off, q, EntryForm.valueOffset(q), p.length - off);
            moved = q;
        } else {
            Entry x = new Entry(to, toHash, inflateValue((byte[]) e));
            x.access = access;
            moved = x;
        }
        tableInsert(ds, moved);
        if (moved instanceof VolatileEntry v) {
            ds.trackExpiry(v);
        }
        dst.account(ds, moved instanceof Entry x ? entryBytes(x) + accounted(x, cost(x.value)) : entryBytes(moved));
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
     * -1 for a fresh key. Small values are packed as a store would pack them. Runs with every lock
     * held, before any command can see the key.
     *
     * @return false, adding nothing, when the key exists (a duplicate in the file, or a key kept
     *         by DEBUG RELOAD NOFLUSH): the caller decides, see {@link #replaceForLoad}
     */
    public boolean addForLoad(byte[] key, KvValue value, long expireAt, int access) {
        Shard s = shards[locks.shardOfSlot(Slots.slot(key))];
        int a = (access >= 0 ? access & ImageMark.ACCESS : lru.initial()) | images.mark;
        Object e = form(key, KeyHash.hash(key), value, expireAt, a);
        if (s.table.insertIfAbsent(e, key) != null) {
            return false;
        }
        if (e instanceof Entry x) {
            account(s, entryBytes(x) + accounted(x, cost(value)));
            if (x instanceof VolatileEntry v) {
                s.trackExpiry(v);
            }
        } else {
            s.packed++;
            account(s, entryBytes(e));
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
        Object old = s.table.find(key, hash);
        if (old != null) {
            if (s.imageSink != null) {
                beforeChange(s, old);
            }
            if (old instanceof Entry x) {
                s.untrackExpiry(x);
            }
            tableRemove(s, old, key, hash);
            account(s, -releaseAll(s, old));
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
            Object e = volatileOnly ? s.randomVolatile() : s.table.randomEntry();
            if (e == null) {
                break;
            }
            sink.candidate(this, EntryForm.key(e), EntryForm.access(e) & ImageMark.ACCESS, EntryForm.expireAt(e));
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
        Object e = s.table.find(key, hash);
        if (e == null) {
            return -1;
        }
        if (s.imageSink != null) {
            beforeChange(s, e);
        }
        if (e instanceof Entry x) {
            s.untrackExpiry(x);
        }
        tableRemove(s, e, key, hash);
        long freed = releaseAll(s, e);
        account(s, -freed);
        hooks.keyEvicted(this, key);
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
        Object e = s.table.find(key, KeyHash.hash(key));
        if (e != null) {
            EntryForm.access(e, (access & ImageMark.ACCESS) | (EntryForm.access(e) & ImageMark.BIT));
        }
    }

    /** Expiry and access data of a key for OBJECT IDLETIME/FREQ, or null if absent. */
    public int accessData(byte[] key) {
        Shard s = shard(key);
        Object e = live(s, key, KeyHash.hash(key));
        return e == null ? -1 : EntryForm.access(e) & ImageMark.ACCESS;
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
            // 5 bytes per slot; 32 per plain entry object, 40 per entry with an expiry plus its
            // volatile index slot; a packed entry's array header and own header (its key and value
            // bytes are data, as Redis counts an embstr key's sds as dataset)
            long objects = s.table.size() - s.packed;
            b += s.table.slots() * 5 + objects * 32 + (long) s.volatileCount() * 16
                    + (long) s.packed * (16 + EntryForm.HEADER);
        }
        return b;
    }

    /** For tests: iterate all raw entries (an {@link Entry} or a packed array). */
    void forEachRawEntry(Consumer<Object> c) {
        for (Shard s : shards) {
            s.table.forEach(c::accept);
        }
    }
}
