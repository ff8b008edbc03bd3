package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.SearchConfig;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.search.util.Geo;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** FT.SEARCH's arguments, parsed as RediSearch parses them (any order, RediSearch's errors). */
public final class SearchRequest {
    public String query;
    public boolean noContent;
    public boolean verbatim;
    public boolean noStopWords;
    public boolean withScores;
    public boolean withPayloads;
    public boolean withSortKeys;
    public boolean explainScore;
    public final List<NumFilter> filters = new ArrayList<>();
    public final List<GeoFilter> geoFilters = new ArrayList<>();
    public List<String> inKeys;
    public List<String> inFields;
    /** RETURN fields (name = alias, path = identifier); null when not given. */
    public List<ReturnField> returns;
    public Highlight highlight;
    public Summarize summarize;
    public int slop = -1;
    public boolean inOrder;
    public String language;
    public String expander;
    public String scorer;
    public byte[] payload;
    public String sortBy;
    public boolean sortAsc = true;
    public long offset = 0;
    public long limit = 10;
    public boolean limitSet;
    public long timeoutMs = -1;
    public Map<String, byte[]> params;
    public int dialect;

    public record NumFilter(String field, double min, boolean minExcl, double max, boolean maxExcl) {
    }

    public record GeoFilter(String field, double lon, double lat, double radius, String unit) {
    }

    public record ReturnField(String path, String name) {
    }

    /** HIGHLIGHT [FIELDS n f...] [TAGS open close]. */
    public static final class Highlight {
        public List<String> fields;
        public String open = "<b>";
        public String close = "</b>";
    }

    /** SUMMARIZE [FIELDS n f...] [FRAGS n] [LEN n] [SEPARATOR s]. */
    public static final class Summarize {
        public List<String> fields;
        public int frags = 3;
        public int len = 20;
        public String separator = "... ";
    }

    /** Parses {@code argv[2..]} (argv[2] is the query). */
    public static SearchRequest parse(byte[][] argv, int argc, SearchConfig config) {
        SearchRequest r = new SearchRequest();
        r.dialect = config.defaultDialect;
        ArgCursor ac = new ArgCursor(argv, 2, argc);
        if (ac.atEnd()) {
            throw new KvException("No query string provided");
        }
        r.query = ac.next();
        while (!ac.atEnd()) {
            if (ac.advanceIf("NOCONTENT")) {
                r.noContent = true;
            } else if (ac.advanceIf("VERBATIM")) {
                r.verbatim = true;
            } else if (ac.advanceIf("NOSTOPWORDS")) {
                r.noStopWords = true;
            } else if (ac.advanceIf("WITHSCORES")) {
                r.withScores = true;
            } else if (ac.advanceIf("WITHPAYLOADS")) {
                r.withPayloads = true;
            } else if (ac.advanceIf("WITHSORTKEYS")) {
                r.withSortKeys = true;
            } else if (ac.advanceIf("EXPLAINSCORE")) {
                r.explainScore = true;
            } else if (ac.advanceIf("INORDER")) {
                r.inOrder = true;
            } else if (ac.advanceIf("INFIELDS")) {
                r.inFields = RequestArgs.varStrings(ac, "INFIELDS");
            } else if (ac.advanceIf("INKEYS")) {
                r.inKeys = RequestArgs.varStrings(ac, "INKEYS");
            } else if (ac.advanceIf("RETURN")) {
                r.returns = returns(RequestArgs.varStrings(ac, "RETURN"));
            } else if (ac.advanceIf("SLOP")) {
                r.slop = (int) ac.nextLong("SLOP");
            } else if (ac.advanceIf("LANGUAGE")) {
                r.language = ac.nextOr("LANGUAGE");
            } else if (ac.advanceIf("EXPANDER")) {
                r.expander = ac.nextOr("EXPANDER");
            } else if (ac.advanceIf("SCORER")) {
                r.scorer = ac.nextOr("SCORER");
            } else if (ac.advanceIf("PAYLOAD")) {
                if (ac.atEnd()) {
                    throw new KvException(ArgCursor.badArgs("PAYLOAD", ArgCursor.NOARG));
                }
                r.payload = ac.nextBytes();
            } else if (ac.advanceIf("SUMMARIZE")) {
                r.summarize = summarize(ac);
            } else if (ac.advanceIf("HIGHLIGHT")) {
                r.highlight = highlight(ac);
            } else if (ac.advanceIf("FILTER")) {
                r.filters.add(numFilter(ac));
            } else if (ac.advanceIf("GEOFILTER")) {
                r.geoFilters.add(geoFilter(ac));
            } else if (ac.advanceIf("WITHCOUNT") || ac.advanceIf("WITHOUTCOUNT")) {
                // counts are always exact here
            } else if (ac.advanceIf("LIMIT")) {
                long[] l = RequestArgs.limit(ac, config.searchLimit(), true);
                r.offset = l[0];
                r.limit = l[1];
                r.limitSet = true;
            } else if (ac.advanceIf("SORTBY")) {
                if (r.sortBy != null) {
                    throw new KvException("Multiple SORTBY steps are not allowed");
                }
                if (ac.atEnd()) {
                    throw new KvException("Bad SORTBY arguments");
                }
                String f = ac.next();
                r.sortBy = f.startsWith("@") ? f.substring(1) : f;
                if (ac.advanceIf("DESC")) {
                    r.sortAsc = false;
                } else {
                    ac.advanceIf("ASC");
                }
                if (ac.advanceIf("MAX")) {
                    throw new KvException("SORTBY MAX is not supported by FT.SEARCH");
                }
            } else if (ac.advanceIf("TIMEOUT")) {
                r.timeoutMs = RequestArgs.timeout(ac);
            } else if (ac.advanceIf("PARAMS")) {
                r.params = RequestArgs.params(ac, r.params);
            } else if (ac.advanceIf("DIALECT")) {
                r.dialect = RequestArgs.dialect(ac);
            } else if (ac.advanceIf("FORMAT")) {
                String f = ac.atEnd() ? null : ac.next();
                if (f == null) {
                    throw new KvException("Need an argument for FORMAT");
                }
                if (!f.equalsIgnoreCase("STRING")) {
                    throw new KvException("FORMAT " + f + " is not supported");
                }
            } else if (ac.advanceIf("GROUPBY")) {
                throw new KvException("option `GROUPBY` is mutually exclusive with simple (i.e. search) options");
            } else {
                throw new KvException(RequestArgs.unknown(ac, 2));
            }
        }
        if (r.explainScore && !r.withScores) {
            throw new KvException("EXPLAINSCORE must be accompanied with WITHSCORES");
        }
        if (r.returns != null && r.returns.isEmpty()) {
            r.noContent = true;
        }
        if (r.params == null) {
            r.params = Map.of();
        }
        return r;
    }

