package io.sockudo.kv.types.core.hashes;

import io.sockudo.kv.spi.DocumentView;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A hash: fields and values as bytes, each field with an optional absolute expiry (hash field
 * expiration, Redis 7.4+). Small hashes use {@link PackedHash} ({@code listpack}), large ones
 * {@link HashTable} ({@code hashtable}); the conversion happens at Redis's thresholds and is
 * one-way, as in Redis.
 *
 * <p>Public read API (for SORT {@code BY/GET key->field}, search indexing): {@link #size()},
 * {@link #get(byte[])} and {@link #forEach(FieldVisitor)}. They hide fields whose TTL has passed.
 * Everything else is for the hash commands, which run under the key's lock.
 *
 * <p>Entries are addressed by a handle: a byte offset in the packed encoding, a slot in the
 * table. A handle is valid until the next change.
 */
public final class HashValue implements KvValue, DocumentView {
    PackedHash packed;
    HashTable table;
    /** A lower bound of the fields' expiry times; {@link Long#MAX_VALUE} when none has a TTL. */
    long minExpire = Long.MAX_VALUE;
    /** Number of fields with a TTL. */
    int volatileCount;

    HashValue() {
        packed = new PackedHash(32);
    }

    /** An empty packed hash with room for {@code capacity} bytes of entries (loading). */
    HashValue(int capacity) {
        packed = new PackedHash(capacity);
    }

    /**
     * Appends a field to the packed encoding without looking it up (loading a packed record, whose
     * codec finds duplicates itself); returns its handle.
     */
    int appendLoaded(byte[] f, int foff, int flen, byte[] v, int voff, int vlen, long ttl) {
        int handle = packed.used;
        packed.append(f, foff, flen, v, voff, vlen, ttl);
        if (ttl != Entries.NO_TTL) {
            noteTtl(ttl);
        }
        return handle;
    }

    private HashValue(HashValue o) {
        packed = o.packed == null ? null : new PackedHash(o.packed);
        table = o.table == null ? null : new HashTable(o.table);
        minExpire = o.minExpire;
        volatileCount = o.volatileCount;
    }

    /** Receives the fields of {@link #forEach}. Arrays are views: copy what you keep. */
    public interface FieldVisitor {
        void visit(byte[] entry, int fieldOffset, int fieldLength, int valueOffset, int valueLength);
    }

    /** Number of fields (fields whose TTL has passed but were not reclaimed yet included). */
    public int size() {
        return packed != null ? packed.count : table.size;
    }

    /** The value of {@code field} as a new array, or null when absent or expired. */
    public byte[] get(byte[] field) {
        int h = find(field);
        if (h < 0 || isExpired(h, System.currentTimeMillis())) {
            return null;
        }
        return Entries.value(arr(h), base(h));
    }

    /** Visits every live field in storage order. */
    public void forEach(FieldVisitor visitor) {
        long now = volatileCount > 0 ? System.currentTimeMillis() : 0;
        for (int h = first(); h >= 0; h = next(h)) {
            if (volatileCount > 0 && isExpired(h, now)) {
                continue;
            }
            byte[] a = arr(h);
            int b = base(h);
            visitor.visit(a, Entries.fieldOff(a, b), Entries.fieldLen(a, b), Entries.valueOff(a, b), Entries.valueLen(a, b));
        }
    }

    @Override
    public String documentKind() {
        return HASH;
    }

    /** The search family's view: {@code path} is a field name (UTF-8); its value, or nothing. */
    @Override
    public List<Object> select(String path) {
        byte[] value = get(path.getBytes(StandardCharsets.UTF_8));
        return value == null ? List.of() : List.of(value);
    }

    @Override
    public ValueType type() {
        return HashType.INSTANCE;
    }

    @Override
    public String encoding() {
        return packed != null ? "listpack" : "hashtable";
    }

    @Override
    public long memoryUsage() {
        return 24 + (packed != null ? packed.memoryUsage() : table.memoryUsage());
    }

    @Override
    public KvValue copy() {
        return new HashValue(this);
    }

    boolean isPacked() {
        return packed != null;
    }

    // ---- handles -------------------------------------------------------------------------

    int find(byte[] f) {
        return packed != null ? packed.find(f) : table.find(f);
    }

    byte[] arr(int h) {
        return packed != null ? packed.buf : table.entries[h];
    }

    int base(int h) {
        return packed != null ? h : 0;
    }

    int first() {
        return packed != null ? packed.first() : table.nextSlot(0);
    }

    int next(int h) {
        return packed != null ? packed.next(h) : table.nextSlot(h + 1);
    }

    long ttlAt(int h) {
        return Entries.ttl(arr(h), base(h));
    }

    /** Redis's rule for fields: expired once the expiry time is before now. */
    boolean isExpired(int h, long now) {
        if (volatileCount == 0) {
            return false;
        }
        long t = ttlAt(h);
        return t != Entries.NO_TTL && t < now;
    }

    // ---- changes -------------------------------------------------------------------------

    /**
     * Sets {@code f} to the value slice with the given TTL ({@link Entries#NO_TTL} clears it),
     * converting to the table encoding at the thresholds. Returns true if the field was added.
     */
    boolean set(byte[] f, byte[] v, int voff, int vlen, long ttl, long maxEntries, long maxValue) {
        if (packed != null && (f.length > maxValue || vlen > maxValue)) {
            convert();
        }
        int h = find(f);
        if (h >= 0) {
            replaceAt(h, v, voff, vlen, ttl);
            return false;
        }
        if (packed != null) {
            packed.append(f, v, voff, vlen, ttl);
        } else {
            table.insert(Entries.encode(f, 0, f.length, v, voff, vlen, ttl));
        }
        if (ttl != Entries.NO_TTL) {
            noteTtl(ttl);
        }
        if (packed != null && packed.count > maxEntries) {
            convert();
        }
        return true;
    }

    /** Replaces the value (and TTL) of the existing entry {@code h}. */
    void replaceAt(int h, byte[] v, int voff, int vlen, long ttl) {
        boolean had = Entries.hasTtl(arr(h), base(h));
        if (packed != null) {
            packed.replace(h, v, voff, vlen, ttl);
        } else {
            byte[] old = table.entries[h];
            table.replaceAt(h, Entries.encode(old, Entries.fieldOff(old, 0), Entries.fieldLen(old, 0), v, voff, vlen, ttl));
        }
        if (had) {
            volatileCount--;
        }
        if (ttl != Entries.NO_TTL) {
            noteTtl(ttl);
        }
    }

    /** Sets or clears ({@link Entries#NO_TTL}) the TTL of entry {@code h}. */
    void setTtlAt(int h, long ttl) {
        byte[] a = arr(h);
        int b = base(h);
        boolean had = Entries.hasTtl(a, b);
        if (packed != null) {
            packed.setTtl(h, ttl);
        } else if (had && ttl != Entries.NO_TTL) {
            Entries.overwriteTtl(a, 0, ttl);
        } else {
            table.replaceAt(h, Entries.encode(a, Entries.fieldOff(a, 0), Entries.fieldLen(a, 0),
                    a, Entries.valueOff(a, 0), Entries.valueLen(a, 0), ttl));
        }
        if (had) {
            volatileCount--;
        }
        if (ttl != Entries.NO_TTL) {
            noteTtl(ttl);
        } else if (volatileCount == 0) {
            minExpire = Long.MAX_VALUE;
        }
    }

    private void noteTtl(long ttl) {
        volatileCount++;
        if (ttl < minExpire) {
            minExpire = ttl;
        }
    }

    void removeAt(int h) {
        if (Entries.hasTtl(arr(h), base(h))) {
            if (--volatileCount == 0) {
                minExpire = Long.MAX_VALUE;
            }
        }
        if (packed != null) {
            packed.removeAt(h);
        } else {
            table.removeAt(h);
        }
    }

    /** Deletes {@code f}; true if it existed. */
    boolean delete(byte[] f) {
        int h = find(f);
        if (h < 0) {
            return false;
        }
        removeAt(h);
        return true;
    }

    /** True when some field may have expired by {@code now} (a cheap check before {@link #purgeExpired}). */
    boolean mayHaveExpired(long now) {
        return minExpire < now;
    }

    /** Removes every field whose TTL is before {@code now}; returns how many. */
    int purgeExpired(long now) {
        if (minExpire >= now) {
            return 0;
        }
        int removed = 0;
        long min = Long.MAX_VALUE;
        if (packed != null) {
            int h = packed.first();
            while (h >= 0) {
                long t = ttlAt(h);
                if (t != Entries.NO_TTL && t < now) {
                    removeAt(h);
                    removed++;
                    h = h < packed.used ? h : -1;
                } else {
                    if (t != Entries.NO_TTL && t < min) {
                        min = t;
                    }
                    h = packed.next(h);
                }
            }
        } else {
            // Collect first: deleting from the table moves entries between slots.
            java.util.ArrayList<byte[]> dead = new java.util.ArrayList<>();
            for (int h = table.nextSlot(0); h >= 0; h = table.nextSlot(h + 1)) {
                long t = ttlAt(h);
                if (t != Entries.NO_TTL && t < now) {
                    dead.add(Entries.field(table.entries[h], 0));
                } else if (t != Entries.NO_TTL && t < min) {
                    min = t;
                }
            }
            for (byte[] f : dead) {
                delete(f);
            }
            removed = dead.size();
        }
        minExpire = volatileCount == 0 ? Long.MAX_VALUE : min;
        return removed;
    }

    /** Converts the packed encoding to the table (one-way). */
    void convert() {
        PackedHash p = packed;
        HashTable t = new HashTable(p.count);
        byte[] a = p.buf;
        for (int h = p.first(); h >= 0; h = p.next(h)) {
            int e = Entries.end(a, h);
            t.insert(java.util.Arrays.copyOfRange(a, h, e));
        }
        table = t;
        packed = null;
    }
}
