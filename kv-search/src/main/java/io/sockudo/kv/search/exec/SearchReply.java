package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.query.Scorer;
import io.sockudo.kv.search.util.CFormat;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;

/**
 * Writes FT.SEARCH replies: RESP2's flat array (total, then per document its key, score,
 * payload, sort key and fields as requested) or RESP3's map (attributes, warning, total_results,
 * format, results with id / score / payload / sortkey / extra_attributes / values per document).
 */
final class SearchReply {
    private SearchReply() {
    }

    static void write(ReplyWriter w, SearchExecutor.Result res, SearchRequest req) {
        if (res.error != null) {
            w.error(res.error);
            return;
        }
        if (w.protocol() == 3) {
            resp3(w, res, req);
        } else {
            resp2(w, res, req);
        }
    }

    private static void resp2(ReplyWriter w, SearchExecutor.Result res, SearchRequest req) {
        int per = 1 + (req.withScores ? 1 : 0) + (req.withPayloads ? 1 : 0) + (req.withSortKeys ? 1 : 0)
                + (req.noContent ? 0 : 1);
        List<SearchExecutor.Hit> hits = res.hits;
        w.array(1 + hits.size() * per);
        w.integer(res.total);
        for (SearchExecutor.Hit h : hits) {
            if (h.gone) {
                w.nullBulk();
            } else {
                w.bulk(h.key);
            }
            if (req.withScores) {
                score(w, h);
            }
            if (req.withPayloads) {
                payload(w, h);
            }
            if (req.withSortKeys) {
                sortKey(w, h);
            }
            if (!req.noContent) {
                if (h.gone || h.fields == null) {
                    w.nullArray();
                } else {
                    w.array(h.fields.size() * 2);
                    for (DocLoader.Field f : h.fields) {
                        w.bulk(f.name());
                        value(w, f.value());
                    }
                }
            }
        }
    }

    private static void resp3(ReplyWriter w, SearchExecutor.Result res, SearchRequest req) {
        w.map(5);
        w.simple("attributes");
        w.array(0);
        w.simple("warning");
        if (res.timedOut) {
            w.array(1);
            w.simple("Timeout limit was reached");
        } else {
            w.array(0);
        }
        w.simple("total_results");
        w.integer(res.total);
        w.simple("format");
        w.simple("STRING");
        w.simple("results");
        w.array(res.hits.size());
        for (SearchExecutor.Hit h : res.hits) {
            int pairs = 2 + (req.withScores ? 1 : 0) + (req.withPayloads ? 1 : 0) + (req.withSortKeys ? 1 : 0)
                    + (req.noContent ? 0 : 1);
            w.map(pairs);
            w.simple("id");
            if (h.gone) {
                w.nullBulk();
            } else {
                w.bulk(h.key);
            }
            if (req.withScores) {
                w.simple("score");
                score(w, h);
            }
            if (req.withPayloads) {
                w.simple("payload");
                payload(w, h);
            }
            if (req.withSortKeys) {
                w.simple("sortkey");
                sortKey(w, h);
            }
            if (!req.noContent) {
                w.simple("extra_attributes");
                List<DocLoader.Field> fields = h.gone || h.fields == null ? List.of() : h.fields;
                w.map(fields.size());
                for (DocLoader.Field f : fields) {
                    w.bulk(f.name());
                    value(w, f.value());
                }
            }
            w.simple("values");
            w.array(0);
        }
    }

    static void value(ReplyWriter w, Object v) {
        if (v instanceof byte[] b) {
            w.bulk(b);
        } else if (v == null) {
            w.nullBulk();
        } else {
            w.bulk(v.toString());
        }
    }

    private static void score(ReplyWriter w, SearchExecutor.Hit h) {
        if (h.explain != null) {
            w.array(2);
            io.sockudo.kv.search.util.Replies.dbl(w, h.score);
            explain(w, h.explain);
        } else {
            io.sockudo.kv.search.util.Replies.dbl(w, h.score);
        }
    }

    static void explain(ReplyWriter w, Scorer.Explain e) {
        if (e.children.isEmpty()) {
            w.simple(e.text);
            return;
        }
        w.array(2);
        w.simple(e.text);
        w.array(e.children.size());
        for (Scorer.Explain c : e.children) {
            explain(w, c);
        }
    }

    private static void payload(ReplyWriter w, SearchExecutor.Hit h) {
        if (h.payload == null) {
            w.nullBulk();
        } else {
            w.bulk(h.payload);
        }
    }

    private static void sortKey(ReplyWriter w, SearchExecutor.Hit h) {
        Object k = h.hasSortKey ? h.sortKey : null;
        if (k instanceof Double d) {
            w.bulk("#" + CFormat.g(d, 17));
        } else if (k != null) {
            w.bulk("$" + k);
        } else {
            w.nullBulk();
        }
    }
}
