package io.sockudo.kv.search.exec;

import io.sockudo.kv.search.text.Stemmer;
import io.sockudo.kv.search.text.StopWords;
import io.sockudo.kv.search.text.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * HIGHLIGHT and SUMMARIZE: marks the words of a field that the query matched (the terms and
 * their stem variants) and cuts the text into fragments of context around them. Fragments are
 * chosen by how many matches they hold and returned in text order, each followed by the
 * separator, newlines flattened.
 */
final class Highlighter {
    private final Set<String> terms;
    private final Set<String> stems;
    private final boolean stem;

    /**
     * @param terms the matched terms (normalized)
     * @param stems the matched stems (without their {@code +} prefix)
     */
    Highlighter(Set<String> terms, Set<String> stems, boolean stem) {
        this.terms = terms;
        this.stems = stems;
        this.stem = stem;
    }

    private record Tok(int start, int end, boolean match) {
    }

    private List<Tok> tokens(String text) {
        List<Tok> out = new ArrayList<>();
        Tokenizer.tokenize(text, StopWords.NONE, false, 1, (term, st, pos, s, e) -> {
            boolean m = terms.contains(term);
            if (!m && stem && !stems.isEmpty() && term.length() >= Tokenizer.MIN_STEM_LENGTH) {
                m = stems.contains(Stemmer.get().stem(term));
            }
            if (!m && !stems.isEmpty()) {
                m = stems.contains(term);
            }
            out.add(new Tok(s, e, m));
        });
        return out;
    }

    /** The whole text with every matched word wrapped in the tags. */
    String highlight(String text, String open, String close) {
        List<Tok> toks = tokens(text);
        return mark(text, 0, text.length(), toks, open, close);
    }

    private static String mark(String text, int from, int to, List<Tok> toks, String open, String close) {
        StringBuilder sb = new StringBuilder();
        int at = from;
        for (Tok t : toks) {
            if (!t.match || t.start < from || t.end > to) {
                continue;
            }
            sb.append(text, at, t.start).append(open).append(text, t.start, t.end).append(close);
            at = t.end;
        }
        sb.append(text, at, to);
        return sb.toString();
    }

    /** Fragments around the matches; {@code open} null when not highlighting. */
    String summarize(String text, int frags, int len, String sep, String open, String close) {
        List<Tok> toks = tokens(text);
        if (toks.isEmpty()) {
            return text;
        }
        int n = toks.size();
        List<int[]> windows = new ArrayList<>();
        int half = Math.max(0, len / 2);
        for (int i = 0; i < n; i++) {
            if (!toks.get(i).match) {
                continue;
            }
            int a = Math.max(0, i - half);
            int b = Math.min(n - 1, a + Math.max(1, len) - 1);
            a = Math.max(0, Math.min(a, b - Math.max(1, len) + 1));
            if (!windows.isEmpty() && windows.get(windows.size() - 1)[1] >= a - 1) {
                int[] w = windows.get(windows.size() - 1);
                w[1] = Math.max(w[1], b);
                w[2]++;
            } else {
                windows.add(new int[] {a, b, 1});
            }
        }
        if (windows.isEmpty()) {
            windows.add(new int[] {0, Math.min(n, Math.max(1, len)) - 1, 0});
        }
        List<int[]> chosen = new ArrayList<>(windows);
        chosen.sort((x, y) -> x[2] != y[2] ? Integer.compare(y[2], x[2]) : Integer.compare(x[0], y[0]));
        if (chosen.size() > Math.max(1, frags)) {
            chosen = new ArrayList<>(chosen.subList(0, Math.max(1, frags)));
        }
        chosen.sort((x, y) -> Integer.compare(x[0], y[0]));
        StringBuilder sb = new StringBuilder();
        for (int[] w : chosen) {
            int from = toks.get(w[0]).start;
            int to = toks.get(w[1]).end;
            String frag = open != null ? mark(text, from, to, toks, open, close) : text.substring(from, to);
            sb.append(frag.replace('\n', ' ').replace('\r', ' ')).append(sep);
        }
        return sb.toString();
    }
}
