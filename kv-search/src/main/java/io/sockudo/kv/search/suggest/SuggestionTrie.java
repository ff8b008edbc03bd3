package io.sockudo.kv.search.suggest;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An auto-complete dictionary (FT.SUGADD ... FT.SUGGET): strings with float scores and optional
 * payloads, stored under a key of RediSearch's module type {@code trietype0}. Lookups fold case;
 * the strings keep theirs.
 */
public final class SuggestionTrie implements KvValue {
    /** One entry. */
    public static final class Entry {
        public final String text;
        public float score;
        public byte[] payload;

        Entry(String text, float score, byte[] payload) {
            this.text = text;
            this.score = score;
            this.payload = payload;
        }
    }

    /** Entries by folded text, then original text. */
    private final TreeMap<String, Entry> byFolded = new TreeMap<>();
    private long bytes;

    private static String key(String text) {
        return text.toLowerCase(Locale.ROOT) + '\u0000' + text;
    }

    /**
     * Adds (or replaces, or with {@code incr} adds to the score of) an entry.
     *
     * @return true when the entry is new
     */
    public boolean add(String text, double score, boolean incr, byte[] payload) {
        String k = key(text);
        Entry e = byFolded.get(k);
        if (e == null) {
            if (score == 0) {
                return false;
            }
            byFolded.put(k, new Entry(text, (float) score, payload));
            bytes += 48 + 2L * text.length() + (payload == null ? 0 : payload.length);
            return true;
        }
        e.score = incr ? (float) (e.score + score) : (float) score;
        if (payload != null && payload.length > 0) {
            e.payload = payload;
        }
        return false;
    }

    public boolean delete(String text) {
        Entry e = byFolded.remove(key(text));
        if (e != null) {
            bytes -= 48 + 2L * text.length() + (e.payload == null ? 0 : e.payload.length);
            return true;
        }
        return false;
    }

    public int size() {
        return byFolded.size();
    }

    public Collection<Entry> entries() {
        return byFolded.values();
    }

    /** One completion: the entry and its ranking score. */
    public record Hit(Entry entry, double score) {
    }

    /**
     * The best {@code max} completions of {@code prefix} (fuzzy: prefixes within Levenshtein
     * distance 1), scored as RediSearch scores them: the entry score times e^(-2 distance) in fuzzy
     * mode, divided by sqrt(1 + length difference); an exact match scores INT32_MAX.
     */
    public List<Hit> search(String prefix, boolean fuzzy, int max) {
        String p = prefix.toLowerCase(Locale.ROOT);
        List<Hit> hits = new ArrayList<>();
        if (!fuzzy) {
            for (Map.Entry<String, Entry> e : byFolded.tailMap(p).entrySet()) {
                if (!e.getKey().startsWith(p)) {
                    break;
                }
                hits.add(new Hit(e.getValue(), score(e.getValue(), p, 0)));
            }
        } else {
            for (Entry e : byFolded.values()) {
                int d = prefixDistance(e.text.toLowerCase(Locale.ROOT), p);
                if (d <= 1) {
                    hits.add(new Hit(e, score(e, p, d)));
                }
            }
        }
        hits.sort((a, b) -> Double.compare(b.score, a.score));
        return hits.size() > max ? new ArrayList<>(hits.subList(0, max)) : hits;
    }

    private static double score(Entry e, String prefix, int dist) {
        int slen = e.text.length();
        int len = prefix.length();
        if (dist == 0 && slen == len) {
            return (float) Integer.MAX_VALUE;
        }
        float s = e.score;
        if (dist > 0) {
            s = (float) (s * Math.exp(-2.0 * dist));
        }
        s = (float) (s / Math.sqrt(1 + Math.abs(slen - len)));
        return s;
    }

    /** The smallest Levenshtein distance between {@code q} and a prefix of {@code s} (capped at 2). */
    static int prefixDistance(String s, String q) {
        int n = q.length();
        int[] prev = new int[n + 1];
        int[] cur = new int[n + 1];
        for (int j = 0; j <= n; j++) {
            prev[j] = j;
        }
        int best = prev[n];
        for (int i = 1; i <= s.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= n; j++) {
                int cost = s.charAt(i - 1) == q.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            best = Math.min(best, cur[n]);
            if (rowMin > 1) {
                break;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return Math.min(best, 2);
    }

    @Override
    public ValueType type() {
        return SuggestionType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    @Override
    public long memoryUsage() {
        return 64 + bytes;
    }

    @Override
    public KvValue copy() {
        SuggestionTrie t = new SuggestionTrie();
        for (Entry e : byFolded.values()) {
            t.add(e.text, e.score, false, e.payload == null ? null : e.payload.clone());
        }
        return t;
    }
}
