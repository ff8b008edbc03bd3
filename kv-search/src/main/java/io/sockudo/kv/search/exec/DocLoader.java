package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.util.JsonText;
import io.sockudo.kv.spi.BackgroundWork;
import io.sockudo.kv.spi.DocumentView;
import io.sockudo.kv.spi.KvValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads document fields for replies (RETURN, LOAD, SORTBY of fields that are not sortable) from
 * the keyspace, each document under its key's lock ({@link BackgroundWork#withKey}), never while
 * an index lock is held.
 *
 * <p>A hash document without RETURN yields the schema's fields it holds: the SPI's
 * {@link DocumentView} selects fields by name and cannot list a hash's other fields.
 */
public final class DocLoader {
    /** A loaded field: its reply name and value (byte[] for hash fields, String for JSON). */
    public record Field(String name, Object value) {
    }

    private final BackgroundWork background;

    public DocLoader(BackgroundWork background) {
        this.background = background;
    }

    /** Runs {@code action} with the document of {@code key}, or null when it is gone or not a document. */
    public void withDoc(byte[] key, boolean json, java.util.function.Consumer<DocumentView> action) {
        background.withKey(0, key, ks -> {
            KvValue v = ks.peek(key);
            if (v instanceof DocumentView dv && dv.documentKind().equals(json ? DocumentView.JSON : DocumentView.HASH)) {
                action.accept(dv);
            } else {
                action.accept(null);
            }
        });
    }

    /** The identifier (hash field or JSONPath) a name refers to in {@code spec}. */
    static String path(IndexSpec spec, String name) {
        FieldSpec f = spec.field(name);
        return f != null ? f.path : name;
    }

    /**
     * One field's value: a hash field's bytes, or for JSON the first match (strings bare, other
     * values as JSON) or, with {@code allMatches} (DIALECT 3), all matches as a JSON array.
     */
    public static Object value(DocumentView doc, String path, boolean json, boolean allMatches) {
        List<Object> found;
        try {
            found = doc.select(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (found.isEmpty()) {
            return null;
        }
        if (!json) {
            return found.get(0);
        }
        if (allMatches) {
            return JsonText.write(found);
        }
        return JsonText.scalar(found.get(0));
    }

    /** Every field of a document when no RETURN is given. */
    public static List<Field> all(IndexSpec spec, DocumentView doc, boolean json) {
        List<Field> out = new ArrayList<>();
        if (json) {
            List<Object> root = doc.select("$");
            if (!root.isEmpty()) {
                out.add(new Field("$", JsonText.write(root.get(0))));
            }
            return out;
        }
        List<String> seen = new ArrayList<>();
        for (FieldSpec f : spec.fields()) {
            if (seen.contains(f.path)) {
                continue;
            }
            seen.add(f.path);
            List<Object> v = doc.select(f.path);
            if (!v.isEmpty()) {
                out.add(new Field(f.path, v.get(0)));
            }
        }
        for (String extra : new String[] {spec.scoreField, spec.languageField, spec.payloadField}) {
            if (extra != null && !seen.contains(extra)) {
                seen.add(extra);
                List<Object> v = doc.select(extra);
                if (!v.isEmpty()) {
                    out.add(new Field(extra, v.get(0)));
                }
            }
        }
        return out;
    }

    /** A field value as text (highlighting, sorting). */
    public static String text(Object v) {
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return v == null ? null : v.toString();
    }
}