    private static List<ReturnField> returns(List<String> args) {
        List<ReturnField> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String path = args.get(i);
            String name = path;
            if (i + 1 < args.size() && args.get(i + 1).equalsIgnoreCase("AS")) {
                if (i + 2 >= args.size()) {
                    throw new KvException("RETURN path AS name - must be accompanied with NAME");
                }
                name = args.get(i + 2);
                if (name.equalsIgnoreCase("AS")) {
                    throw new KvException("Alias for RETURN cannot be `AS`");
                }
                i += 2;
            }
            final String n = name;
            out.removeIf(f -> f.name().equals(n));
            out.add(new ReturnField(path, name));
        }
        return out;
    }

    private static Highlight highlight(ArgCursor ac) {
        Highlight h = new Highlight();
        while (!ac.atEnd()) {
            if (ac.advanceIf("FIELDS")) {
                try {
                    h.fields = RequestArgs.varStrings(ac, "FIELDS");
                } catch (KvException e) {
                    throw new KvException("Bad arguments for HIGHLIGHT");
                }
            } else if (ac.advanceIf("TAGS")) {
                if (ac.remaining() < 2) {
                    throw new KvException("Bad arguments for HIGHLIGHT");
                }
                h.open = ac.next();
                h.close = ac.next();
            } else {
                break;
            }
        }
        return h;
    }

    private static Summarize summarize(ArgCursor ac) {
        Summarize s = new Summarize();
        while (!ac.atEnd()) {
            if (ac.advanceIf("FIELDS")) {
                try {
                    s.fields = RequestArgs.varStrings(ac, "FIELDS");
                } catch (KvException e) {
                    throw new KvException("Bad arguments for SUMMARIZE");
                }
            } else if (ac.advanceIf("FRAGS")) {
                s.frags = (int) summarizeNumber(ac);
            } else if (ac.advanceIf("LEN")) {
                s.len = (int) summarizeNumber(ac);
            } else if (ac.advanceIf("SEPARATOR")) {
                if (ac.atEnd()) {
                    throw new KvException("Bad arguments for SUMMARIZE");
                }
                s.separator = ac.next();
            } else {
                break;
            }
        }
        return s;
    }

    private static long summarizeNumber(ArgCursor ac) {
        if (ac.atEnd()) {
            throw new KvException("Bad arguments for SUMMARIZE");
        }
        try {
            long v = Long.parseLong(ac.next());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new KvException("Bad arguments for SUMMARIZE");
        }
    }

    static NumFilter numFilter(ArgCursor ac) {
        if (ac.remaining() < 3) {
            throw new KvException("FILTER requires 3 arguments");
        }
        String field = ac.next();
        if (field.startsWith("@")) {
            field = field.substring(1);
        }
        String lo = ac.next();
        String hi = ac.next();
        double[] a = bound(lo, "Bad lower range: ");
        double[] b = bound(hi, "Bad upper range: ");
        return new NumFilter(field, a[0], a[1] != 0, b[0], b[1] != 0);
    }

    /** A FILTER bound: a number, -inf/+inf, with ( for exclusive. {value, exclusive}. */
    static double[] bound(String s, String err) {
        boolean excl = false;
        String t = s;
        if (t.startsWith("(")) {
            excl = true;
            t = t.substring(1);
        }
        Double d = switch (t.toLowerCase(Locale.ROOT)) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            default -> ArgCursor.parseDouble(t);
        };
        if (d == null) {
            throw new KvException(err + s);
        }
        return new double[] {d, excl ? 1 : 0};
    }

    static GeoFilter geoFilter(ArgCursor ac) {
        if (ac.remaining() < 5) {
            throw new KvException("GEOFILTER requires 5 arguments");
        }
        String field = ac.next();
        if (field.startsWith("@")) {
            field = field.substring(1);
        }
        Double lon = ArgCursor.parseDouble(ac.next());
        Double lat = ArgCursor.parseDouble(ac.next());
        Double radius = ArgCursor.parseDouble(ac.next());
        String unit = ac.next();
        if (lon == null || lat == null || radius == null) {
            throw new KvException("Bad arguments for GEOFILTER: Could not convert argument to expected type");
        }
        if (Geo.unit(unit) < 0) {
            throw new KvException("Invalid GeoFilter unit");
        }
        return new GeoFilter(field, lon, lat, radius, unit);
    }
}
