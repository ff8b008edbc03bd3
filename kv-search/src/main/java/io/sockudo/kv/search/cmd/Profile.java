package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.spi.ReplyWriter;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FT.PROFILE's profile part, in RediSearch 2.8's shape: total, parsing and pipeline-creation
 * times, the iterator tree (type, term or query, time, counter of matched documents, children)
 * and the result processors. Times are milliseconds; LIMITED omits the children of large unions.
 */
final class Profile {
    private Profile() {
    }

    static void write(ReplyWriter w, QueryNode root, Map<QueryNode, long[]> counts, long start, long parsed,
                      long done, boolean limited, int returned) {
        boolean r3 = w.protocol() == 3;
        if (r3) {
            w.map(5);
        } else {
            w.array(5);
        }
        pair(w, r3, "Total profile time", ms(done - start));
        pair(w, r3, "Parsing time", ms(parsed - start));
        pair(w, r3, "Pipeline creation time", "0");
        if (r3) {
            w.simple("Iterators profile");
        } else {
            w.array(2);
            w.simple("Iterators profile");
        }
        iterator(w, r3, root, counts, limited);
        if (r3) {
            w.simple("Result processors profile");
        } else {
            w.array(4);
            w.simple("Result processors profile");
        }
        long matched = counts.containsKey(root) ? counts.get(root)[0] : 0;
        processor(w, r3, "Index", matched);
        processor(w, r3, "Scorer", matched);
        processor(w, r3, "Sorter", returned);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static void pair(ReplyWriter w, boolean r3, String k, String v) {
        if (r3) {
            w.simple(k);
            w.doubleText(v);
        } else {
            w.array(2);
            w.simple(k);
            w.bulk(v);
        }
    }

    private static void processor(ReplyWriter w, boolean r3, String type, long count) {
        if (r3) {
            w.map(3);
        } else {
            w.array(6);
        }
        w.simple("Type");
        w.simple(type);
        w.simple("Time");
        if (r3) {
            w.doubleText("0");
        } else {
            w.bulk("0");
        }
        w.simple("Counter");
        w.integer(count);
    }

    private static String type(QueryNode n) {
        if (n instanceof QueryNode.Term || n instanceof QueryNode.Fuzzy) {
            return "TEXT";
        }
        if (n instanceof QueryNode.Intersect) {
            return "INTERSECT";
        }
        if (n instanceof QueryNode.Union) {
            return "UNION";
        }
        if (n instanceof QueryNode.Not) {
            return "NOT";
        }
        if (n instanceof QueryNode.Optional) {
            return "OPTIONAL";
        }
        if (n instanceof QueryNode.Numeric) {
            return "NUMERIC";
        }
        if (n instanceof QueryNode.Tag) {
            return "TAG";
        }
        if (n instanceof QueryNode.Geo) {
            return "GEO";
        }
        if (n instanceof QueryNode.All) {
            return "WILDCARD";
        }
        if (n instanceof QueryNode.Vector) {
            return "VECTOR";
        }
        if (n instanceof QueryNode.Affix || n instanceof QueryNode.Wildcard) {
            return "UNION";
        }
        return "EMPTY";
    }

    private static void iterator(ReplyWriter w, boolean r3, QueryNode n, Map<QueryNode, long[]> counts,
                                 boolean limited) {
        long[] c = counts.getOrDefault(n, new long[2]);
        List<QueryNode> children = n.children();
        String label = null;
        if (n instanceof QueryNode.Term t) {
            label = t.text;
        } else if (n instanceof QueryNode.Fuzzy f) {
            label = f.text;
        } else if (n instanceof QueryNode.Affix a) {
            label = (a.suffix ? "*" : "") + a.text + (a.prefix ? "*" : "");
        } else if (n instanceof QueryNode.Numeric num) {
            label = num.min + " - " + num.max;
        } else if (n instanceof QueryNode.Tag tag) {
            label = tag.field;
        }
        boolean showChildren = !children.isEmpty() && !(limited && n instanceof QueryNode.Union && children.size() > 5);
        int fields = 3 + (label != null ? 1 : 0) + (showChildren ? 1 : 0);
        if (r3) {
            w.map(fields);
        } else {
            w.array(fields * 2 - (showChildren ? 1 : 0) + (showChildren ? children.size() : 0));
        }
        w.simple("Type");
        w.simple(type(n));
        if (label != null) {
            w.simple(n instanceof QueryNode.Term || n instanceof QueryNode.Fuzzy ? "Term" : "Query");
            w.bulk(label);
        }
        w.simple("Time");
        if (r3) {
            w.doubleText(ms(c[1]));
        } else {
            w.bulk(ms(c[1]));
        }
        w.simple("Counter");
        w.integer(c[0]);
        if (showChildren) {
            w.simple("Child iterators");
            if (r3) {
                w.array(children.size());
            }
            for (QueryNode ch : children) {
                iterator(w, r3, ch, counts, limited);
            }
        }
    }
}
