package io.sockudo.kv.types.core.lists;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random operations on a {@link QuickList} checked against an ArrayList model, for several node sizes. */
class QuickListModelTest {
    static int lastOp;

    private static byte[] randomElement(Random r) {
        int kind = r.nextInt(20);
        int len = kind == 0 ? 130 + r.nextInt(20000) : kind == 1 ? 0 : r.nextInt(kind < 10 ? 4 : 140);
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) ('a' + r.nextInt(3));
        }
        return b;
    }

    @Test
    void randomOperationsMatchModel() {
        for (int fill : new int[] {-1, -2, -5, 1, 2, 3, 128, 0}) {
            for (long seed = 1; seed <= 4; seed++) {
                run(fill, seed, 0);
            }
        }
    }

    @Test
    void randomOperationsMatchModelWithCompression() {
        for (int fill : new int[] {-1, 2, 16}) {
            for (int depth : new int[] {1, 2, 3}) {
                for (long seed = 1; seed <= 3; seed++) {
                    run(fill, seed, depth);
                }
            }
        }
    }

    @Test
    void innerNodesAreCompressed() {
        QuickList q = new QuickList(-1, 1);
        for (int i = 0; i < 5000; i++) {
            q.pushTail(("element-" + (i % 10)).getBytes(StandardCharsets.US_ASCII));
        }
        assertTrue(q.nodeCount() > 3);
        assertEquals(q.nodeCount() - 2, q.compressedNodes());
        long compressed = q.memoryUsage();
        QuickList plain = new QuickList(-1, 0);
        for (byte[] e : q) {
            plain.pushTail(e);
        }
        assertTrue(compressed < plain.memoryUsage() / 2, compressed + " vs " + plain.memoryUsage());
        assertEquals(q.nodeCount() - 2, q.compressedNodes());
        long before = q.memoryUsage();
        assertArrayEquals("element-7".getBytes(StandardCharsets.US_ASCII), q.get(2507));
        assertEquals(q.nodeCount() - 2, q.compressedNodes());
        assertEquals(before, q.memoryUsage(), "a read inflates and deflates a node: the figure must not move");
    }

    private void run(int fill, long seed, int depth) {
        Random r = new Random(seed * 31 + fill);
        QuickList q = new QuickList(fill, depth);
        List<byte[]> m = new ArrayList<>();
        for (int step = 0; step < 4000; step++) {
            int op = r.nextInt(14);
            lastOp = op;
            switch (op) {
                case 0, 1 -> {
                    byte[] e = randomElement(r);
                    q.pushHead(e);
                    m.add(0, e);
                }
                case 2, 3 -> {
                    byte[] e = randomElement(r);
                    q.pushTail(e);
                    m.add(e);
                }
                case 4 -> {
                    if (!m.isEmpty()) {
                        assertArrayEquals(m.remove(0), q.pop(true));
                    }
                }
                case 5 -> {
                    if (!m.isEmpty()) {
                        assertArrayEquals(m.remove(m.size() - 1), q.pop(false));
                    }
                }
                case 6 -> {
                    if (!m.isEmpty()) {
                        int i = r.nextInt(m.size());
                        byte[] e = randomElement(r);
                        q.set(i, e);
                        m.set(i, e);
                    }
                }
                case 7 -> {
                    if (!m.isEmpty()) {
                        int i = r.nextInt(m.size());
                        boolean after = r.nextBoolean();
                        byte[] e = randomElement(r);
                        q.insert(q.cursorAt(i), after, e);
                        m.add(after ? i + 1 : i, e);
                    }
                }
                case 8 -> {
                    byte[] v = randomElement(r);
                    long limit = r.nextInt(3);
                    boolean head = r.nextBoolean();
                    long removed = q.removeEqual(v, limit, head);
                    long expected = removeModel(m, v, limit, head);
                    assertEquals(expected, removed);
                }
                case 9 -> {
                    int n = m.isEmpty() ? 0 : r.nextInt(m.size() + 1);
                    boolean head = r.nextBoolean();
                    q.removeEnd(head, n);
                    for (int i = 0; i < n; i++) {
                        m.remove(head ? 0 : m.size() - 1);
                    }
                }
                case 10 -> {
                    if (!m.isEmpty()) {
                        int i = r.nextInt(m.size());
                        assertArrayEquals(m.get(i), q.get(i));
                        assertArrayEquals(m.get(i), q.get(i - m.size()));
                    }
                    assertNull(q.get(m.size()));
                }
                case 11 -> {
                    // bulk pushes to build multi-node lists
                    for (int i = 0, n = r.nextInt(300); i < n; i++) {
                        byte[] e = Integer.toString(r.nextInt(1000)).getBytes(StandardCharsets.US_ASCII);
                        q.pushTail(e);
                        m.add(e);
                    }
                }
                default -> {
                }
            }
            assertEquals(m.size(), q.size());
            // memoryUsage() is O(1): the running node total must equal a walk of the chain
            assertEquals(q.recomputeNodeBytes(), q.nodeBytes(), "running node total after op " + op);
            if (step % 97 == 0) {
                checkAll(q, m);
            }
        }
        checkAll(q, m);
        QuickList copy = (QuickList) q.copy();
        checkAll(copy, m);
        assertEquals(copy.recomputeNodeBytes(), copy.nodeBytes(), "running node total of a copy");
        assertTrue(q.memoryUsage() > 0);
    }

    private static long removeModel(List<byte[]> m, byte[] v, long limit, boolean head) {
        long removed = 0;
        if (head) {
            for (int i = 0; i < m.size() && (limit == 0 || removed < limit); ) {
                if (Arrays.equals(m.get(i), v)) {
                    m.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = m.size() - 1; i >= 0 && (limit == 0 || removed < limit); i--) {
                if (Arrays.equals(m.get(i), v)) {
                    m.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    private static void checkAll(QuickList q, List<byte[]> m) {
        List<byte[]> seen = new ArrayList<>();
        q.forEach((b, off, len) -> seen.add(Arrays.copyOfRange(b, off, off + len)));
        assertEquals(m.size(), seen.size());
        int i = 0;
        for (byte[] e : q) {
            assertArrayEquals(m.get(i), e);
            assertArrayEquals(m.get(i), seen.get(i));
            i++;
        }
        assertEquals(m.size(), i);
        // backwards with a cursor
        ListCursor c = q.cursor(false);
        int k = m.size() - 1;
        while (c.valid()) {
            assertArrayEquals(m.get(k), c.copy());
            k--;
            if (!c.prev()) {
                break;
            }
        }
        assertEquals(-1, k);
        q.settle(); // as every command does after walking a cursor
        long nodes = 0;
        long count = 0;
        for (ListNode n = q.head; n != null; n = n.next) {
            nodes++;
            count += n.count;
            assertTrue(n.count > 0, "empty node left in the chain");
        }
        assertEquals(q.nodeCount(), nodes);
        assertEquals(m.size(), count);
        int depth = q.compressDepth();
        if (depth > 0) {
            int at = 0;
            for (ListNode n = q.head; n != null; n = n.next, at++) {
                boolean nearEnd = at < depth || at >= nodes - depth;
                if (nearEnd) {
                    assertTrue(!n.isCompressed(), "end node compressed");
                } else if (n.bytes() >= 200 && !n.isCompressed()) {
                    // our elements are drawn from 3 letters: any inner node this big compresses
                    n.compress();
                    throw new AssertionError("inner node " + at + " of " + nodes + " not compressed; bytes=" + n.bytes() + " count=" + n.count + " now=" + n.isCompressed() + " op=" + lastOp);
                }
            }
        }
    }
}
