package io.sockudo.kv.search.query;

import io.sockudo.kv.search.index.TermDict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Finds the dictionary terms a prefix, suffix, infix, fuzzy or wildcard clause stands for, in
 * lexicographic order and at most {@code max} of them (RediSearch's MAXEXPANSIONS). Stems,
 * synonym groups and phonetic codes ({@code +}, {@code ~}, {@code <} prefixed) never match.
 */
final class TermExpander {
    private TermExpander() {
    }

    private static boolean special(String t) {
        if (t.isEmpty()) {
            return true;
        }
        char c = t.charAt(0);
        return c == '+' || c == '~' || c == '<';
    }

    static List<TermDict.Term> prefix(TermDict dict, String prefix, int max) {
        List<TermDict.Term> out = new ArrayList<>();
        SortedMap<String, TermDict.Term> tail = dict.sorted().tailMap(prefix);
        for (Map.Entry<String, TermDict.Term> e : tail.entrySet()) {
            if (!e.getKey().startsWith(prefix) || out.size() >= max) {
                break;
            }
            if (!special(e.getKey())) {
                out.add(e.getValue());
            }
        }
        return out;
    }

    static List<TermDict.Term> suffix(TermDict dict, String suffix, boolean contains, int max) {
        List<TermDict.Term> out = new ArrayList<>();
        for (Map.Entry<String, TermDict.Term> e : dict.sorted().entrySet()) {
            String t = e.getKey();
            if (special(t)) {
                continue;
            }
            if (contains ? t.contains(suffix) : t.endsWith(suffix)) {
                out.add(e.getValue());
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    static List<TermDict.Term> fuzzy(TermDict dict, String term, int distance, int max) {
        List<TermDict.Term> out = new ArrayList<>();
        int[] prev = new int[term.length() + 1];
        int[] cur = new int[term.length() + 1];
        for (Map.Entry<String, TermDict.Term> e : dict.sorted().entrySet()) {
            String t = e.getKey();
            if (special(t) || Math.abs(t.length() - term.length()) > distance) {
                continue;
            }
            if (within(term, t, distance, prev, cur)) {
                out.add(e.getValue());
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    /** Whether the Levenshtein distance between a and b is at most d (row minimum cut-off). */
    static boolean within(String a, String b, int d, int[] prev, int[] cur) {
        int n = a.length();
        for (int j = 0; j <= n; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= b.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char bc = b.charAt(i - 1);
            for (int j = 1; j <= n; j++) {
                int cost = a.charAt(j - 1) == bc ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > d) {
                return false;
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[n] <= d;
    }

    static List<TermDict.Term> wildcard(TermDict dict, String pattern, int max) {
        List<TermDict.Term> out = new ArrayList<>();
        for (Map.Entry<String, TermDict.Term> e : dict.sorted().entrySet()) {
            String t = e.getKey();
            if (special(t)) {
                continue;
            }
            if (glob(pattern, 0, t, 0)) {
                out.add(e.getValue());
                if (out.size() >= max) {
                    break;
                }
            }
        }
        return out;
    }

    /** Glob matching with {@code *} (any run), {@code ?} (one character) and backslash escapes. */
    static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length()) {
                return false;
            }
            if (c == '?') {
                pi++;
                si++;
                continue;
            }
            if (c == '\\' && pi + 1 < p.length()) {
                pi++;
                c = p.charAt(pi);
            }
            if (c != s.charAt(si)) {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.length();
    }
}
