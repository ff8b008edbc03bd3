package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.ReplyWriter;

import java.util.Arrays;

/**
 * Entries collected from a range before replying (the reply writer needs the array length
 * first): node and offset of each, decoded again when written.
 */
final class EntryList {
    StreamNode[] nodes = new StreamNode[8];
    int[] offs = new int[8];
    int size;

    void add(StreamNode.Entry e) {
        if (size == offs.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            offs = Arrays.copyOf(offs, size * 2);
        }
        nodes[size] = e.node;
        offs[size++] = e.off;
    }

    /** Collects up to {@code count} (0 = all) live entries of [start, end]. */
    static EntryList range(StreamValue s, StreamId start, StreamId end, long count, boolean rev) {
        EntryList l = new EntryList();
        StreamValue.Iter it = new StreamValue.Iter(s, start, end, rev);
        StreamNode.Entry e = new StreamNode.Entry();
        while ((count == 0 || l.size < count) && it.next(e)) {
            l.add(e);
        }
        return l;
    }

    void decode(int i, StreamNode.Entry e) {
        nodes[i].decode(offs[i], e);
    }

    /** Writes the entries as an array of {@code [id, [field, value...]]}. */
    void write(ReplyWriter w) {
        w.array(size);
        StreamNode.Entry e = new StreamNode.Entry();
        byte[] scratch = new byte[41];
        for (int i = 0; i < size; i++) {
            decode(i, e);
            StreamValue.writeEntry(w, e, scratch);
        }
    }
}
