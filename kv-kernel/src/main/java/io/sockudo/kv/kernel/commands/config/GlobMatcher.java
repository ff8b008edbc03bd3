package io.sockudo.kv.kernel.commands.config;

import java.nio.charset.StandardCharsets;

/**
 * Redis's glob matching ({@code stringmatchlen}): {@code *}, {@code ?}, {@code [abc]},
 * {@code [^a-z]}, backslash escapes, optional case folding. Used by CONFIG GET and
 * COMMAND LIST FILTERBY PATTERN; an equivalent shared utility may replace it.
 */
public final class GlobMatcher {
    private GlobMatcher() {
    }

    public static boolean matches(String pattern, String text, boolean nocase) {
        return matches(pattern.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8), nocase);
    }

    public static boolean matches(byte[] pattern, byte[] text, boolean nocase) {
        boolean[] skipLonger = new boolean[1];
        return match(pattern, 0, pattern.length, text, 0, text.length, nocase, skipLonger);
    }

    private static int at(byte[] b, int i, int end) {
        return i < end ? b[i] & 0xff : 0;
    }

    private static int fold(int c, boolean nocase) {
        return nocase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static boolean match(byte[] p, int pi, int pEnd, byte[] s, int si, int sEnd, boolean nocase,
                                 boolean[] skipLonger) {
        while (pi < pEnd && si < sEnd) {
            int pc = p[pi] & 0xff;
            switch (pc) {
                case '*' -> {
                    while (pi + 1 < pEnd && p[pi + 1] == '*') {
                        pi++;
                    }
                    if (pi + 1 == pEnd) {
                        return true;
                    }
                    while (si < sEnd) {
                        if (match(p, pi + 1, pEnd, s, si, sEnd, nocase, skipLonger)) {
                            return true;
                        }
                        if (skipLonger[0]) {
                            return false;
                        }
                        si++;
                    }
                    // No match of the rest anywhere: longer matches of earlier stars cannot help.
                    skipLonger[0] = true;
                    return false;
                }
                case '?' -> si++;
                case '[' -> {
                    pi++;
                    boolean not = at(p, pi, pEnd) == '^';
                    if (not) {
                        pi++;
                    }
                    boolean matched = false;
                    int sc = s[si] & 0xff;
                    while (true) {
                        if (pi < pEnd && p[pi] == '\\' && pEnd - pi >= 2) {
                            pi++;
                            if ((p[pi] & 0xff) == sc) {
                                matched = true;
                            }
                        } else if (pi < pEnd && p[pi] == ']') {
                            break;
                        } else if (pi >= pEnd) {
                            pi--;
                            break;
                        } else if (pEnd - pi >= 3 && p[pi + 1] == '-') {
                            int start = p[pi] & 0xff;
                            int end = p[pi + 2] & 0xff;
                            if (start > end) {
                                int t = start;
                                start = end;
                                end = t;
                            }
                            int c = sc;
                            if (nocase) {
                                start = fold(start, true);
                                end = fold(end, true);
                                c = fold(c, true);
                            }
                            pi += 2;
                            if (c >= start && c <= end) {
                                matched = true;
                            }
                        } else if (fold(p[pi] & 0xff, nocase) == fold(sc, nocase)) {
                            matched = true;
                        }
                        pi++;
                    }
                    if (not) {
                        matched = !matched;
                    }
                    if (!matched) {
                        return false;
                    }
                    si++;
                }
                default -> {
                    if (pc == '\\' && pEnd - pi >= 2) {
                        pi++;
                        pc = p[pi] & 0xff;
                    }
                    if (fold(pc, nocase) != fold(s[si] & 0xff, nocase)) {
                        return false;
                    }
                    si++;
                }
            }
            pi++;
            if (si == sEnd) {
                while (pi < pEnd && p[pi] == '*') {
                    pi++;
                }
                break;
            }
        }
        return pi == pEnd && si == sEnd;
    }
}
