package io.sockudo.kv.probabilistic.tdigest;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;

import java.io.IOException;

/**
 * The t-digest type, {@code TDIS-TYPE}, and its record (encoding version 0, as RedisBloom saves it
 * after compressing): compression, min, max as doubles; cap, merged nodes, unmerged nodes and total
 * compressions as signed; merged and unmerged weight as doubles; then the merged centroids' means
 * and, after them, their weights, as doubles.
 */
public final class TDigestType implements ValueType, ModuleTypeCodec {
    public static final TDigestType INSTANCE = new TDigestType();

    private TDigestType() {
    }

    @Override
    public String name() {
        return "TDIS-TYPE";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return this;
    }

    @Override
    public String typeName() {
        return "TDIS-TYPE";
    }

    @Override
    public int encodingVersion() {
        return 0;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        TDigest t = (TDigest) value;
        t.compress();
        out.saveDouble(t.compression);
        out.saveDouble(t.min);
        out.saveDouble(t.max);
        out.saveSigned(t.cap);
        out.saveSigned(t.mergedNodes);
        out.saveSigned(t.unmergedNodes);
        out.saveSigned(t.totalCompressions);
        out.saveDouble(t.mergedWeight);
        out.saveDouble(t.unmergedWeight);
        for (int i = 0; i < t.mergedNodes; i++) {
            out.saveDouble(t.means[i]);
        }
        for (int i = 0; i < t.mergedNodes; i++) {
            out.saveDouble(t.weights[i]);
        }
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver > 0) {
            throw new IOException("TDIS-TYPE encoding version " + encver + " is newer than 0");
        }
        double compression = in.loadDouble();
        if (!(compression >= 1) || TDigest.capacity(compression) > TDigestCommands.MAX_CAPACITY) {
            throw new IOException("TDIS-TYPE: bad compression " + compression);
        }
        TDigest t = new TDigest(compression);
        t.min = in.loadDouble();
        t.max = in.loadDouble();
        long cap = in.loadSigned();
        long merged = in.loadSigned();
        long unmerged = in.loadSigned();
        t.totalCompressions = in.loadSigned();
        t.mergedWeight = (long) in.loadDouble();
        t.unmergedWeight = (long) in.loadDouble();
        if (cap != t.cap || merged < 0 || merged > t.cap || unmerged != 0) {
            throw new IOException("TDIS-TYPE: inconsistent digest");
        }
        t.mergedNodes = (int) merged;
        for (int i = 0; i < merged; i++) {
            t.means[i] = in.loadDouble();
        }
        for (int i = 0; i < merged; i++) {
            t.weights[i] = (long) in.loadDouble();
        }
        return t;
    }
}
