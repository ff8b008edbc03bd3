package io.sockudo.kv.types.core.streams;

/**
 * The node count Redis's radix tree would have for a stream's block keys (XINFO STREAM
 * {@code radix-tree-nodes}). Redis keys each block by its first ID as 16 big-endian bytes; a rax
 * in compressed form has one node per branching point and leaf, plus one compressed node for every
 * edge below a branching point longer than one byte, plus the root (which holds the common prefix
 * itself when there is one).
 */
final class RaxShape {
    private RaxShape() {
    }

    static long nodes(StreamValue s) {
        int n = s.nodeCount;
        if (n == 0) {
            return 1;
        }
        int common = commonPrefix(s, 0, n - 1);
        return common > 0 ? 1 + subtree(s, 0, n, common) : subtree(s, 0, n, 0);
    }

    /** Nodes under (and including) the point where keys [lo, hi) stop sharing their first {@code depth} bytes. */
    private static long subtree(StreamValue s, int lo, int hi, int depth) {
        if (depth >= 16) {
            return 1;
        }
        long count = 1;
        int a = lo;
        while (a < hi) {
            int b = a + 1;
            int byteA = keyByte(s, a, depth);
            while (b < hi && keyByte(s, b, depth) == byteA) {
                b++;
            }
            int next = b - a == 1 ? 16 : commonPrefix(s, a, b - 1);
            if (next - depth >= 2) {
                count++;
            }
            count += subtree(s, a, b, next);
            a = b;
        }
        return count;
    }

    /** Length of the common prefix of keys i and j (sorted, so of everything between them too). */
    private static int commonPrefix(StreamValue s, int i, int j) {
        int d = 0;
        while (d < 16 && keyByte(s, i, d) == keyByte(s, j, d)) {
            d++;
        }
        return d;
    }

    private static int keyByte(StreamValue s, int node, int d) {
        StreamNode n = s.nodes[node];
        long v = d < 8 ? n.firstMs : n.firstSeq;
        return (int) (v >>> (56 - 8 * (d & 7))) & 0xFF;
    }
}
