package io.sockudo.kv.types.stack.vectorset.hnsw;

/** Decides during a search whether a node's attributes (a JSON text) let it into the results. */
@FunctionalInterface
public interface AttrFilter {
    /** {@code json} is never null: nodes without attributes never match. */
    boolean accepts(byte[] json);
}
