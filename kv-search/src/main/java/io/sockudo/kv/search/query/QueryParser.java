package io.sockudo.kv.search.query;

import io.sockudo.kv.search.query.QueryLexer.Token;
import io.sockudo.kv.search.query.QueryLexer.Type;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.text.StopWords;
import io.sockudo.kv.search.text.Tokenizer;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the dialect-2 query language into {@link QueryNode}s with the precedence of RediSearch's
 * grammar: juxtaposition (AND) binds tighter than {@code |}; {@code -} and {@code ~} apply to the
 * next clause; a field modifier applies to the next clause only ({@code @f:a b} is
 * {@code (@f:a) b}); attributes {@code => {...}} apply to the clause they follow; a vector query
 * {@code =>[KNN ...]} closes the whole query.
 */
public final class QueryParser {
    private final List<Token> toks;
    private int p;
    private final IndexSpec spec;
    private final StopWords stopWords;
    private final Map<String, byte[]> params;

    private QueryParser(String query, IndexSpec spec, StopWords stopWords, Map<String, byte[]> params) {
        this.toks = QueryLexer.lex(query);
        this.spec = spec;
        this.stopWords = stopWords;
        this.params = params;
    }

    /**
     * Parses {@code query}.
     *
     * @param stopWords the stop words to drop (NOSTOPWORDS: none)
     * @param params    PARAMS values
     * @throws KvException with RediSearch's error text
     */
    public static QueryNode parse(String query, IndexSpec spec, StopWords stopWords, Map<String, byte[]> params) {
        QueryParser qp = new QueryParser(query, spec, stopWords, params);
        return qp.query();
    }

    // ------------------------------------------------------------------ token helpers

    private Token peek() {
        return toks.get(p);
    }

    private Token peek(int ahead) {
        return toks.get(Math.min(p + ahead, toks.size() - 1));
    }

    private boolean at(Type t) {
        return peek().type() == t;
    }

    private Token next() {
        return toks.get(p++);
    }

    private Token expect(Type t) {
        if (!at(t)) {
            throw syntax(peek());
        }
        return next();
    }

    private KvException syntax(Token t) {
        if (t.type() == Type.EOF) {
            return new KvException("Syntax error at offset " + t.pos() + " near ");
        }
        return new KvException("Syntax error at offset " + t.pos() + " near " + t.text());
    }

    // ------------------------------------------------------------------ grammar

    private QueryNode query() {
        if (at(Type.EOF)) {
            return new QueryNode.None();
        }
        QueryNode root;
        if (isStarQuery()) {
            int depth = 0;
            while (at(Type.LP)) {
                next();
                depth++;
            }
            expect(Type.STAR);
            for (int d = 0; d < depth; d++) {
                expect(Type.RP);
            }
            root = new QueryNode.All();
        } else {
            root = or();
            if (root == null) {
                root = new QueryNode.None();
            }
        }
        if (at(Type.ARROW) && peek(1).type() == Type.LSQB) {
            next();
            next();
            QueryNode.Vector v = vectorQuery();
            expect(Type.RSQB);
            if (!(root instanceof QueryNode.All)) {
                v.filter = root;
            }
            if (at(Type.ARROW)) {
                next();
                attributes(v);
            }
            root = v;
        }
        if (!at(Type.EOF)) {
            throw syntax(peek());
        }
        return root;
    }

    /** {@code *} or {@code (*)} as the whole query (before an optional vector part). */
    private boolean isStarQuery() {
        int j = p;
        int depth = 0;
        while (toks.get(j).type() == Type.LP) {
            j++;
            depth++;
        }
        if (toks.get(j).type() != Type.STAR) {
            return false;
        }
        j++;
        for (int d = 0; d < depth; d++) {
            if (toks.get(j).type() != Type.RP) {
                return false;
            }
            j++;
        }
        Type after = toks.get(j).type();
        return after == Type.EOF || after == Type.ARROW;
    }

