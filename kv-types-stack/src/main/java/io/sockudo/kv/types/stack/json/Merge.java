package io.sockudo.kv.types.stack.json;

/**
 * JSON.MERGE: RFC 7386 merge patch. A patch that is not an object replaces the target; an object
 * patch turns the target into an object (when it is not one) and, member by member, deletes on
 * {@code null}, merges into an existing member in place, or appends a new member (its own nulls
 * dropped).
 */
final class Merge {
    private Merge() {
    }

    /**
     * Writes the merge of patch {@code pb[p]} into target {@code tb[t]} (or into nothing when
     * {@code tb} is null) to {@code out}.
     */
    static void merge(byte[] tb, int t, byte[] pb, int p, Scratch out) {
        if (pb[p] != Packed.OBJECT) {
            out.put(pb, p, Packed.skip(pb, p) - p);
            return;
        }
        int header = out.len;
        out.ensure(Packed.HEADER);
        out.buf[out.len] = Packed.OBJECT;
        out.len += Packed.HEADER;
        int count = 0;
        boolean targetObject = tb != null && tb[t] == Packed.OBJECT;
        if (targetObject) {
            int n = Packed.count(tb, t);
            int m = Packed.first(tb, t);
            for (int i = 0; i < n; i++) {
                int klen = Packed.keyLen(tb, m);
                int koff = Packed.keyOff(tb, m);
                int v = koff + klen;
                int next = Packed.skip(tb, v);
                int pv = Packed.find(pb, p, tb, koff, klen);
                if (pv < 0) {
                    out.put(tb, m, next - m);
                    count++;
                } else if (pb[pv] != Packed.NULL) {
                    out.put(tb, m, v - m);
                    merge(tb, v, pb, pv, out);
                    count++;
                }
                m = next;
            }
        }
        int n = Packed.count(pb, p);
        int m = Packed.first(pb, p);
        for (int i = 0; i < n; i++) {
            int klen = Packed.keyLen(pb, m);
            int koff = Packed.keyOff(pb, m);
            int v = koff + klen;
            int next = Packed.skip(pb, v);
            boolean existed = targetObject && Packed.find(tb, t, pb, koff, klen) >= 0;
            if (!existed && pb[v] != Packed.NULL) {
                out.put(pb, m, v - m);
                merge(null, 0, pb, v, out);
                count++;
            }
            m = next;
        }
        Packed.putU32(out.buf, header + 1, out.len - header - Packed.HEADER);
        Packed.putU32(out.buf, header + 5, count);
    }
}
