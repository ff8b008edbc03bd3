package io.sockudo.kv.search.aggregate;

import io.sockudo.kv.search.SearchConfig;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * FT.AGGREGATE's arguments: the query options, then the pipeline steps in the order given
 * (LOAD, GROUPBY with REDUCE, APPLY, FILTER, SORTBY [MAX] and LIMIT, which share one "arrange"
 * step per stretch between GROUPBYs), WITHCURSOR, PARAMS, DIALECT, TIMEOUT.
 */
public final class AggregateRequest {
    public String query;
    public boolean verbatim;
    public long timeoutMs = -1;
    public Map<String, byte[]> params;
    public int dialect;
    public boolean withCursor;
    public long cursorCount;
    public long cursorMaxIdle;
    public boolean addScores;
    public String scorer;
    public final List<Step> steps = new ArrayList<>();

    /** One pipeline step. */
    public abstract static class Step {
    }

    /** LOAD n field [AS alias]... or LOAD *. */
    public static final class Load extends Step {
        public final List<String[]> fields = new ArrayList<>();
        public boolean all;
    }

    public static final class Apply extends Step {
        public final Expr expr;
        public final String alias;

        Apply(Expr expr, String alias) {
            this.expr = expr;
            this.alias = alias;
        }
    }

    public static final class Filter extends Step {
        public final Expr expr;

        Filter(Expr expr) {
            this.expr = expr;
        }
    }

    /** A REDUCE clause. */
    public record Reduce(String function, List<String> args, String alias) {
    }

    public static final class Group extends Step {
        public final List<String> keys;
        public final List<Reduce> reducers = new ArrayList<>();

        Group(List<String> keys) {
            this.keys = keys;
        }
    }

    /** SORTBY and/or LIMIT of one stretch of the pipeline. */
    public static final class Arrange extends Step {
        public final List<String> sortKeys = new ArrayList<>();
        public final List<Boolean> ascending = new ArrayList<>();
        public long max = -1;
        public long offset;
        public long limit = -1;
        boolean sorted;
    }