    private boolean startsClause() {
        return switch (peek().type()) {
            case TERM, NUMBER, PREFIX, SUFFIX, CONTAINS, PARAM, MODIFIER, QUOTE, LP, MINUS, TILDE, PERCENT,
                 WILDCARD -> true;
            default -> false;
        };
    }

    private QueryNode or() {
        QueryNode first = and();
        if (!at(Type.OR)) {
            return first;
        }
        QueryNode.Union u = new QueryNode.Union();
        if (first != null) {
            u.nodes.add(first);
        }
        while (at(Type.OR)) {
            next();
            QueryNode n = and();
            if (n != null) {
                u.nodes.add(n);
            }
        }
        if (u.nodes.isEmpty()) {
            return null;
        }
        return u.nodes.size() == 1 ? u.nodes.get(0) : u;
    }

    private QueryNode and() {
        if (!startsClause()) {
            throw syntax(peek());
        }
        List<QueryNode> parts = new ArrayList<>();
        boolean any = false;
        while (startsClause()) {
            if (at(Type.ARROW) && peek(1).type() == Type.LSQB) {
                break;
            }
            QueryNode n = unary();
            any = true;
            if (n != null) {
                parts.add(n);
            }
        }
        if (!any) {
            throw syntax(peek());
        }
        if (parts.isEmpty()) {
            return null;
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        QueryNode.Intersect x = new QueryNode.Intersect();
        x.nodes.addAll(parts);
        return x;
    }

    private QueryNode unary() {
        if (at(Type.MINUS)) {
            next();
            QueryNode n = unary();
            return n == null ? null : new QueryNode.Not(n);
        }
        if (at(Type.TILDE)) {
            next();
            QueryNode n = unary();
            return n == null ? null : new QueryNode.Optional(n);
        }
        QueryNode n = primary();
        while (at(Type.ARROW) && peek(1).type() == Type.LB) {
            next();
            if (n != null) {
                attributes(n);
            } else {
                attributes(new QueryNode.None());
            }
        }
        return n;
    }

    private QueryNode primary() {
        Token t = peek();
        switch (t.type()) {
            case LP -> {
                next();
                QueryNode n = or();
                expect(Type.RP);
                return n;
            }
            case MODIFIER -> {
                return modified();
            }
            case QUOTE -> {
                return quoted();
            }
            case PERCENT -> {
                return fuzzy();
            }
            case PREFIX, SUFFIX, CONTAINS -> {
                next();
                String text = t.param() ? paramText(t) : QueryLexer.unescape(t.text());
                return new QueryNode.Affix(text.toLowerCase(Locale.ROOT), t.type() != Type.SUFFIX,
                        t.type() != Type.PREFIX);
            }
            case WILDCARD -> {
                next();
                String pat = t.param() ? paramText(t) : t.text();
                return new QueryNode.Wildcard(pat.toLowerCase(Locale.ROOT));
            }
            case TERM, NUMBER, PARAM -> {
                if (t.type() == Type.TERM && peek(1).type() == Type.LP && peek(2).type() == Type.MODIFIER
                        && peek(3).type() == Type.RP) {
                    String fn = t.text().toLowerCase(Locale.ROOT);
                    if (fn.equals("ismissing") || fn.equals("isempty")) {
                        next();
                        next();
                        Token m = next();
                        next();
                        String field = QueryLexer.unescape(m.text());
                        FieldSpec f = spec.field(field);
                        if (f == null) {
                            throw new KvException("Syntax error: Field not found at offset " + m.pos() + " near "
                                    + field);
                        }
                        return fn.equals("ismissing") ? new QueryNode.Missing(field) : new QueryNode.Empty(field);
                    }
                }
                next();
                return term(t, false);
            }
            default -> throw syntax(t);
        }
    }

    /** A plain term: stop words vanish, parameters are substituted. */
    private QueryNode term(Token t, boolean verbatim) {
        String text = t.param() ? paramText(t) : QueryLexer.unescape(t.text());
        String norm = Tokenizer.normalizeTerm(text);
        if (!t.param() && stopWords.contains(norm)) {
            return null;
        }
        if (norm.isEmpty()) {
            return null;
        }
        return new QueryNode.Term(norm, verbatim);
    }

    private String paramText(Token t) {
        byte[] v = params.get(t.text());
        if (v == null) {
            throw new KvException("No such parameter `" + t.text() + "`");
        }
        return new String(v, StandardCharsets.UTF_8);
    }

    private byte[] paramBytes(Token t) {
        byte[] v = params.get(t.text());
        if (v == null) {
            throw new KvException("No such parameter `" + t.text() + "`");
        }
        return v;
    }

    // ------------------------------------------------------------------ phrases, fuzzy

    private QueryNode quoted() {
        expect(Type.QUOTE);
        List<Token> terms = new ArrayList<>();
        while (!at(Type.QUOTE)) {
            Token t = next();
            switch (t.type()) {
                case TERM, NUMBER, PARAM -> terms.add(t);
                case MODIFIER -> terms.add(new Token(Type.TERM, "@" + t.text(), t.pos(), false));
                case EOF -> throw syntax(t);
                default -> throw syntax(t);
            }
        }
        Token close = next();
        if (terms.isEmpty()) {
            throw syntax(close);
        }
        if (terms.size() == 1) {
            Token t = terms.get(0);
            String text = t.param() ? paramText(t) : QueryLexer.unescape(t.text());
            String norm = Tokenizer.normalizeTerm(text);
            return norm.isEmpty() ? null : new QueryNode.Term(norm, true);
        }
        QueryNode.Intersect phrase = new QueryNode.Intersect();
        phrase.exact = true;
        for (Token t : terms) {
            QueryNode n = term(t, false);
            if (n != null) {
                phrase.nodes.add(n);
            }
        }
        if (phrase.nodes.isEmpty()) {
            return null;
        }
        return phrase.nodes.size() == 1 ? phrase.nodes.get(0) : phrase;
    }

    private QueryNode fuzzy() {
        int open = 0;
        while (at(Type.PERCENT)) {
            next();
            open++;
        }
        Token t = next();
        if (t.type() != Type.TERM && t.type() != Type.NUMBER && t.type() != Type.PARAM) {
            throw syntax(t);
        }
        for (int i = 0; i < open; i++) {
            expect(Type.PERCENT);
        }
        if (open > 3) {
            throw syntax(t);
        }
        String text = t.param() ? paramText(t) : QueryLexer.unescape(t.text());
        return new QueryNode.Fuzzy(Tokenizer.normalizeTerm(text), open);
    }

    // ------------------------------------------------------------------ field modifiers

    private QueryNode modified() {
        Token m = next();
        List<String> fields = new ArrayList<>();
        fields.add(QueryLexer.unescape(m.text()));
        while (at(Type.OR) && peek(1).type() == Type.TERM) {
            next();
            fields.add(QueryLexer.unescape(next().text()));
        }
        expect(Type.COLON);
        String field = fields.get(0);
        if (at(Type.LB) && fields.size() == 1) {
            return tagList(field, m);
        }
        if (at(Type.LSQB) && fields.size() == 1) {
            return bracket(field, m);
        }
        // a text clause restricted to the named TEXT fields
        long mask = 0;
        for (String f : fields) {
            FieldSpec fs = spec.field(f);
            if (fs != null && fs.type == FieldType.TEXT && fs.indexed()) {
                mask |= 1L << Math.min(63, fs.textId);
            }
        }
        if (at(Type.QUOTE) && peek(1).type() == Type.QUOTE && fields.size() == 1) {
            next();
            next();
            return new QueryNode.Empty(field);
        }
        QueryNode n = unary();
        if (n == null) {
            return null;
        }
        n.restrict(mask);
        return n;
    }

    private QueryNode tagList(String field, Token m) {
        expect(Type.LB);
        QueryNode.Tag tag = new QueryNode.Tag(field);
        FieldSpec fs = spec.field(field);
        if (fs == null || fs.type != FieldType.TAG) {
            // RediSearch reports the unknown/non-TAG field when the tag node is evaluated
            tag.weight = 1;
        }
        while (true) {
            // one alternative: a phrase of words, an affix, a wildcard, or a quoted string
            StringBuilder words = new StringBuilder();
            boolean any = false;
            boolean lastSpace = false;
            while (true) {
                Token t = peek();
                if (t.type() == Type.OR || t.type() == Type.RB || t.type() == Type.EOF) {
                    break;
                }
                next();
                switch (t.type()) {
                    case TERM, NUMBER -> {
                        if (any) {
                            words.append(' ');
                        }
                        words.append(QueryLexer.unescape(t.text()));
                        any = true;
                    }
                    case PARAM -> {
                        if (any) {
                            words.append(' ');
                        }
                        words.append(paramText(t));
                        any = true;
                    }
                    case PREFIX, SUFFIX, CONTAINS -> {
                        String text = t.param() ? paramText(t) : QueryLexer.unescape(t.text());
                        if (any) {
                            text = words + " " + text;
                        }
                        tag.values.add(new QueryNode.TagValue(text, t.type() != Type.SUFFIX, t.type() != Type.PREFIX,
                                false));
                        any = false;
                        words.setLength(0);
                        lastSpace = true;
                    }
                    case WILDCARD -> {
                        tag.values.add(new QueryNode.TagValue(t.param() ? paramText(t) : t.text(), false, false, true));
                        lastSpace = true;
                    }
                    case QUOTE -> {
                        // "a b" inside a tag list: the words as one tag
                        while (!at(Type.QUOTE) && !at(Type.EOF)) {
                            Token w = next();
                            if (any) {
                                words.append(' ');
                            }
                            words.append(w.param() ? paramText(w) : QueryLexer.unescape(w.text()));
                            any = true;
                        }
                        expect(Type.QUOTE);
                    }
                    default -> throw syntax(t);
                }
            }
            if (any) {
                tag.values.add(new QueryNode.TagValue(words.toString(), false, false, false));
            } else if (!lastSpace) {
                throw syntax(peek());
            }
            lastSpace = false;
            if (at(Type.OR)) {
                next();
                continue;
            }
            expect(Type.RB);
            break;
        }
        return tag;
    }

    /** {@code @f:[...]}: a numeric range, a geo radius or a VECTOR_RANGE. */
    private QueryNode bracket(String field, Token m) {
        Token open = expect(Type.LSQB);
        if (at(Type.TERM) && peek().text().equalsIgnoreCase("VECTOR_RANGE")) {
            next();
            double radius = number(false)[0];
            Token blob = expect(Type.PARAM);
            expect(Type.RSQB);
            QueryNode.Vector v = new QueryNode.Vector(field, false, 0, radius, paramBytes(blob));
            v.fieldOffset = m.pos();
            return v;
        }
        List<double[]> nums = new ArrayList<>();
        while (!at(Type.RSQB)) {
            if (at(Type.EOF)) {
                throw syntax(peek());
            }
            if ((at(Type.TERM) || at(Type.PARAM)) && nums.size() == 3) {
                Token u = next();
                String unit = u.param() ? paramText(u) : u.text();
                expect(Type.RSQB);
                double[] lon = nums.get(0);
                double[] lat = nums.get(1);
                double[] r = nums.get(2);
                return new QueryNode.Geo(field, lon[0], lat[0], r[0], unit);
            }
            nums.add(number(true));
            if (nums.size() > 3) {
                throw syntax(peek());
            }
        }
        Token close = next();
        if (nums.size() == 1) {
            double[] a = nums.get(0);
            return new QueryNode.Numeric(field, a[0], a[1] != 0, a[0], a[1] != 0);
        }
        if (nums.size() != 2) {
            throw syntax(close);
        }
        double[] a = nums.get(0);
        double[] b = nums.get(1);
        return new QueryNode.Numeric(field, a[0], a[1] != 0, b[0], b[1] != 0);
    }

    /** A number of a range: {value, exclusive?}; accepts (, -inf, inf, +inf and $param. */
    private double[] number(boolean allowExclusive) {
        boolean excl = false;
        if (allowExclusive && at(Type.LP)) {
            next();
            excl = true;
        }
        boolean neg = false;
        if (at(Type.MINUS)) {
            next();
            neg = true;
        }
        Token t = next();
        String text;
        switch (t.type()) {
            case NUMBER, TERM -> text = t.text();
            case PARAM -> {
                text = paramText(t).strip();
                if (text.startsWith("(") && allowExclusive) {
                    excl = true;
                    text = text.substring(1);
                }
            }
            default -> throw syntax(t);
        }
        if (t.type() == Type.TERM && text.startsWith("+")) {
            text = text.substring(1);
        }
        Double d = parseNumber(text);
        if (d == null) {
            if (t.type() == Type.PARAM) {
                throw new KvException("Invalid numeric value (" + text + ") for parameter '" + t.text() + "'");
            }
            throw syntax(t);
        }
        return new double[] {neg ? -d : d, excl ? 1 : 0};
    }

    private static Double parseNumber(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (l.equals("inf") || l.equals("+inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (l.equals("-inf")) {
            return Double.NEGATIVE_INFINITY;
        }
        return ArgCursor.parseDouble(s);
    }

    // ------------------------------------------------------------------ attributes

    private void attributes(QueryNode n) {
        expect(Type.LB);
        while (!at(Type.RB)) {
            if (at(Type.SEMICOLON)) {
                next();
                continue;
            }
            Token name = expect(Type.PARAM);
            expect(Type.COLON);
            Token v = next();
            String value = switch (v.type()) {
                case TERM, NUMBER -> QueryLexer.unescape(v.text());
                case PARAM -> params.containsKey(v.text()) ? paramText(v) : v.text();
                default -> throw syntax(v);
            };
            apply(n, name.text(), value);
        }
        next();
    }

    private static void apply(QueryNode n, String name, String value) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "weight" -> {
                Double d = ArgCursor.parseDouble(value);
                if (d == null || d < 0) {
                    throw new KvException("Invalid value (" + value + ") for `weight`");
                }
                n.weight = d;
            }
            case "slop" -> {
                long s = integer(value, "slop");
                if (n instanceof QueryNode.Intersect x) {
                    x.slop = (int) s;
                }
            }
            case "inorder" -> {
                boolean b = bool(value, "inorder");
                if (n instanceof QueryNode.Intersect x) {
                    x.inOrder = b;
                    x.inOrderSet = true;
                }
            }
            case "phonetic" -> n.phonetic = bool(value, "phonetic");
            case "yield_distance_as" -> {
                if (!(n instanceof QueryNode.Vector v)) {
                    throw new KvException("Invalid attribute yield_distance_as");
                }
                v.scoreField = value;
            }
            case "ef_runtime" -> {
                if (!(n instanceof QueryNode.Vector v)) {
                    throw new KvException("Invalid attribute ef_runtime");
                }
                if (v.efRuntime != 0) {
                    throw new KvException("Error parsing vector similarity parameters: Parameter was specified twice");
                }
                v.efRuntime = vecInt(value);
            }
            case "epsilon" -> {
                if (!(n instanceof QueryNode.Vector v)) {
                    throw new KvException("Invalid attribute epsilon");
                }
                Double d = ArgCursor.parseDouble(value);
                if (d == null || d <= 0) {
                    throw new KvException("Error parsing vector similarity parameters: Invalid value was given");
                }
                v.epsilon = d;
            }
            case "hybrid_policy" -> {
                if (!(n instanceof QueryNode.Vector v)) {
                    throw new KvException("Invalid attribute hybrid_policy");
                }
                String pol = value.toUpperCase(Locale.ROOT);
                if (!pol.equals("BATCHES") && !pol.equals("ADHOC_BF")) {
                    throw new KvException("Error parsing vector similarity parameters: invalid hybrid policy was given");
                }
                v.hybridPolicy = pol;
            }
            case "batch_size" -> {
                if (!(n instanceof QueryNode.Vector v)) {
                    throw new KvException("Invalid attribute batch_size");
                }
                v.batchSize = vecInt(value);
            }
            default -> throw new KvException("Invalid attribute " + name);
        }
    }

