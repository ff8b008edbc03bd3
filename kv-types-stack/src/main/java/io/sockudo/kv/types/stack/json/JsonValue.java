package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.spi.DocumentView;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.stack.json.path.Evaluator;
import io.sockudo.kv.types.stack.json.path.IntList;
import io.sockudo.kv.types.stack.json.path.JsonPath;
import io.sockudo.kv.types.stack.json.path.PathException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON document: its {@link Packed} bytes, the root value at offset 0, with room to grow after
 * it (the document's length is the root value's extent, so no field holds it: an object of 16
 * bytes plus the array). Edits rewrite the bytes in place; when a value changes size, the bytes
 * after it move and the size fields of the containers around it are adjusted ({@link #splice}):
 * the walk is down one path, the move one {@code System.arraycopy}. A document of up to 64 KB
 * keeps 2-byte size fields; an edit that would take it past that converts it first
 * ({@link #ensureRoom}).
 *
 * <p>Also the search family's view of the document ({@link DocumentView}, kind {@code JSON}).
 */
public final class JsonValue implements KvValue, DocumentView {
    byte[] buf;

    public JsonValue(byte[] packed) {
        this.buf = packed;
    }

    public byte[] bytes() {
        return buf;
    }

    /** Bytes the document takes (without the room to grow). */
    public int length() {
        return Packed.skip(buf, 0);
    }

    @Override
    public ValueType type() {
        return JsonType.INSTANCE;
    }

    /** RedisJSON 2 reports {@code raw} for its keys. */
    @Override
    public String encoding() {
        return "raw";
    }

    /** The object, its array and the packed bytes (with any room to grow). */
    @Override
    public long memoryUsage() {
        return 16 + HeapArrays.cost(buf.length, 1);
    }

    @Override
    public KvValue copy() {
        return new JsonValue(Arrays.copyOf(buf, length()));
    }

    // ------------------------------------------------------------------ width

    /** True when the document's containers use 2-byte fields (a scalar root counts as narrow). */
    public boolean narrow() {
        return !Packed.isContainer(Packed.kind(buf, 0)) || Packed.isNarrow(buf, 0);
    }

    /**
     * Makes sure the document can grow by {@code bound} bytes: a narrow document that would pass
     * 64 KB is rewritten with 4-byte fields. True when it was (offsets found before are then stale).
     */
    public boolean ensureRoom(long bound) {
        if (!narrow() || length() + bound <= Packed.NARROW_LIMIT) {
            return false;
        }
        Scratch s = new Scratch();
        Packed.convert(buf, 0, s, false);
        buf = s.toArray();
        return true;
    }

    /** {@code value} (a packed value) in this document's width, for inserting it. */
    public byte[] adapt(byte[] value) {
        boolean valueNarrow = !Packed.isContainer(Packed.kind(value, 0)) || Packed.isNarrow(value, 0);
        if (valueNarrow == narrow() || !Packed.isContainer(Packed.kind(value, 0))) {
            return value;
        }
        Scratch s = new Scratch();
        Packed.convert(value, 0, s, narrow());
        return s.toArray();
    }

    // ------------------------------------------------------------------ editing

    /** Per-thread scratch for the container chain of an edit (no field per document: memory). */
    private static final class Chain {
        int[] a = new int[32];
        int n;
    }

    private static final ThreadLocal<Chain> CHAIN = ThreadLocal.withInitial(Chain::new);

    /**
     * Containers enclosing position {@code p} (a value or member start strictly inside them), root
     * first, in the thread's chain.
     */
    private Chain chainFor(int p) {
        Chain chain = CHAIN.get();
        int[] out = chain.a;
        int n = 0;
        int c = 0;
        outer:
        while (c < p && Packed.isContainer(Packed.kind(buf, c)) && p < Packed.end(buf, c)) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
                chain.a = out;
            }
            out[n++] = c;
            boolean object = Packed.kind(buf, c) == Packed.OBJECT;
            int e = Packed.first(buf, c);
            int end = Packed.end(buf, c);
            while (e < end) {
                if (e == p) {
                    break outer;
                }
                int v = object ? Packed.memberValue(buf, e) : e;
                if (v == p) {
                    break outer;
                }
                int next = Packed.skip(buf, v);
                if (v < p && p < next) {
                    c = v;
                    continue outer;
                }
                e = next;
            }
            break;
        }
        chain.n = n;
        return chain;
    }

    /**
     * Replaces {@code buf[at..at+remove)} with {@code src[off..off+n)}, adjusting the size of
     * every container enclosing {@code anchor} (and of {@code anchor} itself when
     * {@code includeAnchor}). The caller has made room ({@link #ensureRoom}) for growth.
     */
    void splice(int anchor, boolean includeAnchor, int at, int remove, byte[] src, int off, int n) {
        int delta = n - remove;
        if (delta != 0) {
            Chain ch = chainFor(anchor);
            int len = length();
            int newLen = len + delta;
            if (newLen > buf.length) {
                buf = Arrays.copyOf(buf, newLen + (newLen >> 3) + 8);
            }
            System.arraycopy(buf, at + remove, buf, at + n, len - at - remove);
            for (int i = 0; i < ch.n; i++) {
                int c = ch.a[i];
                Packed.setSize(buf, c, Packed.size(buf, c) + delta);
            }
            if (includeAnchor) {
                Packed.setSize(buf, anchor, Packed.size(buf, anchor) + delta);
            }
        }
        System.arraycopy(src, off, buf, at, n);
    }

    /** Replaces the value at {@code v} with the packed value {@code src[off..off+n)} (in this document's width). */
    public void replace(int v, byte[] src, int off, int n) {
        if (v == 0) {
            buf = Arrays.copyOfRange(src, off, off + n);
            return;
        }
        splice(v, false, v, Packed.skip(buf, v) - v, src, off, n);
    }

    /**
     * Makes the packed value {@code src[0..n)} the whole document: copied into the document's
     * array when it fits without leaving more room than {@link #trim} keeps (a document set again
     * at a similar size: no allocation), into a new exact array otherwise.
     */
    public void replaceRoot(byte[] src, int n) {
        if (buf.length >= n && buf.length - n <= (n >> 3) + 64) {
            System.arraycopy(src, 0, buf, 0, n);
        } else {
            buf = Arrays.copyOf(src, n);
        }
    }

    /** Makes {@code packed} the whole document (taken over, not copied). */
    public void setRoot(byte[] packed) {
        buf = packed;
    }

    /** Appends member {@code key: value} to the object at {@code obj}. */
    public void addMember(int obj, byte[] key, byte[] value, int voff, int vlen) {
        byte[] m = new byte[Packed.varintLength(key.length) + key.length + vlen];
        int p = Packed.putVarint(m, 0, key.length);
        System.arraycopy(key, 0, m, p, key.length);
        System.arraycopy(value, voff, m, p + key.length, vlen);
        int at = Packed.end(buf, obj);
        splice(obj, true, at, 0, m, 0, m.length);
        Packed.setCount(buf, obj, Packed.count(buf, obj) + 1);
    }

    /** Removes the value at {@code v} from its container (the member, for an object). */
    public void removeAt(int v) {
        Chain ch = chainFor(v);
        int parent = ch.a[ch.n - 1];
        int from = v;
        if (Packed.kind(buf, parent) == Packed.OBJECT) {
            from = memberStart(parent, v);
        }
        int to = Packed.skip(buf, v);
        splice(parent, true, from, to - from, buf, 0, 0);
        Packed.setCount(buf, parent, Packed.count(buf, parent) - 1);
    }

    /** The start of the member whose value is at {@code v} in the object at {@code obj}. */
    int memberStart(int obj, int v) {
        int m = Packed.first(buf, obj);
        while (true) {
            int val = Packed.memberValue(buf, m);
            if (val == v) {
                return m;
            }
            m = Packed.skip(buf, val);
        }
    }

    /** Inserts {@code count} packed elements {@code src[off..off+n)} at element {@code index} of the array at {@code arr}. */
    public void insertElements(int arr, int index, int count, byte[] src, int off, int n) {
        int at = index == Packed.count(buf, arr) ? Packed.end(buf, arr) : Packed.element(buf, arr, index);
        splice(arr, true, at, 0, src, off, n);
        Packed.setCount(buf, arr, Packed.count(buf, arr) + count);
    }

    /** Keeps elements {@code [from, to)} of the array at {@code arr} (0 <= from <= to <= count). */
    public void keepRange(int arr, int from, int to) {
        int count = Packed.count(buf, arr);
        int endCut = to == count ? Packed.end(buf, arr) : Packed.element(buf, arr, to);
        int tailLen = Packed.end(buf, arr) - endCut;
        if (tailLen > 0) {
            splice(arr, true, endCut, tailLen, buf, 0, 0);
        }
        if (from > 0) {
            int first = Packed.first(buf, arr);
            int startKeep = Packed.element(buf, arr, from);
            splice(arr, true, first, startKeep - first, buf, 0, 0);
        }
        Packed.setCount(buf, arr, to - from);
    }

    /** Empties the container at {@code c}. */
    public void clearContainer(int c) {
        int size = Packed.size(buf, c);
        if (size > 0) {
            splice(c, true, Packed.first(buf, c), size, buf, 0, 0);
        }
        Packed.setCount(buf, c, 0);
    }

    /** Gives back room left by edits when it is more than an eighth of the document. */
    public void trim() {
        int len = length();
        if (buf.length - len > (len >> 3) + 64) {
            buf = Arrays.copyOf(buf, len);
        }
    }

    // ------------------------------------------------------------------ document view

    @Override
    public String documentKind() {
        return JSON;
    }

    @Override
    public List<Object> select(String path) {
        JsonPath p;
        try {
            p = JsonPath.compile(path);
        } catch (PathException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        IntList found = new IntList();
        Evaluator.select(p, buf, 0, found);
        int n = p.legacy ? Math.min(1, found.size()) : found.size();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(toJava(buf, found.get(i)));
        }
        return out;
    }

    /** The value at {@code p} as plain Java values (a copy). */
    public static Object toJava(byte[] b, int p) {
        switch (Packed.kind(b, p)) {
            case Packed.NULL:
                return null;
            case Packed.FALSE:
                return Boolean.FALSE;
            case Packed.TRUE:
                return Boolean.TRUE;
            case Packed.INT:
                return Packed.intValue(b, p);
            case Packed.UINT, Packed.DOUBLE:
                return Packed.asDouble(b, p);
            case Packed.STRING:
                return new String(b, Packed.strOff(b, p), Packed.strLen(b, p), StandardCharsets.UTF_8);
            case Packed.ARRAY: {
                int n = Packed.count(b, p);
                List<Object> list = new ArrayList<>(n);
                int e = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    list.add(toJava(b, e));
                    e = Packed.skip(b, e);
                }
                return list;
            }
            default: {
                int n = Packed.count(b, p);
                Map<String, Object> map = new LinkedHashMap<>();
                int m = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    int klen = Packed.keyLen(b, m);
                    int koff = Packed.keyOff(b, m);
                    int v = koff + klen;
                    map.put(new String(b, koff, klen, StandardCharsets.UTF_8), toJava(b, v));
                    m = Packed.skip(b, v);
                }
                return map;
            }
        }
    }
}
