package io.sockudo.kv.search.index;

import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.spi.DocumentView;

import java.util.List;

/**
 * What the keyspace listener (or the initial scan) copies out of a document while it holds the
 * key's lock: the raw values of the schema's fields and of the score, language and payload
 * fields. Everything else (tokenizing, parsing) happens later, off the event loop.
 *
 * <p>A RawDoc with {@link #delete} set takes the key out of the index.
 */
public final class RawDoc {
    /** Marks a flush: the index is emptied when this record is applied. */
    static final RawDoc CLEAR = new RawDoc(new byte[0], true, false, null, null, null, null);

    final byte[] key;
    final boolean delete;
    final boolean json;
    /** Per schema field (by index): HASH a byte[], JSON a List of matches; null when absent. */
    final Object[] values;
    final Object score;
    final Object language;
    final Object payload;

    RawDoc(byte[] key, boolean delete, boolean json, Object[] values, Object score, Object language, Object payload) {
        this.key = key;
        this.delete = delete;
        this.json = json;
        this.values = values;
        this.score = score;
        this.language = language;
        this.payload = payload;
    }

    static RawDoc delete(byte[] key) {
        return new RawDoc(key, true, false, null, null, null, null);
    }

    /** Copies what {@code spec} indexes out of {@code doc} (called under the key's lock). */
    public static RawDoc capture(IndexSpec spec, byte[] key, DocumentView doc) {
        List<FieldSpec> fields = spec.fields();
        Object[] values = new Object[fields.size()];
        boolean json = spec.onJson;
        for (int i = 0; i < values.length; i++) {
            values[i] = select(doc, fields.get(i).path, json);
        }
        Object score = spec.scoreField != null ? select(doc, spec.scoreField, json) : null;
        Object lang = spec.languageField != null ? select(doc, spec.languageField, json) : null;
        Object payload = spec.payloadField != null ? select(doc, spec.payloadField, json) : null;
        return new RawDoc(key, false, json, values, score, lang, payload);
    }

    private static Object select(DocumentView doc, String path, boolean json) {
        List<Object> found;
        try {
            found = doc.select(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (found.isEmpty()) {
            return null;
        }
        return json ? found : found.get(0);
    }
}
