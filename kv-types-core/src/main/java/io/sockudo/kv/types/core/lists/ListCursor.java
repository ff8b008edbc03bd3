package io.sockudo.kv.types.core.lists;

import java.util.Arrays;

/** A position on one element of a {@link QuickList}: a node and the offset of the entry in it. */
final class ListCursor {
    private final QuickList owner;
    ListNode node;
    int pos;

    ListCursor(QuickList owner) {
        this.owner = owner;
    }

    boolean valid() {
        return node != null;
    }

    int length() {
        return node.lenAt(pos);
    }

    int dataOffset() {
        return node.dataAt(pos);
    }

    byte[] buf() {
        return node.buf;
    }

    /** True if the element under the cursor equals {@code v}. */
    boolean equalsBytes(byte[] v) {
        int len = node.lenAt(pos);
        if (len != v.length) {
            return false;
        }
        int d = pos + ListNode.varintSize(len);
        return Arrays.equals(node.buf, d, d + len, v, 0, len);
    }

    byte[] copy() {
        int len = node.lenAt(pos);
        int d = pos + ListNode.varintSize(len);
        return Arrays.copyOfRange(node.buf, d, d + len);
    }

    /** Moves towards the tail; false (and invalid) past the last element. */
    boolean next() {
        pos = node.nextEntry(pos);
        if (pos == node.end) {
            node = owner.raw(node.next);
            if (node == null) {
                return false;
            }
            pos = node.start;
        }
        return true;
    }

    /** Moves towards the head; false (and invalid) before the first element. */
    boolean prev() {
        if (pos == node.start) {
            node = owner.raw(node.prev);
            if (node == null) {
                return false;
            }
            pos = node.end;
        }
        pos = node.prevEntry(pos);
        return true;
    }
}
