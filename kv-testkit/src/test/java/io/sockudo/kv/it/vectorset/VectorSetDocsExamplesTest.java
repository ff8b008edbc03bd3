package io.sockudo.kv.it.vectorset;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example of the vector-set reference (the command pages, the "Vector sets" and "Filter
 * expressions" pages and the README of Redis's vector-sets module), sent raw and compared with
 * the exact reply bytes over RESP2 and RESP3.
 *
 * <p>Examples printed against the reference's {@code word_embeddings} and {@code movies} sets
 * (three million Word2Vec vectors, a movie catalogue) are replayed on small sets built here:
 * their reply shapes are checked byte for byte, their contents against a brute-force answer.
 * One printed reply differs on purpose: in the README's filter example the two matches are
 * equally distant from the zero query, and sockudo-kv orders ties by insertion (Redis's order
 * for ties follows its random HNSW levels).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VectorSetDocsExamplesTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RespClient connect(int protocol) throws IOException {
        RespClient c = new RespClient(server.port());
        c.callText("FLUSHALL");
        if (protocol == 3) {
            c.callText("HELLO", "3");
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------
    // Expected-reply builders
    // ---------------------------------------------------------------------------------------

    static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    static String bulks(String... items) {
        StringBuilder sb = new StringBuilder("*" + items.length + "\r\n");
        for (String s : items) {
            sb.append(bulk(s));
        }
        return sb.toString();
    }

    /** A double: RESP3 {@code ,}, RESP2 a bulk string. */
    static String dbl(int p, String text) {
        return p == 3 ? "," + text + "\r\n" : bulk(text);
    }

    static String bool(int p, boolean v) {
        return p == 3 ? (v ? "#t\r\n" : "#f\r\n") : (v ? ":1\r\n" : ":0\r\n");
    }

    static String nil(int p) {
        return p == 3 ? "_\r\n" : "$-1\r\n";
    }

    static String map(int p, int pairs) {
        return (p == 3 ? "%" + pairs : "*" + 2 * pairs) + "\r\n";
    }

    // ---------------------------------------------------------------------------------------
    // The "Vector sets" page: points A..E
    // ---------------------------------------------------------------------------------------

    private static void addPoints(RespClient c, int p) throws IOException {
        assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "1.0", "1.0", "pt:A"));
        assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "-1.0", "-1.0", "pt:B"));
        assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "-1.0", "1.0", "pt:C"));
        assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "1.0", "-1.0", "pt:D"));
        assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "1.0", "0", "pt:E"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void basicOperations(int p) throws IOException {
        try (RespClient c = connect(p)) {
            addPoints(c, p);
            assertEquals("+vectorset\r\n", c.callText("TYPE", "points"));
            assertEquals(":5\r\n", c.callText("VCARD", "points"));
            assertEquals(":2\r\n", c.callText("VDIM", "points"));
            String one = "0.9999999403953552";
            assertEquals("*2\r\n" + dbl(p, one) + dbl(p, one), c.callText("VEMB", "points", "pt:A"));
            assertEquals("*2\r\n" + dbl(p, "-" + one) + dbl(p, "-" + one), c.callText("VEMB", "points", "pt:B"));
            assertEquals("*2\r\n" + dbl(p, "-" + one) + dbl(p, one), c.callText("VEMB", "points", "pt:C"));
            assertEquals("*2\r\n" + dbl(p, one) + dbl(p, "-" + one), c.callText("VEMB", "points", "pt:D"));
            assertEquals("*2\r\n" + dbl(p, "1") + dbl(p, "0"), c.callText("VEMB", "points", "pt:E"));

            String attr = "{\"name\": \"Point A\", \"description\": \"First point added\"}";
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:A", attr));
            assertEquals(bulk(attr), c.callText("VGETATTR", "points", "pt:A"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:A", ""));
            assertEquals(nil(p), c.callText("VGETATTR", "points", "pt:A"));

            assertEquals(bool(p, true), c.callText("VADD", "points", "VALUES", "2", "0", "0", "pt:F"));
            assertEquals(":6\r\n", c.callText("VCARD", "points"));
            assertEquals(bool(p, true), c.callText("VREM", "points", "pt:F"));
            assertEquals(":5\r\n", c.callText("VCARD", "points"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void similaritySearch(int p) throws IOException {
        try (RespClient c = connect(p)) {
            addPoints(c, p);
            assertEquals(bulks("pt:E", "pt:A", "pt:D", "pt:C", "pt:B"),
                    c.callText("VSIM", "points", "values", "2", "0.9", "0.1"));
            assertEquals(map(p, 4) + bulk("pt:A") + dbl(p, "1") + bulk("pt:E") + dbl(p, "0.8535534143447876")
                            + bulk("pt:C") + dbl(p, "0.5") + bulk("pt:D") + dbl(p, "0.5"),
                    c.callText("VSIM", "points", "ELE", "pt:A", "WITHSCORES", "COUNT", "4"));

            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:A", "{\"size\":\"large\",\"price\": 18.99}"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:B", "{\"size\":\"large\",\"price\": 35.99}"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:C", "{\"size\":\"large\",\"price\": 25.99}"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:D", "{\"size\":\"small\",\"price\": 21.00}"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "points", "pt:E", "{\"size\":\"small\",\"price\": 17.75}"));
            assertEquals(bulks("pt:A", "pt:C", "pt:B"),
                    c.callText("VSIM", "points", "ELE", "pt:A", "FILTER", ".size == \"large\""));
            assertEquals(bulks("pt:C", "pt:B"),
                    c.callText("VSIM", "points", "ELE", "pt:A", "FILTER", ".size == \"large\" && .price > 20.00"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // Command pages
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void vaddVremVcardVdim(int p) throws IOException {
        try (RespClient c = connect(p)) {
            // VADD page
            assertEquals(bool(p, true), c.callText("VADD", "mykey", "VALUES", "3", "0.1", "1.2", "0.5", "my-element"));
            assertEquals(":1\r\n", c.callText("VCARD", "mykey"));
            assertEquals(":3\r\n", c.callText("VDIM", "mykey"));
            // REDUCE must come right before the vector
            assertEquals(bool(p, true), c.callText("VADD", "reduced", "REDUCE", "2", "VALUES", "3", "1", "2", "3", "x"));
            assertEquals(":2\r\n", c.callText("VDIM", "reduced"));
            // VREM page
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "1", "0", "1", "bar"));
            assertEquals(bool(p, true), c.callText("VREM", "vset", "bar"));
            assertEquals(bool(p, false), c.callText("VREM", "vset", "bar"));
            assertEquals(":0\r\n", c.callText("EXISTS", "vset"));
            // VCARD/VDIM of a missing key
            assertEquals(":0\r\n", c.callText("VCARD", "nokey"));
            assertEquals("-ERR key does not exist\r\n", c.callText("VDIM", "nokey"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void vrandmember(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "1", "0", "0", "elem1"));
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "0", "1", "0", "elem2"));
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "0", "0", "1", "elem3"));
            Set<String> all = Set.of("elem1", "elem2", "elem3");
            String one = c.callText("VRANDMEMBER", "vset");
            assertTrue(all.stream().anyMatch(e -> one.equals(bulk(e))), one);
            List<String> two = elements(c.callText("VRANDMEMBER", "vset", "2"));
            assertEquals(2, two.size());
            assertEquals(2, new HashSet<>(two).size(), "distinct: " + two);
            assertTrue(all.containsAll(two));
            List<String> three = elements(c.callText("VRANDMEMBER", "vset", "-3"));
            assertEquals(3, three.size());
            assertTrue(all.containsAll(three));
            List<String> ten = elements(c.callText("VRANDMEMBER", "vset", "10"));
            assertEquals(all, new HashSet<>(ten));
            assertEquals(3, ten.size());
            assertEquals(nil(p), c.callText("VRANDMEMBER", "nonexistent"));
            assertEquals("*0\r\n", c.callText("VRANDMEMBER", "nonexistent", "3"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void attributes(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(bool(p, true), c.callText("VADD", "key", "VALUES", "2", "1", "2", "element"));
            String json = "{\"type\": \"fruit\", \"color\": \"red\"}";
            assertEquals(bool(p, true), c.callText("VSETATTR", "key", "element", json));
            assertEquals(bulk(json), c.callText("VGETATTR", "key", "element"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "key", "element", ""));
            assertEquals(nil(p), c.callText("VGETATTR", "key", "element"));
            assertEquals(bool(p, false), c.callText("VSETATTR", "key", "missing", json));
            assertEquals(bool(p, false), c.callText("VSETATTR", "nokey", "element", json));
            assertEquals(nil(p), c.callText("VGETATTR", "nokey", "element"));
            // VISMEMBER page
            assertEquals(bool(p, true), c.callText("VISMEMBER", "key", "element"));
            assertEquals(bool(p, false), c.callText("VISMEMBER", "key", "other"));
            assertEquals(bool(p, false), c.callText("VISMEMBER", "nokey", "element"));
        }
    }

    /** The filtered-search page and the README's filter section. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void filteredSearch(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "1", "1", "1", "a", "SETATTR",
                    "{\"year\": 1950}"));
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "-1", "-1", "-1", "b", "SETATTR",
                    "{\"year\": 1951}"));
            assertEquals(bool(p, true), c.callText("VADD", "vset", "VALUES", "3", "0", "1", "0", "c"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "vset", "c", "{\"year\": 1952}"));
            assertEquals(bulk("{\"year\": 1952}"), c.callText("VGETATTR", "vset", "c"));
            // README prints c, b: both are at distance 1 from the zero vector (see the class comment)
            assertEquals(bulks("b", "c"), c.callText("VSIM", "vset", "VALUES", "3", "0", "0", "0", "FILTER", ".year > 1950"));
            assertEquals(bool(p, true), c.callText("VSETATTR", "vset", "a", "{\"year\": 1960}"));
            assertEquals(bulks("a", "b", "c"),
                    c.callText("VSIM", "vset", "VALUES", "3", "0", "0", "0", "FILTER", ".year > 1950"));
            assertEquals(bulks("a", "b", "c"), c.callText("VSIM", "vset", "VALUES", "3", "0", "0", "0", "COUNT", "10",
                    "FILTER", ".year > 1950", "FILTER-EF", "500"));
        }
    }

    /** The filter page's movie queries, on a small catalogue, against a brute-force answer. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void movieFilters(int p) throws IOException {
        try (RespClient c = connect(p)) {
            String[] genres = {"action", "drama", "comedy"};
            String[] directors = {"Spielberg", "Nolan", "Scorsese", "Bigelow"};
            java.util.Random rnd = new java.util.Random(7);
            List<String[]> movies = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                int year = 1960 + rnd.nextInt(60);
                double rating = Math.round((5 + rnd.nextDouble() * 5) * 10) / 10.0;
                String genre = genres[rnd.nextInt(3)];
                String director = directors[rnd.nextInt(4)];
                String attr = "{\"year\": " + year + ", \"rating\": " + rating + ", \"genre\": \"" + genre
                        + "\", \"director\": \"" + director + "\"}";
                String name = "movie:" + i;
                assertEquals(bool(p, true), c.callText("VADD", "movies", "VALUES", "3",
                        Float.toString(rnd.nextFloat()), Float.toString(rnd.nextFloat()), Float.toString(rnd.nextFloat()),
                        name, "SETATTR", attr));
                movies.add(new String[]{name, Integer.toString(year), Double.toString(rating), genre, director});
            }
            check(c, movies, ".year >= 1980 and .year < 1990", m -> year(m) >= 1980 && year(m) < 1990);
            check(c, movies, ".genre == \"action\" and .rating > 8.0", m -> m[3].equals("action") && rating(m) > 8.0);
            check(c, movies, ".director in [\"Spielberg\", \"Nolan\"]", m -> m[4].equals("Spielberg") || m[4].equals("Nolan"));
            check(c, movies, "(.year - 2000) ** 2 < 100 and .rating / 2 > 4",
                    m -> Math.pow(year(m) - 2000, 2) < 100 && rating(m) / 2 > 4);
            check(c, movies, ".year >= 1980 and .rating > 7", m -> year(m) >= 1980 && rating(m) > 7);
        }
    }

    private static int year(String[] m) {
        return Integer.parseInt(m[1]);
    }

    private static double rating(String[] m) {
        return Double.parseDouble(m[2]);
    }

    /** VSIM ... TRUTH COUNT 100 FILTER expr returns exactly the matching movies. */
    private static void check(RespClient c, List<String[]> movies, String expr,
                              java.util.function.Predicate<String[]> matches) throws IOException {
        Set<String> expected = new HashSet<>();
        for (String[] m : movies) {
            if (matches.test(m)) {
                expected.add(m[0]);
            }
        }
        Set<String> got = new HashSet<>(elements(c.callText("VSIM", "movies", "VALUES", "3", "0.5", "0.8", "0.2",
                "COUNT", "100", "TRUTH", "FILTER", expr)));
        assertEquals(expected, got, expr);
        // the graph search with a generous effort finds them too (60 nodes)
        Set<String> graph = new HashSet<>(elements(c.callText("VSIM", "movies", "VALUES", "3", "0.5", "0.8", "0.2",
                "COUNT", "100", "FILTER", expr, "FILTER-EF", "10000")));
        assertEquals(expected, graph, expr);
    }

    /** The VSIM page's word queries, VEMB/VLINKS/VINFO pages, on a small word set. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void wordEmbeddings(int p) throws IOException {
        try (RespClient c = connect(p)) {
            String[] words = {"apple", "apples", "pear", "fruit", "berry", "pears", "strawberry", "peach", "potato",
                "grape", "SQL", "database", "car", "truck"};
            java.util.Random rnd = new java.util.Random(11);
            for (String w : words) {
                float[] v = new float[300];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) rnd.nextGaussian();
                }
                List<byte[]> args = new ArrayList<>();
                for (String s : new String[]{"VADD", "word_embeddings", "FP32"}) {
                    args.add(s.getBytes(StandardCharsets.UTF_8));
                }
                args.add(fp32(v));
                args.add(w.getBytes(StandardCharsets.UTF_8));
                args.add("SETATTR".getBytes(StandardCharsets.UTF_8));
                args.add(("{\"len\": " + w.length() + "}").getBytes(StandardCharsets.UTF_8));
                assertEquals(bool(p, true), new String(c.call(args), StandardCharsets.UTF_8));
            }
            // VSIM word_embeddings ELE apple: ten elements, apple first
            List<String> top = elements(c.callText("VSIM", "word_embeddings", "ELE", "apple"));
            assertEquals(10, top.size());
            assertEquals("apple", top.get(0));
            // WITHSCORES WITHATTRIBS COUNT 3: RESP2 ele, score, attrs; RESP3 ele => [score, attrs]
            String r = c.callText("VSIM", "word_embeddings", "ELE", "apple", "WITHSCORES", "WITHATTRIBS", "COUNT", "3");
            String head = p == 3 ? "%3\r\n$5\r\napple\r\n*2\r\n," : "*9\r\n$5\r\napple\r\n$";
            assertTrue(r.startsWith(head), r);
            assertTrue(r.contains(bulk("{\"len\": 5}")), r);
            // VCARD and VDIM pages
            assertEquals(":" + words.length + "\r\n", c.callText("VCARD", "word_embeddings"));
            assertEquals(":300\r\n", c.callText("VDIM", "word_embeddings"));
            // VEMB page: 300 doubles; RAW: int8, the codes, the norm, the range
            String emb = c.callText("VEMB", "word_embeddings", "SQL");
            assertTrue(emb.startsWith("*300\r\n" + (p == 3 ? "," : "$")), emb.substring(0, 20));
            String raw = c.callText("VEMB", "word_embeddings", "apple", "RAW");
            assertTrue(raw.startsWith("*4\r\n+int8\r\n$300\r\n"), raw.substring(0, 20));
            // VLINKS page: one array per level, top level first
            String links = c.callText("VLINKS", "word_embeddings", "apple");
            assertTrue(links.startsWith("*"), links);
            String scored = c.callText("VLINKS", "word_embeddings", "apple", "WITHSCORES");
            assertTrue(scored.contains(p == 3 ? "%" : "*"), scored);
            assertEquals(nil(p), c.callText("VLINKS", "word_embeddings", "nosuchword"));
            assertEquals(nil(p), c.callText("VLINKS", "nokey", "apple"));
            // VINFO page
            String info = c.callText("VINFO", "word_embeddings");
            String expected = map(p, 9) + "+quant-type\r\n+int8\r\n+hnsw-m\r\n:16\r\n+vector-dim\r\n:300\r\n"
                    + "+projection-input-dim\r\n:0\r\n+size\r\n:" + words.length + "\r\n+max-level\r\n:";
            assertTrue(info.startsWith(expected), info);
            assertTrue(info.contains("+attributes-count\r\n:" + words.length + "\r\n+vset-uid\r\n:"), info);
            assertTrue(info.contains("+hnsw-max-node-uid\r\n:" + words.length + "\r\n"), info);
            assertEquals(p == 3 ? "_\r\n" : "*-1\r\n", c.callText("VINFO", "nokey"));
        }
    }

    static byte[] fp32(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    /** The bulk strings of a flat array reply. */
    static List<String> elements(String reply) {
        List<String> out = new ArrayList<>();
        String[] lines = reply.split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("$")) {
                out.add(lines[++i]);
            }
        }
        return out;
    }
}
