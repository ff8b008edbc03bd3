package io.sockudo.kv.search.query;

import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.text.Stemmer;

import java.util.Locale;

/**
 * FT.EXPLAIN's text: the query tree after term expansion, in RediSearch's format
 * ({@code INTERSECT {}, UNION {}, EXACT {}, NOT{}, OPTIONAL{}, NUMERIC {...}, TAG:@f {...},
 * PREFIX{...*}, FUZZY{...}, <WILDCARD>}, field masks as {@code @title|body:}, attributes as
 * {@code => { $weight: 2; $slop: 1; $inorder: true; }}).
 */
public final class Explain {
    private final IndexSpec spec;
    private final boolean verbatim;
    private final StringBuilder sb = new StringBuilder();

    private Explain(IndexSpec spec, boolean verbatim) {
        this.spec = spec;
        this.verbatim = verbatim;
    }

    public static String of(QueryNode root, IndexSpec spec, boolean verbatim) {
        if (root instanceof QueryNode.None) {
            return "<empty>}\n";
        }
        Explain e = new Explain(spec, verbatim);
        e.node(root, 0);
        return e.sb.toString();
    }

    private void pad(int depth) {
        for (int i = 0; i < depth; i++) {
            sb.append("  ");
        }
    }

    private static String f(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%f", d);
    }

    private void mask(QueryNode n) {
        if (n instanceof QueryNode.Numeric || n instanceof QueryNode.Geo || n instanceof QueryNode.Tag
                || n instanceof QueryNode.Vector || n instanceof QueryNode.Missing) {
            return;
        }
        sb.append(maskText(n.fieldMask));
    }

