package com.example.greeter;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;

import java.io.IOException;

/**
 * The {@code greeting} type ({@code TYPE} prints it) and its codec, which RDB files, DUMP/RESTORE,
 * full syncs and MODULE RELOAD use. The codec contract (docs/spi.md): a layout change raises the
 * encoding version and adds a branch to {@code load}; old versions stay readable.
 */
final class GreetingType implements ValueType {
    static final GreetingType INSTANCE = new GreetingType();

    @Override
    public String name() {
        return "greeting";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return Codec.INSTANCE;
    }

    static final class Codec implements ModuleTypeCodec {
        static final Codec INSTANCE = new Codec();

        @Override
        public String typeName() {
            return "greeting1";          // 9 characters, unique among all modules' types
        }

        @Override
        public int encodingVersion() {
            return 1;
        }

        @Override
        public void save(KvValue value, ModuleTypeOutput out) throws IOException {
            Greeting g = (Greeting) value;
            out.saveString(g.text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.saveUnsigned(g.times);
        }

        @Override
        public KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException {
            if (encodingVersion != 1) {
                throw new IOException("greeting: unknown encoding version " + encodingVersion);
            }
            String text = new String(in.loadString(), java.nio.charset.StandardCharsets.UTF_8);
            long times = in.loadUnsigned();
            return new Greeting(text, times);
        }
    }
}
