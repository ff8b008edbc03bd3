package io.sockudo.kv.probabilistic.cms;

import io.sockudo.kv.probabilistic.common.Le;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;

import java.io.IOException;

/**
 * The Count-Min sketch type, {@code CMSk-TYPE}, and its record (encoding version 0, as RedisBloom):
 * width, depth and total count as unsigned, then the counters as one string buffer of
 * little-endian uint32.
 */
public final class CmsType implements ValueType, ModuleTypeCodec {
    public static final CmsType INSTANCE = new CmsType();

    private CmsType() {
    }

    @Override
    public String name() {
        return "CMSk-TYPE";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return this;
    }

    @Override
    public String typeName() {
        return "CMSk-TYPE";
    }

    @Override
    public int encodingVersion() {
        return 0;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        CountMinSketch c = (CountMinSketch) value;
        out.saveUnsigned(c.width);
        out.saveUnsigned(c.depth);
        out.saveUnsigned(c.counter);
        byte[] b = new byte[c.array.length * 4];
        for (int i = 0; i < c.array.length; i++) {
            Le.put32(b, i * 4, c.array[i]);
        }
        out.saveString(b);
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver > 0) {
            throw new IOException("CMSk-TYPE encoding version " + encver + " is newer than 0");
        }
        long width = in.loadUnsigned();
        long depth = in.loadUnsigned();
        long counter = in.loadUnsigned();
        byte[] b = in.loadString();
        if (width < 1 || depth < 1 || width * depth > Integer.MAX_VALUE / 4 || b.length != width * depth * 4 || counter < 0) {
            throw new IOException("CMSk-TYPE: inconsistent sketch");
        }
        int[] array = new int[(int) (width * depth)];
        for (int i = 0; i < array.length; i++) {
            array[i] = (int) Le.u32(b, i * 4);
        }
        return new CountMinSketch((int) width, (int) depth, counter, array);
    }
}