    public static AggregateRequest parse(byte[][] argv, int argc, SearchConfig config) {
        AggregateRequest r = new AggregateRequest();
        r.dialect = config.defaultDialect;
        ArgCursor ac = new ArgCursor(argv, 2, argc);
        if (ac.atEnd()) {
            throw new KvException("No query string provided");
        }
        r.query = ac.next();
        Arrange arrange = null;
        while (!ac.atEnd()) {
            if (ac.advanceIf("VERBATIM")) {
                r.verbatim = true;
            } else if (ac.advanceIf("ADDSCORES")) {
                r.addScores = true;
            } else if (ac.advanceIf("SCORER")) {
                r.scorer = ac.nextOr("SCORER");
            } else if (ac.advanceIf("LOAD")) {
                r.steps.add(load(ac));
            } else if (ac.advanceIf("GROUPBY")) {
                r.steps.add(group(ac));
                arrange = null;
            } else if (ac.advanceIf("APPLY")) {
                if (ac.atEnd()) {
                    throw new KvException(ArgCursor.badArgs("APPLY/FILTER", ArgCursor.NOARG));
                }
                String src = ac.next();
                String alias = src;
                if (ac.advanceIf("AS")) {
                    if (ac.atEnd()) {
                        throw new KvException("AS needs argument");
                    }
                    alias = ac.next();
                }
                r.steps.add(new Apply(Expr.parse(src), alias));
            } else if (ac.advanceIf("FILTER")) {
                if (ac.atEnd()) {
                    throw new KvException(ArgCursor.badArgs("APPLY/FILTER", ArgCursor.NOARG));
                }
                r.steps.add(new Filter(Expr.parse(ac.next())));
            } else if (ac.advanceIf("SORTBY")) {
                if (arrange == null) {
                    arrange = new Arrange();
                    r.steps.add(arrange);
                }
                sortBy(ac, arrange);
            } else if (ac.advanceIf("LIMIT")) {
                if (arrange == null) {
                    arrange = new Arrange();
                    r.steps.add(arrange);
                }
                if (ac.remaining() < 2) {
                    throw new KvException("LIMIT requires two arguments");
                }
                long off;
                long num;
                try {
                    off = Long.parseLong(ac.next());
                    num = Long.parseLong(ac.next());
                    if (off < 0 || num < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new KvException("LIMIT needs two numeric arguments");
                }
                if (num > config.aggregateLimit()) {
                    throw new KvException("LIMIT exceeds maximum of " + config.aggregateLimit());
                }
                arrange.offset = off;
                arrange.limit = num;
            } else if (ac.advanceIf("WITHCURSOR")) {
                r.withCursor = true;
                while (!ac.atEnd()) {
                    if (ac.advanceIf("COUNT")) {
                        r.cursorCount = positive(ac, "COUNT");
                    } else if (ac.advanceIf("MAXIDLE")) {
                        r.cursorMaxIdle = positive(ac, "MAXIDLE");
                    } else {
                        break;
                    }
                }
            } else if (ac.advanceIf("TIMEOUT")) {
                if (ac.atEnd()) {
                    throw new KvException("Need argument for TIMEOUT");
                }
                try {
                    r.timeoutMs = Long.parseLong(ac.next());
                    if (r.timeoutMs < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new KvException("TIMEOUT requires a non negative integer");
                }
            } else if (ac.advanceIf("PARAMS")) {
                if (r.params != null) {
                    throw new KvException("Multiple PARAMS are not allowed. Parameters can be defined only once");
                }
                r.params = params(ac);
            } else if (ac.advanceIf("DIALECT")) {
                if (ac.atEnd()) {
                    throw new KvException("Need an argument for DIALECT");
                }
                long d;
                try {
                    d = Long.parseLong(ac.next());
                } catch (NumberFormatException e) {
                    d = -1;
                }
                if (d < 1 || d > 4) {
                    throw new KvException("DIALECT requires a non negative integer >=1 and <= 4");
                }
                r.dialect = (int) d;
            } else if (ac.advanceIf("FORMAT")) {
                if (ac.atEnd()) {
                    throw new KvException("Need an argument for FORMAT");
                }
                String f = ac.next();
                if (!f.equalsIgnoreCase("STRING")) {
                    throw new KvException("FORMAT " + f + " is not supported");
                }
            } else if (ac.advanceIf("WITHCOUNT") || ac.advanceIf("WITHOUTCOUNT")) {
                // counts are always exact here
            } else {
                String a = ac.peek().toUpperCase(Locale.ROOT);
                switch (a) {
                    case "SUMMARIZE", "HIGHLIGHT", "RETURN" -> throw new KvException(a + " is not supported on FT.AGGREGATE");
                    default -> throw new KvException(
                            "Unknown argument `" + ac.peek() + "` at position " + (ac.position() - 2) + " for <main>");
                }
            }
        }
        if (r.params == null) {
            r.params = Map.of();
        }
        if (r.cursorMaxIdle <= 0 || r.cursorMaxIdle > config.cursorMaxIdle) {
            r.cursorMaxIdle = config.cursorMaxIdle;
        }
        if (r.cursorCount <= 0) {
            r.cursorCount = config.cursorReadSize;
        }
        return r;
    }

    private static long positive(ArgCursor ac, String what) {
        if (ac.atEnd()) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        try {
            long v = Long.parseLong(ac.next());
            if (v < 1) {
                throw new KvException(ArgCursor.badArgs(what, ArgCursor.ELIMIT));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
    }

    private static Map<String, byte[]> params(ArgCursor ac) {
        List<byte[]> args = varArgs(ac, "PARAMS");
        if (args.isEmpty() || args.size() % 2 != 0) {
            throw new KvException("Parameters must be specified in PARAM VALUE pairs");
        }
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String name = ArgCursor.str(args.get(i));
            if (out.containsKey(name)) {
                throw new KvException("Duplicate parameter `" + name + "`");
            }
            out.put(name, args.get(i + 1));
        }
        return out;
    }

    static List<byte[]> varArgs(ArgCursor ac, String what) {
        if (ac.atEnd()) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        long n;
        try {
            n = Long.parseLong(ac.next());
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
        if (n < 0) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
        if (n > ac.remaining()) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        List<byte[]> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.add(ac.nextBytes());
        }
        return out;
    }

    private static Load load(ArgCursor ac) {
        Load l = new Load();
        if (!ac.atEnd() && ac.peek().equals("*")) {
            ac.next();
            l.all = true;
            return l;
        }
        List<byte[]> args = varArgs(ac, "LOAD");
        for (int i = 0; i < args.size(); i++) {
            String path = ArgCursor.str(args.get(i));
            if (path.startsWith("@")) {
                path = path.substring(1);
            }
            String alias = path;
            if (i + 2 < args.size() + 1 && i + 1 < args.size() && ArgCursor.str(args.get(i + 1)).equalsIgnoreCase("AS")) {
                if (i + 2 >= args.size()) {
                    throw new KvException(ArgCursor.badArgs("LOAD", ArgCursor.NOARG));
                }
                alias = ArgCursor.str(args.get(i + 2));
                i += 2;
            }
            l.fields.add(new String[] {path, alias});
        }
        return l;
    }

    private static Group group(ArgCursor ac) {
        List<byte[]> args = varArgs(ac, "GROUPBY");
        List<String> keys = new ArrayList<>();
        for (byte[] b : args) {
            String s = ArgCursor.str(b);
            if (!s.startsWith("@")) {
                throw new KvException("Bad arguments for GROUPBY: Unknown property `" + s + "`. Did you mean `@" + s
                        + "`?");
            }
            keys.add(s.substring(1));
        }
        Group g = new Group(keys);
        while (ac.advanceIf("REDUCE")) {
            if (ac.atEnd()) {
                throw new KvException(ArgCursor.badArgs("REDUCE", ArgCursor.NOARG));
            }
            String fn = ac.next();
            List<byte[]> rargs = varArgs(ac, fn);
            List<String> sargs = new ArrayList<>();
            for (byte[] b : rargs) {
                sargs.add(ArgCursor.str(b));
            }
            String alias = null;
            if (ac.advanceIf("AS")) {
                if (ac.atEnd()) {
                    throw new KvException(ArgCursor.badArgs("AS", ArgCursor.NOARG));
                }
                alias = ac.next();
            }
            if (alias == null) {
                StringBuilder sb = new StringBuilder("__generated_alias").append(fn);
                for (int i = 0; i < sargs.size(); i++) {
                    String s = sargs.get(i);
                    while (s.startsWith("@")) {
                        s = s.substring(1);
                    }
                    sb.append(s);
                    if (i + 1 < sargs.size()) {
                        sb.append(',');
                    }
                }
                alias = sb.toString().toLowerCase(Locale.ROOT);
            }
            g.reducers.add(new Reduce(fn.toUpperCase(Locale.ROOT), sargs, alias));
        }
        return g;
    }

    private static void sortBy(ArgCursor ac, Arrange a) {
        if (a.sorted) {
            throw new KvException("Multiple SORTBY steps are not allowed. Sort multiple fields in a single step");
        }
        a.sorted = true;
        List<byte[]> args;
        try {
            args = varArgs(ac, "SORTBY");
        } catch (KvException e) {
            throw new KvException("Bad SORTBY arguments");
        }
        for (byte[] b : args) {
            String s = ArgCursor.str(b);
            if (s.startsWith("@")) {
                if (a.sortKeys.size() >= 8) {
                    throw new KvException("Cannot sort by more than 8 fields");
                }
                a.sortKeys.add(s.substring(1));
                a.ascending.add(true);
            } else if (s.equalsIgnoreCase("ASC") && !a.ascending.isEmpty()) {
                a.ascending.set(a.ascending.size() - 1, true);
            } else if (s.equalsIgnoreCase("DESC") && !a.ascending.isEmpty()) {
                a.ascending.set(a.ascending.size() - 1, false);
            } else {
                throw new KvException("MISSING ASC or DESC after sort field (" + s + ")");
            }
        }
        if (ac.advanceIf("MAX")) {
            if (ac.atEnd()) {
                throw new KvException(ArgCursor.badArgs("MAX", ArgCursor.NOARG));
            }
            try {
                a.max = Long.parseLong(ac.next());
                if (a.max < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new KvException(ArgCursor.badArgs("MAX", ArgCursor.PARSE));
            }
        }
    }
}
