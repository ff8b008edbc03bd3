package io.sockudo.kv.types.core.common;

/**
 * A value that is a plain set of members (the {@code set} type of SADD). Families that read sets
 * without depending on the sets package use it: ZUNION/ZINTER/ZDIFF and their STORE forms take
 * sets as inputs with score 1, and SORT can read them. The sets family's value implements it.
 */
public interface SetMembers {
    /** Number of members. */
    int memberCount();

    /** True if {@code member} is in the set. */
    boolean containsMember(byte[] member);

    /**
     * Visits every member once, in any order. The slice may point into internal storage: valid
     * only during the call, never to be modified.
     */
    void forEachMember(MemberVisitor visitor);

    /** Receives members from {@link #forEachMember}. */
    @FunctionalInterface
    interface MemberVisitor {
        void visit(byte[] buf, int off, int len);
    }
}