    /**
     * How RediSearch prints a field restriction before a node: nothing for all fields, else
     * {@code @title|body:} (every restricted node, the expanded forms of a term included).
     */
    private String maskText(long m) {
        if (m == 0) {
            return "@NULL:";
        }
        if (m == QueryNode.ALL_FIELDS || spec.textFieldCount() == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder("@");
        boolean first = true;
        for (FieldSpec fs : spec.fields()) {
            if (fs.type == FieldType.TEXT && fs.textId >= 0 && (m & (1L << fs.textId)) != 0) {
                if (!first) {
                    out.append('|');
                }
                out.append(fs.name);
                first = false;
            }
        }
        return out.append(':').toString();
    }

    private void node(QueryNode n, int depth) {
        pad(depth);
        mask(n);
        if (n instanceof QueryNode.Term t) {
            term(t, depth);
            return;
        }
        if (n instanceof QueryNode.Fuzzy fz) {
            sb.append("FUZZY{").append(fz.text).append("}\n");
            return;
        }
        if (n instanceof QueryNode.Intersect x) {
            sb.append(x.exact ? "EXACT {\n" : "INTERSECT {\n");
            for (QueryNode c : x.nodes) {
                node(c, depth + 1);
            }
            pad(depth);
        } else if (n instanceof QueryNode.Union u) {
            sb.append("UNION {\n");
            for (QueryNode c : u.nodes) {
                node(c, depth + 1);
            }
            pad(depth);
        } else if (n instanceof QueryNode.Not not) {
            sb.append("NOT{\n");
            node(not.child, depth + 1);
            pad(depth);
        } else if (n instanceof QueryNode.Optional o) {
            sb.append("OPTIONAL{\n");
            node(o.child, depth + 1);
            pad(depth);
        } else if (n instanceof QueryNode.Affix a) {
            if (a.prefix && a.suffix) {
                sb.append("INFIX{*").append(a.text).append('*');
            } else if (a.suffix) {
                sb.append("SUFFIX{*").append(a.text);
            } else {
                sb.append("PREFIX{").append(a.text).append('*');
            }
        } else if (n instanceof QueryNode.Wildcard w) {
            sb.append("WILDCARD{").append(w.pattern);
        } else if (n instanceof QueryNode.Numeric num) {
            sb.append("NUMERIC {").append(f(num.min)).append(num.minExclusive ? " < @" : " <= @").append(num.field)
                    .append(num.maxExclusive ? " < " : " <= ").append(f(num.max));
        } else if (n instanceof QueryNode.Geo g) {
            sb.append("GEO ").append(g.field).append(":{").append(f(g.lon)).append(',').append(f(g.lat))
                    .append(" --> ").append(f(g.radius)).append(' ').append(g.unit.toLowerCase(Locale.ROOT));
        } else if (n instanceof QueryNode.Tag t) {
            sb.append("TAG:@").append(t.field).append(" {\n");
            FieldSpec fs = spec.field(t.field);
            boolean cs = fs != null && fs.caseSensitive;
            for (QueryNode.TagValue v : t.values) {
                pad(depth + 1);
                String text = cs ? v.text() : v.text().toLowerCase(Locale.ROOT);
                if (v.wildcard()) {
                    sb.append("WILDCARD{").append(text).append("}\n");
                } else if (v.prefix() && v.suffix()) {
                    sb.append("INFIX{*").append(text).append("*}\n");
                } else if (v.suffix()) {
                    sb.append("SUFFIX{*").append(text).append("}\n");
                } else if (v.prefix()) {
                    sb.append("PREFIX{").append(text).append("*}\n");
                } else {
                    sb.append(text).append('\n');
                }
            }
            pad(depth);
        } else if (n instanceof QueryNode.All) {
            sb.append("<WILDCARD>");
        } else if (n instanceof QueryNode.None) {
            sb.append("<empty>");
        } else if (n instanceof QueryNode.Missing m) {
            sb.append("ISMISSING{").append(m.field);
        } else if (n instanceof QueryNode.Empty e) {
            sb.append("ISEMPTY{").append(e.field);
        } else if (n instanceof QueryNode.Vector v) {
            sb.append("VECTOR {");
            if (v.filter != null) {
                sb.append('\n');
                node(v.filter, depth + 1);
                pad(depth);
                sb.append("} => {");
            }
            if (v.knn) {
                sb.append("K=").append(v.k).append(" nearest vectors to `$blob` ");
            } else {
                sb.append("distance range ").append(io.sockudo.kv.search.util.CFormat.g(v.radius, 6)).append(" to `$blob` ");
            }
            sb.append("in vector index associated with field @").append(v.field);
            if (v.efRuntime > 0) {
                sb.append(", EF_RUNTIME = ").append(v.efRuntime);
            }
            if (v.scoreField != null) {
                sb.append(", yields distance as `").append(v.scoreField).append('`');
            }
        }
        sb.append('}');
        attributes(n);
        sb.append('\n');
    }

    private void attributes(QueryNode n) {
        int slop = n instanceof QueryNode.Intersect x ? x.slop : -1;
        boolean inOrder = n instanceof QueryNode.Intersect x && x.inOrder;
        if (n.weight != 1 || slop != -1 || inOrder) {
            sb.append(" => {");
            if (n.weight != 1) {
                sb.append(" $weight: ").append(io.sockudo.kv.search.util.CFormat.g(n.weight, 6)).append(';');
            }
            if (slop != -1) {
                sb.append(" $slop: ").append(slop).append(';');
            }
            if (inOrder || slop != -1) {
                sb.append(" $inorder: ").append(inOrder ? "true" : "false").append(';');
            }
            sb.append(" }");
        }
    }

    /** A term, with its expansions (stem forms) as a UNION, as RediSearch prints it after expansion. */
    private void term(QueryNode.Term t, int depth) {
        boolean expand = !t.verbatim && !verbatim && stemmable(t.fieldMask);
        if (!expand) {
            sb.append(t.text);
            if (t.weight != 1) {
                sb.append(" => {$weight: ").append(io.sockudo.kv.search.util.CFormat.g(t.weight, 6)).append(";}");
            }
            sb.append('\n');
            return;
        }
        String stem = Stemmer.get().stem(t.text);
        String m = maskText(t.fieldMask);
        sb.append("UNION {\n");
        pad(depth + 1);
        sb.append(m).append(t.text).append('\n');
        pad(depth + 1);
        sb.append(m).append('+').append(stem).append("(expanded)\n");
        if (!stem.equals(t.text)) {
            pad(depth + 1);
            sb.append(m).append(stem).append("(expanded)\n");
        }
        pad(depth);
        sb.append('}');
        if (t.weight != 1) {
            sb.append(" => { $weight: ").append(io.sockudo.kv.search.util.CFormat.g(t.weight, 6)).append("; }");
        }
        sb.append('\n');
    }

    private boolean stemmable(long mask) {
        if (!spec.language.equals("english")) {
            return false;
        }
        for (FieldSpec f : spec.fields()) {
            if (f.type == FieldType.TEXT && f.indexed() && (mask & (1L << f.textId)) != 0 && !f.noStem) {
                return true;
            }
        }
        return false;
    }
}
