package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.kernel.keyspace.Database;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ValueCodec;

import java.nio.charset.StandardCharsets;

/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE as Redis's {@code debug.c} computes them, so a dataset here
 * and one in redis-server can be compared by digest: per key, a zeroed digest mixed with the key,
 * then the value's type (4 bytes, big-endian), then its elements (each type's codec feeds them
 * as Redis does, see {@link io.sockudo.kv.spi.ValueCodec#digest}), then "!!expire!!" xor-ed in when
 * the key has an expiry; per database the index mixed into the result and every key digest
 * xor-ed in. Module types contribute their {@link ModuleTypeCodec#digest} as Redis's module digest
 * context does. Not thread-safe; callers hold the locks of what they digest.
 */
public final class Digests {
    private static final byte[] EXPIRE = "!!expire!!".getBytes(StandardCharsets.US_ASCII);

    private final Sha1Digest value = new Sha1Digest();
    private final Sha1Digest module = new Sha1Digest();
    private final Sha1Digest total = new Sha1Digest();
    private final byte[] word = new byte[4];

    /** The 40 hex digits of a dataset over {@code dbs} (40 zeros when empty). Caller holds every lock. */
    public String dataset(Database[] dbs) {
        total.reset();
        for (Database db : dbs) {
            if (db.size() == 0) {
                continue;
            }
            bigEndian(db.index());
            total.mix(word, 0, 4);
            db.forEachEntry((key, v, expireAt, access) -> {
                value.reset();
                value.mix(key, 0, key.length);
                objectDigest(v, expireAt >= 0);
                total.xor(value.state, 0, 20);
            });
        }
        return Sha1Digest.hex(total.state);
    }

    /** DIGEST-VALUE of one value (no key mixed in); 40 zeros for a missing key ({@code v} null). */
    public String value(KvValue v, boolean hasExpiry) {
        value.reset();
        if (v != null) {
            objectDigest(v, hasExpiry);
        }
        return Sha1Digest.hex(value.state);
    }

    private void objectDigest(KvValue v, boolean hasExpiry) {
        ValueCodec c = v.type().codec();
        if (c != null) {
            bigEndian(Rdb.objectType(c.rdbType(v)));
            value.mix(word, 0, 4);
            c.digest(v, value);
        } else {
            bigEndian(Rdb.OBJ_MODULE);
            value.mix(word, 0, 4);
            ModuleTypeCodec m = v.type().moduleCodec();
            if (m != null) {
                module.reset();
                m.digest(v, module);
                value.xor(module.state, 0, 20);
            }
        }
        if (hasExpiry) {
            value.xor(EXPIRE, 0, EXPIRE.length);
        }
    }

    private void bigEndian(int n) {
        word[0] = (byte) (n >>> 24);
        word[1] = (byte) (n >>> 16);
        word[2] = (byte) (n >>> 8);
        word[3] = (byte) n;
    }
}
