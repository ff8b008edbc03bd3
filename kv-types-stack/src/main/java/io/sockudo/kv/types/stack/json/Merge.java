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
     * {@code tb} is null) to {@code out}, with container headers of the given width (target and
     * patch must have it already).
     */
    static void merge(byte[] tb, int t, byte[] pb, int p, Scratch out, boolean narrow) {
        if (Packed.kind(pb, p) != Packed.OBJECT) {
            out.put(pb, p, Packed.skip(pb, p) - p);
            return;
        }
        int header = out.len;
        int hl = narrow ? 5 : 9;
        out.ensure(hl);
        out.len += hl;
        int count = 0;
        boolean targetObject = tb != null && Packed.kind(tb, t) == Packed.OBJECT;
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
                } else if (Packed.kind(pb, pv) != Packed.NULL) {
                    out.put(tb, m, v - m);
                    merge(tb, v, pb, pv, out, narrow);
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
            if (!existed && Packed.kind(pb, v) != Packed.NULL) {
                out.put(pb, m, v - m);
                merge(null, 0, pb, v, out, narrow);
                count++;
            }
            m = next;
        }
        Packed.putHeader(out.buf, header, Packed.OBJECT, narrow, out.len - header - hl, count);
    }
}
