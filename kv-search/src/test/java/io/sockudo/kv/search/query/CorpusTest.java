package io.sockudo.kv.search.query;

import io.sockudo.kv.search.index.RawDoc;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.spi.DocumentView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A corpus of queries over 3000 generated documents with text, tags, numbers, geo points and
 * vectors, indexed once as hashes and once as JSON documents. Every query's expected documents
 * are worked out here from the raw data (word groups sharing a stem are listed by hand, distances
 * computed from scratch), independently of the index.
 */
class CorpusTest {
    /** Word -> its stem group (Snowball English stems, listed by hand). */
    private static final Map<String, String> GROUP = new LinkedHashMap<>();

    static {
        for (String w : new String[] {"connect", "connected", "connecting", "connection", "connections"}) {
            GROUP.put(w, "connect");
        }
        for (String w : new String[] {"run", "runs", "running"}) {
            GROUP.put(w, "run");
        }
        for (String w : new String[] {"jump", "jumps", "jumped", "jumping"}) {
            GROUP.put(w, "jump");
        }
        for (String w : new String[] {"knight", "knights", "knightly"}) {
            GROUP.put(w, "knight");
        }
        for (String w : new String[] {"knock", "knocked", "knocks", "knocking"}) {
            GROUP.put(w, "knock");
        }
        for (String w : new String[] {"search", "searches", "searching"}) {
            GROUP.put(w, "search");
        }
        for (String w : new String[] {"index", "indexed", "indexing"}) {
            GROUP.put(w, "index");
        }
        for (String w : new String[] {"book", "books"}) {
            GROUP.put(w, "book");
        }
        for (String w : new String[] {"alpha", "bravo", "delta", "echo", "golf", "hotel", "india", "kilo", "lima",
            "oscar", "papa", "romeo", "sierra", "tango", "victor", "xray", "zulu"}) {
            GROUP.put(w, w);
        }
    }

    private static final String[] WORDS = GROUP.keySet().toArray(new String[0]);
    private static final String[] TAGS = {"red", "green", "blue", "cyan", "magenta", "yellow", "black", "white",
        "new york", "san francisco"};
    private static final double[][] CENTERS = {{-122.41, 37.77}, {2.35, 48.86}, {139.69, 35.69}};
    private static final int N = 3000;
    private static final int DIM = 8;

    private record Doc(String key, List<String> title, List<String> body, List<String> tags, double price,
                       long rating, double lon, double lat, float[] vec, boolean hasRating) {
        /** Tokens of the whole document in position order (title then body). */
        List<String> tokens() {
            List<String> t = new ArrayList<>(title);
            t.addAll(body);
            return t;
        }
    }

    private static final List<Doc> DOCS = new ArrayList<>();
    private static SearchIndex hashIndex;
    private static SearchIndex jsonIndex;

    @BeforeAll
    static void build() {
        Random rnd = new Random(1234);
        for (int i = 0; i < N; i++) {
            List<String> title = words(rnd, 2 + rnd.nextInt(5));
            List<String> body = words(rnd, 5 + rnd.nextInt(20));
            List<String> tags = new ArrayList<>();
            for (int k = rnd.nextInt(4); k > 0; k--) {
                String t = TAGS[rnd.nextInt(TAGS.length)];
                if (!tags.contains(t)) {
                    tags.add(t);
                }
            }
            double price = Math.round(rnd.nextDouble() * 100000) / 100.0;
            long rating = 1 + rnd.nextInt(5);
            double[] c = CENTERS[rnd.nextInt(CENTERS.length)];
            double lon = c[0] + (rnd.nextDouble() - 0.5) * 0.4;
            double lat = c[1] + (rnd.nextDouble() - 0.5) * 0.4;
            float[] vec = new float[DIM];
            for (int d = 0; d < DIM; d++) {
                vec[d] = (float) rnd.nextGaussian();
            }
            DOCS.add(new Doc("doc:" + i, title, body, tags, price, rating, lon, lat, vec, rnd.nextInt(10) != 0));
        }
        hashIndex = index("ON", "HASH", "SCHEMA", "title", "TEXT", "WEIGHT", "2", "body", "TEXT", "tags", "TAG",
                "price", "NUMERIC", "SORTABLE", "rating", "NUMERIC", "INDEXMISSING", "loc", "GEO", "vec", "VECTOR",
                "FLAT", "6", "TYPE", "FLOAT32", "DIM", "8", "DISTANCE_METRIC", "L2");
        jsonIndex = index("ON", "JSON", "SCHEMA", "$.title", "AS", "title", "TEXT", "WEIGHT", "2", "$.body", "AS",
                "body", "TEXT", "$.tags[*]", "AS", "tags", "TAG", "$.price", "AS", "price", "NUMERIC", "SORTABLE",
                "$.rating", "AS", "rating", "NUMERIC", "INDEXMISSING", "$.loc", "AS", "loc", "GEO", "$.vec", "AS",
                "vec", "VECTOR", "FLAT", "6", "TYPE", "FLOAT32", "DIM", "8", "DISTANCE_METRIC", "L2");
        for (Doc d : DOCS) {
            byte[] key = d.key.getBytes(StandardCharsets.UTF_8);
            hashIndex.enqueue(RawDoc.capture(hashIndex.spec, key, hashDoc(d)));
            jsonIndex.enqueue(RawDoc.capture(jsonIndex.spec, key, jsonDoc(d)));
        }
    }

