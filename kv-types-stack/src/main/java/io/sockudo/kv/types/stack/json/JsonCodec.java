package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * RDB/DUMP form of a JSON key, as RedisJSON 2 writes it under type name {@code ReJSON-RL},
 * encoding version 3: one string item holding the document as compact JSON text. Loading also
 * reads version 2 (the same string followed by an unsigned count and, when it is not zero, two
 * more strings RediSearch once kept there). Version 0, RedisJSON 1's node-by-node form, is not
 * read (an {@link IOException}, as for any unknown version).
 */
public final class JsonCodec implements ModuleTypeCodec {
    public static final JsonCodec INSTANCE = new JsonCodec();
    public static final int ENCODING_VERSION = 3;

    private JsonCodec() {
    }

    @Override
    public String typeName() {
        return "ReJSON-RL";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        JsonValue v = (JsonValue) value;
        Scratch text = new Scratch();
        JsonWriter.COMPACT.value(v.buf, 0, text);
        out.saveString(text.buf, 0, text.len);
    }

    /** {@code JSON.SET key $ <document>}, as RedisJSON's aof_rewrite writes it. */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        JsonValue v = (JsonValue) value;
        Scratch text = new Scratch();
        JsonWriter.COMPACT.value(v.buf, 0, text);
        out.emit(JSON_SET, key, ROOT, java.util.Arrays.copyOf(text.buf, text.len));
    }

    private static final byte[] JSON_SET = "JSON.SET".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ROOT = {'$'};

    @Override
    public KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException {
        byte[] text;
        switch (encodingVersion) {
            case 3 -> text = in.loadString();
            case 2 -> {
                text = in.loadString();
                if (in.loadUnsigned() > 0) {
                    in.loadString();
                    in.loadString();
                }
            }
            default -> throw new IOException("ReJSON-RL: can't load encoding version " + encodingVersion);
        }
        try {
            Scratch s = new Scratch();
            JsonParser.parseInto(text, 0, text.length, s, false);
            return new JsonValue(s.toArray());
        } catch (KvException e) {
            throw new IOException("ReJSON-RL: bad document: " + e.getMessage());
        }
    }
}