    private static long integer(String v, String what) {
        try {
            long l = Long.parseLong(v);
            if (l < 0) {
                throw new NumberFormatException();
            }
            return l;
        } catch (NumberFormatException e) {
            throw new KvException("Invalid value (" + v + ") for `" + what + "`");
        }
    }

    private static boolean bool(String v, String what) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new KvException("Invalid value (" + v + ") for `" + what + "`");
        };
    }

    private static int vecInt(String v) {
        try {
            long l = Long.parseLong(v);
            if (l <= 0 || l > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            return (int) l;
        } catch (NumberFormatException e) {
            throw new KvException("Error parsing vector similarity parameters: Invalid value was given");
        }
    }

    // ------------------------------------------------------------------ vector queries

    private QueryNode.Vector vectorQuery() {
        Token cmd = next();
        if (cmd.type() != Type.TERM || !cmd.text().equalsIgnoreCase("KNN")) {
            throw syntax(cmd);
        }
        Token kt = next();
        long k;
        if (kt.type() == Type.NUMBER && kt.text().chars().allMatch(Character::isDigit)) {
            k = Long.parseLong(kt.text());
        } else if (kt.type() == Type.PARAM) {
            String v = paramText(kt);
            try {
                k = Long.parseLong(v);
                if (k < 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new KvException("Invalid numeric value (" + v + ") for parameter '" + kt.text() + "'");
            }
        } else {
            throw syntax(kt);
        }
        Token field = expect(Type.MODIFIER);
        Token blob = expect(Type.PARAM);
        String fname = QueryLexer.unescape(field.text());
        QueryNode.Vector v = new QueryNode.Vector(fname, true, (int) Math.min(k, Integer.MAX_VALUE), 0,
                paramBytes(blob));
        v.fieldOffset = field.pos();
        v.scoreField = "__" + fname + "_score";
        // EF_RUNTIME 10, HYBRID_POLICY ..., BATCH_SIZE ..., AS name
        while (at(Type.TERM)) {
            Token key = next();
            String kname = key.text();
            if (kname.equalsIgnoreCase("AS")) {
                Token as = next();
                if (as.type() == Type.PARAM) {
                    v.scoreField = paramText(as);
                } else if (as.type() == Type.TERM || as.type() == Type.NUMBER) {
                    v.scoreField = QueryLexer.unescape(as.text());
                } else {
                    throw syntax(as);
                }
                break;
            }
            Token val = next();
            String value = switch (val.type()) {
                case TERM, NUMBER -> val.text();
                case PARAM -> paramText(val);
                case MINUS -> {
                    Token num = next();
                    yield "-" + num.text();
                }
                default -> throw syntax(val);
            };
            switch (kname.toUpperCase(Locale.ROOT)) {
                case "EF_RUNTIME" -> {
                    if (v.efRuntime != 0) {
                        throw new KvException("Error parsing vector similarity parameters: Parameter was specified twice");
                    }
                    v.efRuntime = vecInt(value);
                }
                case "EPSILON" -> {
                    Double d = ArgCursor.parseDouble(value);
                    if (d == null || d <= 0) {
                        throw new KvException("Error parsing vector similarity parameters: Invalid value was given");
                    }
                    v.epsilon = d;
                }
                case "HYBRID_POLICY" -> {
                    String pol = value.toUpperCase(Locale.ROOT);
                    if (!pol.equals("BATCHES") && !pol.equals("ADHOC_BF")) {
                        throw new KvException(
                                "Error parsing vector similarity parameters: invalid hybrid policy was given");
                    }
                    v.hybridPolicy = pol;
                }
                case "BATCH_SIZE" -> {
                    if (v.batchSize != 0) {
                        throw new KvException("Error parsing vector similarity parameters: Parameter was specified twice");
                    }
                    v.batchSize = vecInt(value);
                }
                default -> throw new KvException("Error parsing vector similarity parameters: Invalid option");
            }
        }
        return v;
    }
}
