package io.sockudo.kv.search.suggest;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ValueType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * RediSearch's suggestion dictionary type, {@code trietype0}. Its module record (encoding version
 * 1) is the entry count, then per entry the string with a trailing NUL, the score as a double and
 * the payload with a trailing NUL (an empty payload is a lone NUL); version 0 has no payloads.
 */
public final class SuggestionType implements ValueType {
    public static final SuggestionType INSTANCE = new SuggestionType();

    private SuggestionType() {
    }

    @Override
    public String name() {
        return "trietype0";
    }

    @Override
    public ModuleTypeCodec moduleCodec() {
        return Codec.INSTANCE;
    }

    static final class Codec implements ModuleTypeCodec {
        static final Codec INSTANCE = new Codec();

        @Override
        public String typeName() {
            return "trietype0";
        }

        @Override
        public int encodingVersion() {
            return 1;
        }

        @Override
        public void save(KvValue value, ModuleTypeOutput out) throws IOException {
            SuggestionTrie t = (SuggestionTrie) value;
            out.saveUnsigned(t.size());
            for (SuggestionTrie.Entry e : t.entries()) {
                out.saveString(withNul(e.text.getBytes(StandardCharsets.UTF_8)));
                out.saveDouble(e.score);
                out.saveString(withNul(e.payload == null ? new byte[0] : e.payload));
            }
        }

        private static byte[] withNul(byte[] b) {
            byte[] out = new byte[b.length + 1];
            System.arraycopy(b, 0, out, 0, b.length);
            return out;
        }

        private static byte[] withoutNul(byte[] b) {
            int n = b.length > 0 && b[b.length - 1] == 0 ? b.length - 1 : b.length;
            byte[] out = new byte[n];
            System.arraycopy(b, 0, out, 0, n);
            return out;
        }

        @Override
        public KvValue load(ModuleTypeInput in, int encver) throws IOException {
            if (encver > 1) {
                throw new IOException("trietype0: unknown encoding version " + encver);
            }
            SuggestionTrie t = new SuggestionTrie();
            long n = in.loadUnsigned();
            for (long i = 0; i < n; i++) {
                String s = new String(withoutNul(in.loadString()), StandardCharsets.UTF_8);
                double score = in.loadDouble();
                byte[] payload = null;
                if (encver >= 1) {
                    payload = withoutNul(in.loadString());
                    if (payload.length == 0) {
                        payload = null;
                    }
                }
                t.add(s, score, false, payload);
            }
            return t;
        }
    }
}
