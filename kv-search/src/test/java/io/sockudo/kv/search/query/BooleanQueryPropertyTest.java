package io.sockudo.kv.search.query;

import io.sockudo.kv.search.TestIndex;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random boolean queries (AND, OR, NOT over terms in any or one field, tag sets and numeric ranges)
 * give exactly the documents a naive scan of the same documents selects; documents are also
 * updated and deleted between rounds.
 */
class BooleanQueryPropertyTest {
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        "india", "juliet", "kilo", "lima"};
    private static final String[] TAGS = {"red", "green", "blue", "cyan", "magenta", "yellow"};

    private record Doc(List<String> title, List<String> body, List<String> tags, int n) {
    }

    /** A query and its meaning. */
    private record Q(String text, Predicate<Doc> matches) {
    }

    private final Random rnd = new Random(20);

    private Doc randomDoc() {
        List<String> title = words(1 + rnd.nextInt(3));
        List<String> body = words(rnd.nextInt(6));
        List<String> tags = new ArrayList<>();
        for (int i = rnd.nextInt(3); i > 0; i--) {
            String t = TAGS[rnd.nextInt(TAGS.length)];
            if (!tags.contains(t)) {
                tags.add(t);
            }
        }
        return new Doc(title, body, tags, rnd.nextInt(21));
    }

    private List<String> words(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return out;
    }

    private Q atom() {
        switch (rnd.nextInt(5)) {
            case 0: {
                String w = WORDS[rnd.nextInt(WORDS.length)];
                return new Q(w, d -> d.title.contains(w) || d.body.contains(w));
            }
            case 1: {
                String w = WORDS[rnd.nextInt(WORDS.length)];
                return new Q("@title:" + w, d -> d.title.contains(w));
            }
            case 2: {
                String a = TAGS[rnd.nextInt(TAGS.length)];
                String b = TAGS[rnd.nextInt(TAGS.length)];
                return new Q("@tags:{" + a + "|" + b + "}", d -> d.tags.contains(a) || d.tags.contains(b));
            }
            case 3: {
                int lo = rnd.nextInt(21);
                int hi = lo + rnd.nextInt(8);
                boolean exLo = rnd.nextBoolean();
                String q = "@n:[" + (exLo ? "(" : "") + lo + " " + hi + "]";
                return new Q(q, d -> (exLo ? d.n > lo : d.n >= lo) && d.n <= hi);
            }
            default: {
                String w = WORDS[rnd.nextInt(WORDS.length)];
                String v = WORDS[rnd.nextInt(WORDS.length)];
                return new Q("@body|title:(" + w + "|" + v + ")", d -> d.title.contains(w) || d.body.contains(w)
                        || d.title.contains(v) || d.body.contains(v));
            }
        }
    }

    private Q query(int depth) {
        if (depth == 0 || rnd.nextInt(3) == 0) {
            return atom();
        }
        Q a = query(depth - 1);
        Q b = query(depth - 1);
        switch (rnd.nextInt(4)) {
            case 0:
                return new Q("(" + a.text + " " + b.text + ")", d -> a.matches.test(d) && b.matches.test(d));
            case 1:
                return new Q("(" + a.text + " | " + b.text + ")", d -> a.matches.test(d) || b.matches.test(d));
            case 2:
                return new Q("(" + a.text + " -" + b.text + ")", d -> a.matches.test(d) && !b.matches.test(d));
            default:
                return new Q("-" + a.text, d -> !a.matches.test(d));
        }
    }

    @Test
    void randomBooleanQueriesEqualANaiveScan() {
        TestIndex idx = new TestIndex("SCHEMA", "title", "TEXT", "NOSTEM", "body", "TEXT", "NOSTEM", "tags", "TAG",
                "n", "NUMERIC");
        Map<String, Doc> docs = new HashMap<>();
        for (int round = 0; round < 6; round++) {
            for (int i = 0; i < 80; i++) {
                String key = "doc:" + rnd.nextInt(300);
                if (rnd.nextInt(8) == 0) {
                    docs.remove(key);
                    idx.delete(key);
                    continue;
                }
                Doc d = randomDoc();
                docs.put(key, d);
                idx.put(key, TestIndex.fields("title", String.join(" ", d.title), "body", String.join(" ", d.body),
                        "tags", String.join(",", d.tags), "n", Integer.toString(d.n)));
            }
            for (int k = 0; k < 150; k++) {
                Q q = query(3);
                TreeSet<String> expected = new TreeSet<>();
                for (Map.Entry<String, Doc> e : docs.entrySet()) {
                    if (q.matches.test(e.getValue())) {
                        expected.add(e.getKey());
                    }
                }
                assertEquals(expected, idx.search(q.text), q.text);
            }
        }
    }
}
