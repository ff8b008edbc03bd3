package io.sockudo.kv.search.query;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a dialect-2 query into tokens, following RediSearch's lexer: terms are runs of
 * characters other than ASCII punctuation (except {@code _}), blanks and controls, with
 * backslash escapes; {@code foo*}, {@code *foo}, {@code *foo*} are affixes; {@code @f} a field
 * modifier, {@code $p} a parameter; numbers may carry a sign, a fraction and an exponent; other
 * punctuation is ignored. Longest match wins (so {@code 1.5} is a number, {@code 12ab} a term).
 */
final class QueryLexer {
    enum Type {
        TERM, NUMBER, PREFIX, SUFFIX, CONTAINS, PARAM, MODIFIER, QUOTE, OR, LP, RP, LB, RB, LSQB, RSQB, COLON,
        SEMICOLON, ARROW, MINUS, TILDE, STAR, PERCENT, WILDCARD, EOF
    }

    /** One token: its type, raw text (escapes kept), offset in the query, and whether it is a parameter. */
    record Token(Type type, String text, int pos, boolean param) {
        @Override
        public String toString() {
            return type + "(" + text + ")@" + pos;
        }
    }

    private final String q;
    private int i;
    private final List<Token> out = new ArrayList<>();

    private QueryLexer(String q) {
        this.q = q;
    }

    static List<Token> lex(String query) {
        QueryLexer l = new QueryLexer(query);
        l.run();
        return l.out;
    }

    private static boolean isPunct(char c) {
        return c < 128 && c > 32 && !Character.isLetterOrDigit(c) && c != 127;
    }

    /** Whether {@code c} may be part of a term (unescaped). */
    static boolean termChar(char c) {
        if (c == '_') {
            return true;
        }
        if (c < 128) {
            return c > 32 && c != 127 && !isPunct(c);
        }
        return !Character.isWhitespace(c) && !Character.isISOControl(c);
    }

    /** Length of the term starting at {@code p} (escapes included), 0 if none. */
    private int termLength(int p) {
        int j = p;
        while (j < q.length()) {
            char c = q.charAt(j);
            if (c == '\\' && j + 1 < q.length()) {
                char n = q.charAt(j + 1);
                if (isPunct(n) || Character.isWhitespace(n) || n == '\\') {
                    j += 2;
                    continue;
                }
                break;
            }
            if (!termChar(c)) {
                break;
            }
            j++;
        }
        return j - p;
    }

