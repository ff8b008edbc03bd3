package io.sockudo.kv.spi;

import java.util.List;

/**
 * A value whose fields another family can read without depending on the family that owns it.
 * The search family indexes hashes and JSON documents through it: it follows writes with a
 * {@link KeyspaceListener}, reads the key with {@link Keyspace#peek} and, when the value is a
 * {@code DocumentView} of the kind an index covers, selects the indexed fields.
 *
 * <p>Called with the key's lock held (from a listener or a command handler), like every value access.
 */
public interface DocumentView {
    /** Hashes: one value per field. */
    String HASH = "HASH";
    /** JSON documents addressed by JSONPath. */
    String JSON = "JSON";

    /** The document kind, as {@code FT.CREATE ... ON HASH|JSON} names it: {@link #HASH} or {@link #JSON}. */
    String documentKind();

    /**
     * The values {@code path} selects, in document order; empty when nothing matches.
     *
     * <ul>
     *   <li>{@link #HASH}: {@code path} is a field name; the result is that field's value as a
     *       {@code byte[]} (binary safe, e.g. a FLOAT32 vector blob) or nothing.</li>
     *   <li>{@link #JSON}: {@code path} is a JSONPath ({@code $...}) or a legacy path; each match
     *       is a plain Java value: {@code String}, {@code Long} (integers), {@code Double} (other
     *       numbers), {@code Boolean}, {@code null} (JSON null), {@code List<Object>} (array) or
     *       {@code Map<String, Object>} (object, in member order). The values are copies: changing
     *       them does not change the document.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when {@code path} is not a valid path of this kind (the
     *         message is the error the owning family would reply)
     */
    List<Object> select(String path);
}
