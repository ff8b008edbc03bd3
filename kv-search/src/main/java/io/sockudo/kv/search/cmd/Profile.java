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
        write(w, root, counts, Map.of(), start, parsed, done, limited, returned, false);
    }

    /**
     * @param terms per term-like node, the expanded index terms with their document counts
     * @param loaded whether documents were loaded (a Loader processor ran)
     */
    static void write(ReplyWriter w, QueryNode root, Map<QueryNode, long[]> counts,
                      Map<QueryNode, List<Object[]>> terms, long start, long parsed, long done, boolean limited,
                      int returned, boolean loaded) {
        TERMS.set(terms);
        boolean r3 = w.protocol() == 3;
        if (r3) {
            w.map(5);
        } else {
            w.array(5);
        }
        pair(w, r3, "Total profile time", ms(done - start));
        pair(w, r3, "Parsing time", ms(parsed - start));
        pair(w, r3, "Pipeline creation time", ms(0));
        if (r3) {
            w.simple("Iterators profile");
        } else {
            w.array(2);
            w.simple("Iterators profile");
        }
        iterator(w, r3, root, counts, limited);
        if (r3) {
            w.simple("Result processors profile");
            w.array(loaded ? 4 : 3);
        } else {
            w.array(loaded ? 5 : 4);
            w.simple("Result processors profile");
        }
        long matched = counts.containsKey(root) ? counts.get(root)[0] : 0;
        processor(w, r3, "Index", matched);
        processor(w, r3, "Scorer", matched);
        processor(w, r3, "Sorter", returned);
        if (loaded) {
            processor(w, r3, "Loader", returned);
        }
        TERMS.remove();
    }

    private static final ThreadLocal<Map<QueryNode, List<Object[]>>> TERMS = new ThreadLocal<>();

    private static String ms(long nanos) {
        return io.sockudo.kv.search.util.CFormat.g(Math.round(nanos / 1000.0) / 1000.0, 17);
    }

    private static void pair(ReplyWriter w, boolean r3, String k, String v) {
        if (!r3) {
            w.array(2);
        }
        w.simple(k);
        w.doubleText(v);
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
        w.doubleText("0");
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

    private static void textIterator(ReplyWriter w, boolean r3, String term, long docs, long nanos) {
        if (r3) {
            w.map(5);
        } else {
            w.array(10);
        }
        w.simple("Type");
        w.simple("TEXT");
        w.simple("Term");
        w.bulk(term);
        w.simple("Time");
        w.doubleText(ms(nanos));
        w.simple("Counter");
        w.integer(docs);
        w.simple("Size");
        w.integer(docs);
    }

    private static void iterator(ReplyWriter w, boolean r3, QueryNode n, Map<QueryNode, long[]> counts,
                                 boolean limited) {
        long[] c = counts.getOrDefault(n, new long[2]);
        Map<QueryNode, List<Object[]>> termMap = TERMS.get();
        List<Object[]> expanded = termMap == null ? null : termMap.get(n);
        if (expanded != null && n instanceof QueryNode.Term) {
            if (expanded.size() == 1) {
                textIterator(w, r3, (String) expanded.get(0)[0], (long) expanded.get(0)[1], c[1]);
                return;
            }
            if (expanded.isEmpty()) {
                if (r3) {
                    w.map(3);
                } else {
                    w.array(6);
                }
                w.simple("Type");
                w.simple("EMPTY");
                w.simple("Time");
                w.doubleText(ms(0));
                w.simple("Counter");
                w.integer(0);
                return;
            }
            if (r3) {
                w.map(5);
            } else {
                w.array(9 + expanded.size()); // 4 pairs, "Child iterators", then each child
            }
            w.simple("Type");
            w.simple("UNION");
            w.simple("Query");
            w.bulk(((QueryNode.Term) n).text);
            w.simple("Time");
            w.doubleText(ms(c[1]));
            w.simple("Counter");
            w.integer(c[0]);
            w.simple("Child iterators");
            if (r3) {
                w.array(expanded.size());
            }
            for (Object[] t : expanded) {
                textIterator(w, r3, (String) t[0], (long) t[1], 0);
            }
            return;
        }
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
        w.doubleText(ms(c[1]));
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
