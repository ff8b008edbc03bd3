package io.sockudo.kv.spi;

/**
 * Glob-style matching with exactly the rules of Redis's {@code stringmatchlen} (KEYS, SCAN MATCH,
 * PSUBSCRIBE, ACL key patterns, CONFIG GET): {@code *}, {@code ?}, {@code [abc]}, {@code [^abc]},
 * ranges {@code [a-z]} (reversed ranges such as {@code [z-a]} are swapped), {@code \} escapes, an
 * optional case-insensitive mode (ASCII only), and Redis's quirks kept on purpose: bytes compare
 * as signed C chars in ranges, an unterminated {@code [} class runs to the end of the pattern,
 * an escaped character inside a class compares case-sensitively even in nocase mode, and after
 * 1000 nested {@code *} the match fails (Redis's guard against abusive patterns).
 *
 * <p>As in Redis, an empty string matches only an empty pattern (not even {@code *}); KEYS and SCAN
 * test {@link #matchesEverything} first, which is how they list an empty key for {@code *}.
 *
 * <p>Like Redis it never backtracks a {@code *} further once the rest of the pattern has failed
 * to match anywhere in the remaining string, which keeps patterns such as {@code *a*a*a*b}
 * linear instead of exponential. No allocation.
 */
public final class Glob {
    /** Redis's limit on nested {@code *} recursion. */
    static final int MAX_NESTING = 1000;

    private static final int NO_MATCH = 0;
    private static final int MATCH = 1;
    /** No match, and no earlier {@code *} may retry with a longer span (Redis's skipLongerMatches). */
    private static final int NO_MATCH_STOP = 2;

    private Glob() {
    }

    /** True when {@code pattern} matches the whole of {@code string} (case-sensitive). */
    public static boolean matches(byte[] pattern, byte[] string) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, false);
    }

    /** True when {@code pattern} matches the whole of {@code string}. */
    public static boolean matches(byte[] pattern, byte[] string, boolean nocase) {
        return matches(pattern, 0, pattern.length, string, 0, string.length, nocase);
    }

    /** Slice form of {@link #matches(byte[], byte[], boolean)}. */
    public static boolean matches(byte[] pattern, int patternOffset, int patternLength,
                                  byte[] string, int stringOffset, int stringLength, boolean nocase) {
        return match(pattern, patternOffset, patternOffset + patternLength,
                string, stringOffset, stringOffset + stringLength, nocase, 0) == MATCH;
    }

    /** True for the pattern {@code *}, which Redis treats as "no filter at all". */
    public static boolean matchesEverything(byte[] pattern) {
        return pattern.length == 1 && pattern[0] == '*';
    }

    /** The pattern byte at {@code i}, or 0 past the end (C reads the string's terminating NUL there). */
    private static int at(byte[] p, int i, int end) {
        return i < end ? p[i] : 0;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    private static int match(byte[] pat, int p, int pEnd, byte[] str, int s, int sEnd, boolean nocase, int nesting) {
        if (nesting > MAX_NESTING) {
            return NO_MATCH;
        }
        while (p < pEnd && s < sEnd) {
            switch (pat[p]) {
                case '*' -> {
                    while (p < pEnd && at(pat, p + 1, pEnd) == '*') {
                        p++;
                    }
                    if (pEnd - p == 1) {
                        return MATCH;
                    }
                    while (s < sEnd) {
                        int r = match(pat, p + 1, pEnd, str, s, sEnd, nocase, nesting + 1);
                        if (r != NO_MATCH) {
                            return r;
                        }
                        s++;
                    }
                    // The rest of the pattern matches nowhere in the rest of the string, so no
                    // earlier '*' can succeed by spanning more characters either.
                    return NO_MATCH_STOP;
                }
                case '?' -> s++;
                case '[' -> {
                    p = matchClass(pat, p + 1, pEnd, str[s], nocase);
                    if (p < 0) {
                        return NO_MATCH;
                    }
                    s++;
                }
                default -> {
                    if (pat[p] == '\\' && pEnd - p >= 2) {
                        p++;
                    }
                    int a = pat[p];
                    int b = str[s];
                    if (nocase ? lower(a) != lower(b) : a != b) {
                        return NO_MATCH;
                    }
                    s++;
                }
            }
            p++;
            if (s == sEnd) {
                while (at(pat, p, pEnd) == '*') {
                    p++;
                }
                break;
            }
        }
        return p == pEnd && s == sEnd ? MATCH : NO_MATCH;
    }

    /**
     * Matches one character against the class starting at {@code p} (just after {@code [}).
     *
     * @return the index of the class's last byte ({@code ]}, or the pattern's last byte when the
     *         class is unterminated), or -1 when {@code c} does not match
     */
    private static int matchClass(byte[] pat, int p, int pEnd, int c, boolean nocase) {
        boolean not = at(pat, p, pEnd) == '^';
        if (not) {
            p++;
        }
        boolean match = false;
        while (true) {
            int x = at(pat, p, pEnd);
            if (x == '\\' && pEnd - p >= 2) {
                p++;
                if (pat[p] == c) {
                    match = true;
                }
            } else if (x == ']') {
                break;
            } else if (p >= pEnd) {
                p--;
                break;
            } else if (pEnd - p >= 3 && pat[p + 1] == '-') {
                int start = x;
                int end = pat[p + 2];
                int ch = c;
                if (start > end) {
                    int t = start;
                    start = end;
                    end = t;
                }
                if (nocase) {
                    start = lower(start);
                    end = lower(end);
                    ch = lower(ch);
                }
                p += 2;
                if (ch >= start && ch <= end) {
                    match = true;
                }
            } else if (nocase ? lower(x) == lower(c) : x == c) {
                match = true;
            }
            p++;
        }
        if (not) {
            match = !match;
        }
        return match ? p : -1;
    }
}
