package io.sockudo.kv.kernel.keyspace;

import io.sockudo.kv.spi.InlineCodec;
import io.sockudo.kv.spi.KvValue;

/**
 * The value types' {@link InlineCodec}s by the one-byte id a packed entry carries
 * ({@link EntryForm#CODEC}). Ids are handed out on first use and never reused, process-wide (a
 * codec is a stateless singleton of its type; several kernels in one JVM, as tests run, share
 * them). Lookups read a copy-on-write array without locking: the common case is one codec (the
 * strings family's), found by the first identity comparison.
 */
final class InlineCodecs {
    /** Ids fit the header byte; past this many codecs further types are simply not packed. */
    private static final int MAX = 127;
    private static volatile InlineCodec[] codecs = new InlineCodec[0];

    private InlineCodecs() {
    }

    /** The codec of {@code id} (an id found in a packed entry). */
    static InlineCodec get(int id) {
        return codecs[id];
    }

    /** The codec of {@code v}'s type, or null when it has none. */
    static InlineCodec of(KvValue v) {
        io.sockudo.kv.spi.ValueType t = v.type();
        return t == null ? null : t.inlineCodec(); // (test values may have no type)
    }

    /** The id of {@code codec}, registering it on first use; -1 when no id is left. */
    static int idOf(InlineCodec codec) {
        InlineCodec[] a = codecs;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == codec) {
                return i;
            }
        }
        return register(codec);
    }

    private static synchronized int register(InlineCodec codec) {
        InlineCodec[] a = codecs;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == codec) {
                return i;
            }
        }
        if (a.length >= MAX) {
            return -1;
        }
        InlineCodec[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = codec;
        codecs = b;
        return a.length;
    }
}
