package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.util.CFormat;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * Writes FT.AGGREGATE / FT.CURSOR READ replies: RESP2 {@code [total, [k, v, ...], ...]}, RESP3
 * the search-style map with {@code extra_attributes} per row; with a cursor, {@code [reply, id]}.
 * Numbers are written as RediSearch prints them ({@code %.12g}), arrays as arrays.
 */
public final class AggregateReply {
    private AggregateReply() {
    }

    public static void write(ReplyWriter w, AggregateResult res, int from, int to, long cursorId, boolean cursor) {
        if (cursor) {
            w.array(2);
        }
        if (w.protocol() == 3) {
            w.map(5);
            w.simple("attributes");
            w.array(0);
            w.simple("warning");
            w.array(0);
            w.simple("total_results");
            w.integer(res.total);
            w.simple("format");
            w.simple("STRING");
            w.simple("results");
            w.array(to - from);
            for (int i = from; i < to; i++) {
                AggregateResult.Row r = res.rows.get(i);
                w.map(2);
                w.simple("extra_attributes");
                w.map(r.names().size());
                for (int k = 0; k < r.names().size(); k++) {
                    w.bulk(r.names().get(k));
                    value(w, r.values().get(k));
                }
                w.simple("values");
                w.array(0);
            }
        } else {
            w.array(1 + to - from);
            w.integer(res.total);
            for (int i = from; i < to; i++) {
                AggregateResult.Row r = res.rows.get(i);
                w.array(r.names().size() * 2);
                for (int k = 0; k < r.names().size(); k++) {
                    w.bulk(r.names().get(k));
                    value(w, r.values().get(k));
                }
            }
        }
        if (cursor) {
            w.integer(cursorId);
        }
    }

    static void value(ReplyWriter w, Object v) {
        if (v == null) {
            w.nullBulk();
        } else if (v instanceof Double d) {
            w.bulk(CFormat.num(d));
        } else if (v instanceof List<?> l) {
            w.array(l.size());
            for (Object o : l) {
                value(w, o);
            }
        } else if (v instanceof byte[] b) {
            w.bulk(b);
        } else {
            w.bulk(v.toString());
        }
    }
}
