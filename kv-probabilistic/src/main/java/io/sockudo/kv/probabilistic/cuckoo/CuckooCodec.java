package io.sockudo.kv.probabilistic.cuckoo;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * RedisBloom's {@code MBbloomCF} record, encoding version 4: number of filters, buckets, items,
 * deletes, bucket size, max iterations and expansion as unsigned; then per sub-filter its bucket
 * count and its slots as a string buffer. Versions below 4 (no deletes, fixed bucket size 2, 20
 * iterations, expansion 1, every sub-filter of the base bucket count) load as RedisBloom loads them.
 */
public final class CuckooCodec implements ModuleTypeCodec {
    public static final CuckooCodec INSTANCE = new CuckooCodec();
    static final int ENCODING_VERSION = 4;

    private CuckooCodec() {
    }

    @Override
    public String typeName() {
        return "MBbloomCF";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        CuckooFilter f = (CuckooFilter) value;
        out.saveUnsigned(f.numFilters);
        out.saveUnsigned(f.numBuckets);
        out.saveUnsigned(f.numItems);
        out.saveUnsigned(f.numDeletes);
        out.saveUnsigned(f.bucketSize);
        out.saveUnsigned(f.maxIterations);
        out.saveUnsigned(f.expansion);
        for (int i = 0; i < f.numFilters; i++) {
            out.saveUnsigned(f.subBuckets[i]);
            out.saveString(f.data[i]);
        }
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver > ENCODING_VERSION) {
            throw new IOException("MBbloomCF encoding version " + encver + " is newer than " + ENCODING_VERSION);
        }
        CuckooFilter f = new CuckooFilter();
        long n = in.loadUnsigned();
        if (n <= 0 || n > 65535) {
            throw new IOException("MBbloomCF: bad number of filters " + n);
        }
        f.numFilters = (int) n;
        f.numBuckets = in.loadUnsigned();
        f.numItems = in.loadUnsigned();
        if (encver < ENCODING_VERSION) {
            f.bucketSize = 2;
            f.maxIterations = 20;
            f.expansion = 1;
        } else {
            f.numDeletes = in.loadUnsigned();
            f.bucketSize = (int) in.loadUnsigned();
            f.maxIterations = (int) in.loadUnsigned();
            f.expansion = (int) in.loadUnsigned();
        }
        if (f.bucketSize < 1 || f.bucketSize > 255) {
            throw new IOException("MBbloomCF: bad bucket size " + f.bucketSize);
        }
        f.subBuckets = new long[f.numFilters];
        f.data = new byte[f.numFilters][];
        for (int i = 0; i < f.numFilters; i++) {
            f.subBuckets[i] = encver < ENCODING_VERSION ? f.numBuckets : in.loadUnsigned();
            f.data[i] = in.loadString();
            if (f.subBuckets[i] <= 0 || f.data[i].length != f.subBuckets[i] * f.bucketSize) {
                throw new IOException("MBbloomCF: sub-filter " + i + " size mismatch");
            }
        }
        return f;
    }
}
