package io.sockudo.kv.plugins.counter;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * How counters are persisted (RDB snapshots, DUMP/RESTORE): a Redis module-type record named
 * {@code kvcounter}, encoding version 1, holding the value, the increment count and the reset
 * count as three signed integers. A later version of the plugin that stores more must raise the
 * encoding version and keep reading version 1 (see docs/spi.md, "Codecs").
 */
final class CounterCodec implements ModuleTypeCodec {
    static final CounterCodec INSTANCE = new CounterCodec();
    static final int ENCODING_VERSION = 1;

    private CounterCodec() {
    }

    @Override
    public String typeName() {
        return "kvcounter";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        CounterValue c = (CounterValue) value;
        out.saveSigned(c.value);
        out.saveSigned(c.increments);
        out.saveSigned(c.resets);
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException {
        if (encodingVersion != 1) {
            throw new IOException("kvcounter: unknown encoding version " + encodingVersion);
        }
        long value = in.loadSigned();
        long increments = in.loadSigned();
        long resets = in.loadSigned();
        if (increments < 0 || resets < 0) {
            throw new IOException("kvcounter: negative counts");
        }
        return new CounterValue(value, increments, resets);
    }
}
