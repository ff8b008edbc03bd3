package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.util.JsonText;
import io.sockudo.kv.spi.DocumentView;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Expressions over stored documents: the FT.CREATE ... FILTER that decides what an index holds. */
public final class Expressions {
    private Expressions() {
    }

    /**
     * Compiles an FT.CREATE FILTER. Properties name schema attributes or document fields;
     * {@code @__key} is the key. A filter that fails to evaluate rejects the document.
     */
    public static SearchIndex.DocFilter filter(String expr, IndexSpec spec) {
        Expr e = Expr.parse(expr);
        return (key, doc) -> {
            try {
                return Expr.truthy(e.eval(name -> value(spec, key, doc, name)));
            } catch (RuntimeException ex) {
                return false;
            }
        };
    }

    /** A property of a stored document: the key, an attribute (by its identifier) or a field. */
    static Object value(IndexSpec spec, byte[] key, DocumentView doc, String name) {
        if (name.equals("__key")) {
            return new String(key, StandardCharsets.UTF_8);
        }
        FieldSpec f = spec.field(name);
        String path = f != null ? f.path : name;
        List<Object> found;
        try {
            found = doc.select(path);
        } catch (IllegalArgumentException ex) {
            return null;
        }
        if (found.isEmpty()) {
            return null;
        }
        Object v = found.get(0);
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v instanceof Long l) {
            return l.doubleValue();
        }
        if (v instanceof Double || v instanceof String || v == null) {
            return v;
        }
        if (v instanceof Boolean bo) {
            return bo ? "true" : "false";
        }
        return JsonText.write(v);
    }
}