    private static List<String> words(Random rnd, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return out;
    }

    private static SearchIndex index(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        IndexSpec spec = SpecParser.parseCreate("idx", argv, 0, argv.length);
        return new SearchIndex(spec, Runnable::run);
    }

    private static byte[] blob(float[] v) {
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            bb.putFloat(f);
        }
        return bb.array();
    }

    private static DocumentView hashDoc(Doc d) {
        Map<String, byte[]> f = new HashMap<>();
        f.put("title", String.join(" ", d.title).getBytes(StandardCharsets.UTF_8));
        f.put("body", String.join(" ", d.body).getBytes(StandardCharsets.UTF_8));
        f.put("tags", String.join(",", d.tags).getBytes(StandardCharsets.UTF_8));
        f.put("price", Double.toString(d.price).getBytes(StandardCharsets.UTF_8));
        if (d.hasRating) {
            f.put("rating", Long.toString(d.rating).getBytes(StandardCharsets.UTF_8));
        }
        f.put("loc", (d.lon + "," + d.lat).getBytes(StandardCharsets.UTF_8));
        f.put("vec", blob(d.vec));
        return new DocumentView() {
            @Override
            public String documentKind() {
                return HASH;
            }

            @Override
            public List<Object> select(String path) {
                byte[] v = f.get(path);
                return v == null ? List.of() : List.of(v);
            }
        };
    }

    private static DocumentView jsonDoc(Doc d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", String.join(" ", d.title));
        m.put("body", String.join(" ", d.body));
        m.put("tags", new ArrayList<Object>(d.tags));
        m.put("price", d.price);
        if (d.hasRating) {
            m.put("rating", d.rating);
        }
        m.put("loc", d.lon + "," + d.lat);
        List<Object> vec = new ArrayList<>();
        for (float x : d.vec) {
            vec.add((double) x);
        }
        m.put("vec", vec);
        return new DocumentView() {
            @Override
            public String documentKind() {
                return JSON;
            }

            @Override
            public List<Object> select(String path) {
                String p = path.startsWith("$.") ? path.substring(2) : path;
                boolean all = p.endsWith("[*]");
                if (all) {
                    p = p.substring(0, p.length() - 3);
                }
                if (!m.containsKey(p)) {
                    return List.of();
                }
                Object v = m.get(p);
                if (all && v instanceof List<?> l) {
                    return new ArrayList<>(l);
                }
                List<Object> out = new ArrayList<>();
                out.add(v);
                return out;
            }
        };
    }

    // ------------------------------------------------------------------ running queries

    private static TreeSet<String> run(SearchIndex idx, String q, Map<String, byte[]> params) {
        QueryNode root = QueryParser.parse(q, idx.spec, idx.spec.stopWords, params);
        return idx.read(data -> {
            Evaluator ev = new Evaluator(data, idx.spec, new QueryOptions(), Map.of());
            RoaringBitmap b = ev.run(root);
            TreeSet<String> keys = new TreeSet<>();
            b.forEach((org.roaringbitmap.IntConsumer) id -> keys.add(data.doc(id).keyString()));
            return keys;
        });
    }

    private static void check(String q, Predicate<Doc> expected) {
        check(q, Map.of(), expected);
    }

    private static void check(String q, Map<String, byte[]> params, Predicate<Doc> expected) {
        TreeSet<String> want = new TreeSet<>();
        for (Doc d : DOCS) {
            if (expected.test(d)) {
                want.add(d.key);
            }
        }
        assertEquals(want, run(hashIndex, q, params), "HASH: " + q);
        assertEquals(want, run(jsonIndex, q, params), "JSON: " + q);
    }

    // ------------------------------------------------------------------ oracles

    private static boolean has(List<String> tokens, String word) {
        String g = GROUP.get(word);
        for (String t : tokens) {
            if (GROUP.get(t).equals(g)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasExact(List<String> tokens, String word) {
        return tokens.contains(word);
    }

    /** Positions (1-based) of the tokens of the word's group in the whole document. */
    private static List<Integer> positions(Doc d, String word) {
        List<Integer> out = new ArrayList<>();
        List<String> t = d.tokens();
        for (int i = 0; i < t.size(); i++) {
            if (GROUP.get(t.get(i)).equals(GROUP.get(word))) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** Some choice of one position per word with at most slop words between them (in order when asked). */
    private static boolean near(Doc d, int slop, boolean inOrder, String... words) {
        List<List<Integer>> lists = new ArrayList<>();
        for (String w : words) {
            List<Integer> p = positions(d, w);
            if (p.isEmpty()) {
                return false;
            }
            lists.add(p);
        }
        return choose(lists, 0, new int[words.length], slop, inOrder);
    }

    private static boolean choose(List<List<Integer>> lists, int i, int[] pick, int slop, boolean inOrder) {
        if (i == lists.size()) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (int k = 0; k < pick.length; k++) {
                if (inOrder && k > 0 && pick[k] <= pick[k - 1]) {
                    return false;
                }
                min = Math.min(min, pick[k]);
                max = Math.max(max, pick[k]);
            }
            return max - min - (pick.length - 1) <= slop;
        }
        for (int p : lists.get(i)) {
            pick[i] = p;
            if (choose(lists, i + 1, pick, slop, inOrder)) {
                return true;
            }
        }
        return false;
    }

    private static int lev(String a, String b) {
        int[][] dp = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    dp[i][j] = i + j;
                } else {
                    dp[i][j] = Math.min(Math.min(dp[i - 1][j] + 1, dp[i][j - 1] + 1),
                            dp[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                }
            }
        }
        return dp[a.length()][b.length()];
    }

    private static double km(double lon1, double lat1, double lon2, double lat2) {
        double r = 6372797.560856;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * r * Math.asin(Math.sqrt(a)) / 1000;
    }

    private static float l2(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            float d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    // ------------------------------------------------------------------ the corpus

    @Test
    void terms() {
        check("connection", d -> has(d.tokens(), "connection"));
        check("running", d -> has(d.tokens(), "running"));
        check("run", d -> has(d.tokens(), "run"));
        check("jumped", d -> has(d.tokens(), "jumped"));
        check("alpha", d -> has(d.tokens(), "alpha"));
        check("@title:knights", d -> has(d.title, "knights"));
        check("@body:searching", d -> has(d.body, "searching"));
        check("@title|body:books", d -> has(d.tokens(), "books"));
        check("\"connection\"", d -> hasExact(d.tokens(), "connection"));
        check("nonexistentword", d -> false);
    }

    @Test
    void booleans() {
        check("alpha bravo", d -> has(d.tokens(), "alpha") && has(d.tokens(), "bravo"));
        check("alpha | bravo", d -> has(d.tokens(), "alpha") || has(d.tokens(), "bravo"));
        check("alpha -bravo", d -> has(d.tokens(), "alpha") && !has(d.tokens(), "bravo"));
        check("-alpha", d -> !has(d.tokens(), "alpha"));
        check("(alpha | bravo) (delta | echo) -@title:golf", d -> (has(d.tokens(), "alpha") || has(d.tokens(), "bravo"))
                && (has(d.tokens(), "delta") || has(d.tokens(), "echo")) && !has(d.title, "golf"));
        check("alpha ~bravo", d -> has(d.tokens(), "alpha"));
        check("@title:alpha @body:bravo", d -> has(d.title, "alpha") && has(d.body, "bravo"));
        check("@title:(alpha bravo)", d -> has(d.title, "alpha") && has(d.title, "bravo"));
    }

    @Test
    void phrasesSlopAndOrder() {
        check("\"alpha bravo\"", d -> near(d, 0, true, "alpha", "bravo"));
        check("\"knock index\"", d -> near(d, 0, true, "knock", "index"));
        check("@title:\"zulu xray\"", d -> {
            List<String> t = d.title;
            for (int i = 0; i + 1 < t.size(); i++) {
                if (t.get(i).equals("zulu") && t.get(i + 1).equals("xray")) {
                    return true;
                }
            }
            return false;
        });
        check("(alpha bravo) => { $slop: 2; }", d -> near(d, 2, false, "alpha", "bravo"));
        check("(alpha bravo) => { $slop: 2; $inorder: true; }", d -> near(d, 2, true, "alpha", "bravo"));
        check("(alpha bravo delta) => { $slop: 4; }", d -> near(d, 4, false, "alpha", "bravo", "delta"));
    }

    @Test
    void prefixesSuffixesFuzzy() {
        check("conn*", d -> d.tokens().stream().anyMatch(t -> t.startsWith("conn")));
        check("kn*", d -> d.tokens().stream().anyMatch(t -> t.startsWith("kn")));
        check("@title:jum*", d -> d.title.stream().anyMatch(t -> t.startsWith("jum")));
        check("*ing", d -> d.tokens().stream().anyMatch(t -> t.endsWith("ing")));
        check("*nect*", d -> d.tokens().stream().anyMatch(t -> t.contains("nect")));
        check("%knoc%", d -> d.tokens().stream().anyMatch(t -> lev(t, "knoc") <= 1));
        check("%%sierro%%", d -> d.tokens().stream().anyMatch(t -> lev(t, "sierro") <= 2));
        check("w'k?o*'", d -> d.tokens().stream().anyMatch(t -> t.matches("k.o.*")));
    }

    @Test
    void numericAndTags() {
        check("@price:[100 200]", d -> d.price >= 100 && d.price <= 200);
        check("@price:[(100 (200]", d -> d.price > 100 && d.price < 200);
        check("@price:[-inf 50]", d -> d.price <= 50);
        check("@price:[(990 +inf]", d -> d.price > 990);
        check("@rating:[3 3]", d -> d.hasRating && d.rating == 3);
        check("@rating:[2 4] -@rating:[3 3]", d -> d.hasRating && (d.rating == 2 || d.rating == 4));
        check("ismissing(@rating)", d -> !d.hasRating);
        check("@tags:{red}", d -> d.tags.contains("red"));
        check("@tags:{red | blue}", d -> d.tags.contains("red") || d.tags.contains("blue"));
        check("@tags:{red} @tags:{blue}", d -> d.tags.contains("red") && d.tags.contains("blue"));
        check("@tags:{new york}", d -> d.tags.contains("new york"));
        check("@tags:{new\\ york}", d -> d.tags.contains("new york"));
        check("@tags:{RED}", d -> d.tags.contains("red"));
        check("@tags:{mag*}", d -> d.tags.stream().anyMatch(t -> t.startsWith("mag")));
        check("@tags:{*low}", d -> d.tags.stream().anyMatch(t -> t.endsWith("low")));
        check("-@tags:{red|green}", d -> !d.tags.contains("red") && !d.tags.contains("green"));
        check("alpha @price:[0 500] @tags:{blue}", d -> has(d.tokens(), "alpha") && d.price <= 500
                && d.tags.contains("blue"));
        check("@price:[$lo $hi]", Map.of("lo", "10".getBytes(), "hi", "20".getBytes()),
                d -> d.price >= 10 && d.price <= 20);
        check("@tags:{$t}", Map.of("t", "cyan".getBytes()), d -> d.tags.contains("cyan"));
    }

    @Test
    void geo() {
        check("@loc:[-122.41 37.77 5 km]", d -> km(-122.41, 37.77, d.lon, d.lat) <= 5);
        check("@loc:[2.35 48.86 10000 m]", d -> km(2.35, 48.86, d.lon, d.lat) <= 10);
        check("@loc:[139.69 35.69 6 mi]", d -> km(139.69, 35.69, d.lon, d.lat) <= 6 * 1.60934);
        check("@loc:[-122.41 37.77 5 km] alpha", d -> km(-122.41, 37.77, d.lon, d.lat) <= 5 && has(d.tokens(), "alpha"));
        check("@loc:[$lon $lat $r km]", Map.of("lon", "2.35".getBytes(), "lat", "48.86".getBytes(), "r",
                "3".getBytes()), d -> km(2.35, 48.86, d.lon, d.lat) <= 3);
    }

    @Test
    void vectors() {
        float[] q = {0.5f, -0.2f, 1.1f, 0.3f, -0.7f, 0.0f, 0.9f, -1.2f};
        Map<String, byte[]> params = Map.of("q", blob(q));
        // pure KNN: the 10 nearest
        List<Doc> sorted = new ArrayList<>(DOCS);
        sorted.sort((a, b) -> Float.compare(l2(q, a.vec), l2(q, b.vec)));
        TreeSet<String> top = new TreeSet<>();
        for (int i = 0; i < 10; i++) {
            top.add(sorted.get(i).key);
        }
        assertEquals(top, run(hashIndex, "*=>[KNN 10 @vec $q]", params));
        assertEquals(top, run(jsonIndex, "*=>[KNN 10 @vec $q AS dist]", params));
        // hybrid: the 5 nearest among those tagged blue
        TreeSet<String> hybrid = new TreeSet<>();
        for (Doc d : sorted) {
            if (d.tags.contains("blue") && hybrid.size() < 5) {
                hybrid.add(d.key);
            }
        }
        assertEquals(hybrid, run(hashIndex, "(@tags:{blue})=>[KNN 5 @vec $q]", params));
        assertEquals(hybrid, run(jsonIndex, "@tags:{blue}=>[KNN 5 @vec $q]", params));
        // range
        // a radius half-way between two neighbours' distances (no ties on the boundary)
        float radius = (l2(q, sorted.get(25).vec) + l2(q, sorted.get(26).vec)) / 2;
        check("@vec:[VECTOR_RANGE " + radius + " $q]", params, d -> l2(q, d.vec) <= radius);
        check("@vec:[VECTOR_RANGE " + radius + " $q] @tags:{red}", params,
                d -> l2(q, d.vec) <= radius && d.tags.contains("red"));
    }

    @Test
    void updatesAndDeletesKeepTheIndexExact() {
        SearchIndex idx = index("SCHEMA", "t", "TEXT", "n", "NUMERIC", "g", "TAG");
        Random rnd = new Random(5);
        Map<String, String[]> live = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            String key = "k" + rnd.nextInt(500);
            if (rnd.nextInt(5) == 0) {
                live.remove(key);
                idx.enqueueDelete(key.getBytes(StandardCharsets.UTF_8));
            } else {
                String[] v = {WORDS[rnd.nextInt(WORDS.length)], Integer.toString(rnd.nextInt(100)),
                    TAGS[rnd.nextInt(TAGS.length)]};
                live.put(key, v);
                Map<String, byte[]> f = Map.of("t", v[0].getBytes(), "n", v[1].getBytes(), "g", v[2].getBytes());
                idx.enqueue(RawDoc.capture(idx.spec, key.getBytes(StandardCharsets.UTF_8), new DocumentView() {
                    public String documentKind() {
                        return HASH;
                    }

                    public List<Object> select(String p) {
                        byte[] b = f.get(p);
                        return b == null ? List.of() : List.of(b);
                    }
                }));
            }
        }
        for (String w : new String[] {"alpha", "knock", "run"}) {
            TreeSet<String> want = new TreeSet<>();
            live.forEach((k, v) -> {
                if (GROUP.get(v[0]).equals(GROUP.get(w))) {
                    want.add(k);
                }
            });
            assertEquals(want, run(idx, w, Map.of()), w);
        }
        TreeSet<String> want = new TreeSet<>();
        live.forEach((k, v) -> {
            if (Integer.parseInt(v[1]) < 30 && v[2].equals("red")) {
                want.add(k);
            }
        });
        assertEquals(want, run(idx, "@n:[-inf (30] @g:{red}", Map.of()));
        assertEquals(live.size(), (int) idx.read(d -> d.numDocs()));
        // terms of deleted documents leave the dictionary
        idx.read(d -> {
            for (String t : d.terms.sorted().keySet()) {
                assertTrue(d.terms.get(t).docCount() > 0, t);
            }
            return null;
        });
    }
}
