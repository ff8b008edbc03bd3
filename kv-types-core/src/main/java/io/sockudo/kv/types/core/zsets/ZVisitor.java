package io.sockudo.kv.types.core.zsets;

/**
 * Receives sorted-set entries in order from {@link ZSetValue#visit}. The member is the slice
 * {@code buf[off, off+len)}; it may point into the set's internal storage, so it is valid only
 * during the call and must not be modified (copy it to keep it).
 */
@FunctionalInterface
public interface ZVisitor {
    void visit(byte[] buf, int off, int len, double score);
}
