package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.stack.json.path.IntList;

/** Reply shapes shared by the JSON commands. */
final class Replies {
    private Replies() {
    }

    /** A bulk string of the JSON text of the value at {@code p}. */
    static void json(ReplyWriter r, byte[] b, int p, JsonWriter w) {
        Scratch s = Scratch.forText();
        w.value(b, p, s);
        r.bulk(s.buf, 0, s.len);
    }

    /** A bulk string of a JSON array of the matches (JSONPath replies of JSON.GET, JSON.MGET). */
    static void jsonArray(ReplyWriter r, byte[] b, IntList found, JsonWriter w) {
        Scratch s = Scratch.forText();
        writeArray(s, b, found, w, 0);
        r.bulk(s.buf, 0, s.len);
    }

    static void writeArray(Scratch s, byte[] b, IntList found, JsonWriter w, int level) {
        s.put((byte) '[');
        int n = found.size();
        for (int i = 0; i < n; i++) {
            w.item(s, i, level + 1);
            w.value(b, found.get(i), s, level + 1);
        }
        w.close(s, ']', n, level);
    }

    /**
     * A value as RESP3 structures (JSON.GET FORMAT EXPAND/EXPAND1, JSON.ARRPOP on RESP3): null,
     * booleans, integers and doubles as such; strings as bulk strings; with {@code expand} arrays
     * as arrays and objects as maps, otherwise containers as their JSON text.
     */
    static void resp3(ReplyWriter r, byte[] b, int p, boolean expand, JsonWriter w) {
        switch (Packed.kind(b, p)) {
            case Packed.NULL -> r.nullBulk();
            case Packed.TRUE -> r.bool(true);
            case Packed.FALSE -> r.bool(false);
            case Packed.INT -> r.integer(Packed.intValue(b, p));
            case Packed.UINT, Packed.DOUBLE -> r.doubleValue(Packed.asDouble(b, p));
            case Packed.STRING -> r.bulk(b, Packed.strOff(b, p), Packed.strLen(b, p));
            case Packed.ARRAY -> {
                if (!expand) {
                    json(r, b, p, w);
                    return;
                }
                int n = Packed.count(b, p);
                r.array(n);
                int e = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    resp3(r, b, e, true, w);
                    e = Packed.skip(b, e);
                }
            }
            default -> {
                if (!expand) {
                    json(r, b, p, w);
                    return;
                }
                int n = Packed.count(b, p);
                r.map(n);
                int m = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    int klen = Packed.keyLen(b, m);
                    int koff = Packed.keyOff(b, m);
                    r.bulk(b, koff, klen);
                    resp3(r, b, koff + klen, true, w);
                    m = Packed.skip(b, koff + klen);
                }
            }
        }
    }

    /**
     * JSON.RESP's form: null, {@code true}/{@code false} as simple strings, integers, doubles,
     * strings as bulk strings, arrays as {@code [} followed by the elements, objects as {@code {}
     * followed by key, value pairs.
     */
    static void resp(ReplyWriter r, byte[] b, int p) {
        switch (Packed.kind(b, p)) {
            case Packed.NULL -> r.nullBulk();
            case Packed.TRUE -> r.simple("true");
            case Packed.FALSE -> r.simple("false");
            case Packed.INT -> r.integer(Packed.intValue(b, p));
            case Packed.UINT, Packed.DOUBLE -> r.doubleValue(Packed.asDouble(b, p));
            case Packed.STRING -> r.bulk(b, Packed.strOff(b, p), Packed.strLen(b, p));
            case Packed.ARRAY -> {
                int n = Packed.count(b, p);
                r.array(n + 1);
                r.simple("[");
                int e = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    resp(r, b, e);
                    e = Packed.skip(b, e);
                }
            }
            default -> {
                int n = Packed.count(b, p);
                r.array(2 * n + 1);
                r.simple("{");
                int m = Packed.first(b, p);
                for (int i = 0; i < n; i++) {
                    int klen = Packed.keyLen(b, m);
                    int koff = Packed.keyOff(b, m);
                    r.bulk(b, koff, klen);
                    resp(r, b, koff + klen);
                    m = Packed.skip(b, koff + klen);
                }
            }
        }
    }
}