    /** Length of a number starting at {@code p}: -?digits(.digits)?([eE]-?digits)?, 0 if none. */
    private int numberLength(int p) {
        int j = p;
        if (j < q.length() && q.charAt(j) == '-') {
            j++;
        }
        int d = j;
        while (j < q.length() && Character.isDigit(q.charAt(j)) && q.charAt(j) < 128) {
            j++;
        }
        if (j == d) {
            return 0;
        }
        if (j + 1 < q.length() && q.charAt(j) == '.' && isAsciiDigit(q.charAt(j + 1))) {
            j++;
            while (j < q.length() && isAsciiDigit(q.charAt(j))) {
                j++;
            }
        }
        if (j < q.length() && (q.charAt(j) == 'e' || q.charAt(j) == 'E')) {
            int e = j + 1;
            if (e < q.length() && q.charAt(e) == '-') {
                e++;
            }
            if (e < q.length() && isAsciiDigit(q.charAt(e))) {
                while (e < q.length() && isAsciiDigit(q.charAt(e))) {
                    e++;
                }
                j = e;
            }
        }
        return j - p;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void add(Type t, String text, int pos, boolean param) {
        out.add(new Token(t, text, pos, param));
    }

    private void run() {
        int n = q.length();
        while (i < n) {
            char c = q.charAt(i);
            int start = i;
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                i++;
                continue;
            }
            // w'pattern'
            if (c == 'w' && i + 1 < n && q.charAt(i + 1) == '\'') {
                int end = quoteEnd(i + 2);
                if (end > 0) {
                    String body = q.substring(i + 2, end);
                    boolean param = body.startsWith("$");
                    add(Type.WILDCARD, param ? body.substring(1) : body, i, param);
                    i = end + 1;
                    continue;
                }
            }
            int numLen = numberLength(i);
            int termLen = termLength(i);
            if (numLen > 0 && numLen >= termLen) {
                // a number; "12*" still lexes as a prefix
                if (i + numLen < n && q.charAt(i + numLen) == '*' && q.charAt(i) != '-') {
                    add(Type.PREFIX, q.substring(i, i + numLen), i, false);
                    i += numLen + 1;
                } else {
                    add(Type.NUMBER, q.substring(i, i + numLen), i, false);
                    i += numLen;
                }
                continue;
            }
            if (termLen > 0) {
                String t = q.substring(i, i + termLen);
                i += termLen;
                if (i < n && q.charAt(i) == '*') {
                    i++;
                    add(Type.PREFIX, t, start, false);
                } else {
                    add(Type.TERM, t, start, false);
                }
                continue;
            }
            switch (c) {
                case '@' -> {
                    int l = termLength(i + 1);
                    if (l == 0) {
                        i++;
                        continue;
                    }
                    add(Type.MODIFIER, q.substring(i + 1, i + 1 + l), start, false);
                    i += 1 + l;
                }
                case '$' -> {
                    int l = termLength(i + 1);
                    if (l == 0) {
                        i++;
                        continue;
                    }
                    String name = q.substring(i + 1, i + 1 + l);
                    i += 1 + l;
                    if (i < n && q.charAt(i) == '*') {
                        i++;
                        add(Type.PREFIX, name, start, true);
                    } else {
                        add(Type.PARAM, name, start, true);
                    }
                }
                case '*' -> {
                    boolean param = i + 1 < n && q.charAt(i + 1) == '$';
                    int from = i + 1 + (param ? 1 : 0);
                    int l = termLength(from);
                    if (l == 0 && !param) {
                        int nl = numberLength(from);
                        l = nl;
                    }
                    if (l > 0) {
                        String t = q.substring(from, from + l);
                        i = from + l;
                        if (i < n && q.charAt(i) == '*') {
                            i++;
                            add(Type.CONTAINS, t, start, param);
                        } else {
                            add(Type.SUFFIX, t, start, param);
                        }
                    } else {
                        add(Type.STAR, "*", start, false);
                        i++;
                    }
                }
                case '=' -> {
                    if (i + 1 < n && q.charAt(i + 1) == '>') {
                        add(Type.ARROW, "=>", start, false);
                        i += 2;
                    } else {
                        i++;
                    }
                }
                case '"' -> single(Type.QUOTE);
                case '|' -> single(Type.OR);
                case '(' -> single(Type.LP);
                case ')' -> single(Type.RP);
                case '{' -> single(Type.LB);
                case '}' -> single(Type.RB);
                case '[' -> single(Type.LSQB);
                case ']' -> single(Type.RSQB);
                case ':' -> single(Type.COLON);
                case ';' -> single(Type.SEMICOLON);
                case '-' -> single(Type.MINUS);
                case '~' -> single(Type.TILDE);
                case '%' -> single(Type.PERCENT);
                default -> i++; // other punctuation is ignored
            }
        }
        add(Type.EOF, "", n, false);
    }

    private void single(Type t) {
        add(t, String.valueOf(q.charAt(i)), i, false);
        i++;
    }

    /** The closing quote of a w'...' pattern (backslash escapes), or -1. */
    private int quoteEnd(int from) {
        for (int j = from; j < q.length(); j++) {
            char c = q.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '\'') {
                return j > from ? j : -1;
            }
        }
        return -1;
    }

    /** Removes backslash escapes before punctuation and blanks. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\' && j + 1 < s.length()) {
                char n = s.charAt(j + 1);
                if (isPunct(n) || Character.isWhitespace(n)) {
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
