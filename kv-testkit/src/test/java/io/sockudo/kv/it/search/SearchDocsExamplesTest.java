package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of RediSearch's command reference (docs/commands/ft.*.md), sent raw and checked
 * against the printed replies (RESP2; RESP3 where the reply has a map form). Where the reference
 * prints a dialect-1 reply (FT.EXPLAIN) or data not given in the page, the test states what the
 * dialect-2 engine returns for the same commands.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchDocsExamplesTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Ft connect(int protocol) throws Exception {
        Ft ft = new Ft(server.port(), protocol);
        ft.q("FLUSHALL");
        return ft;
    }

    @Test
    void create() throws Exception {
        try (Ft ft = connect(2)) {
            assertEquals("OK", ft.q("FT.CREATE", "idx", "ON", "HASH", "PREFIX", "1", "blog:post:", "SCHEMA", "title", "TEXT",
                    "SORTABLE", "published_at", "NUMERIC", "SORTABLE", "category", "TAG", "SORTABLE"));
            assertEquals("OK", ft.q("FT.CREATE", "idx2", "ON", "HASH", "PREFIX", "1", "blog:post:", "SCHEMA", "sku", "AS",
                    "sku_text", "TEXT", "sku", "AS", "sku_tag", "TAG", "SORTABLE"));
            assertEquals("OK", ft.q("FT.CREATE", "author-books-idx", "ON", "HASH", "PREFIX", "2", "author:details:",
                    "book:details:", "SCHEMA", "author_id", "TAG", "SORTABLE", "author_ids", "TAG", "title", "TEXT", "name",
                    "TEXT"));
            assertEquals("OK", ft.q("FT.CREATE", "g-authors-idx", "ON", "HASH", "PREFIX", "1", "author:details",
                    "FILTER", "startswith(@name, \"G\")", "SCHEMA", "name", "TEXT"));
            assertEquals("OK", ft.q("FT.CREATE", "subtitled-books-idx", "ON", "HASH", "PREFIX", "1", "book:details",
                    "FILTER", "@subtitle != \"\"", "SCHEMA", "title", "TEXT"));
            // the reference's "FILTER SCHEMA ..." example gives FILTER no expression
            assertEquals("(error) Unknown argument `title`", ft.q("FT.CREATE", "books-idx", "ON", "HASH", "PREFIX", "1",
                    "book:details", "FILTER", "SCHEMA", "title", "TEXT", "categories", "TAG", "SEPARATOR", ";"));
            assertEquals("OK", ft.q("FT.CREATE", "jidx", "ON", "JSON", "SCHEMA", "$.title", "AS", "title", "TEXT",
                    "$.categories", "AS", "categories", "TAG"));
            assertEquals("(error) Index already exists", ft.q("FT.CREATE", "idx", "SCHEMA", "t", "TEXT"));
            // the indexes do what the filters say
            ft.q("HSET", "author:details:1", "name", "Gabriel");
            ft.q("HSET", "author:details:2", "name", "Ann");
            assertEquals("[1, \"author:details:1\"]", ft.q("FT.SEARCH", "g-authors-idx", "*", "NOCONTENT"));
            ft.q("HSET", "book:details:1", "title", "A", "subtitle", "");
            ft.q("HSET", "book:details:2", "title", "B", "subtitle", "sub");
            assertEquals("[1, \"book:details:2\"]", ft.q("FT.SEARCH", "subtitled-books-idx", "*", "NOCONTENT"));
            assertEquals("(error) Cannot create index on db != 0", select1(ft));
        }
    }

    private static String select1(Ft ft) throws Exception {
        ft.q("SELECT", "1");
        String r = ft.q("FT.CREATE", "x", "SCHEMA", "t", "TEXT");
        ft.q("SELECT", "0");
        return r;
    }

    private static void books(Ft ft) throws Exception {
        ft.q("FT.CREATE", "books-idx", "SCHEMA", "title", "TEXT", "published_at", "NUMERIC", "categories", "TAG",
                "description", "TEXT");
        ft.q("HSET", "book:1", "title", "The wizard of space dogs", "published_at", "2020", "categories", "science,fiction");
        ft.q("HSET", "book:2", "title", "Dogs and cats", "published_at", "2019", "categories", "animals");
        ft.q("HSET", "book:3", "title", "Python for wizards", "published_at", "2021", "categories", "programming");
        ft.q("HSET", "book:4", "title", "Space exploration", "published_at", "2018", "categories", "science");
    }

    @Test
    void searchExamples() throws Exception {
        try (Ft ft = connect(2)) {
            books(ft);
            assertEquals("[2, \"book:1\", \"book:3\"]", ft.q("FT.SEARCH", "books-idx", "wizard", "NOCONTENT"));
            assertEquals("[2, \"book:1\", \"book:2\"]", ft.q("FT.SEARCH", "books-idx", "@title:dogs", "NOCONTENT"));
            assertEquals("[2, \"book:1\", \"book:3\"]",
                    ft.q("FT.SEARCH", "books-idx", "@published_at:[2020 2021]", "NOCONTENT"));
            assertEquals("[2, \"book:2\", \"book:1\"]", ft.q("FT.SEARCH", "books-idx",
                    "(@title:dogs | @title:cats) | (@title:dogs) => { $weight: 5.0; }", "NOCONTENT"));
            String explained = ft.q("FT.SEARCH", "books-idx", "dogs", "WITHSCORES", "EXPLAINSCORE", "LIMIT", "0", "1");
            assertTrue(explained.contains("Final TFIDF"), explained);
            assertEquals("[1, \"book:1\"]", ft.q("FT.SEARCH", "books-idx", "@title:(space wizard) @categories:{science}",
                    "NOCONTENT"));
            assertEquals("[1, \"book:3\", [\"title\", \"Python for wizards\"]]",
                    ft.q("FT.SEARCH", "books-idx", "python", "LIMIT", "0", "10", "RETURN", "1", "title"));
            assertEquals("[1]", ft.q("FT.SEARCH", "books-idx", "python", "LIMIT", "10", "10", "RETURN", "1", "title"));
            assertEquals("[1, \"book:3\", [\"price\", nil]]".replace(", [\"price\", nil]", ", []"),
                    ft.q("FT.SEARCH", "books-idx", "python", "RETURN", "3", "$.book.price", "AS", "price"));
        }
    }

    @Test
    void searchSlopExamples() throws Exception {
        try (Ft ft = connect(2)) {
            assertEquals("OK", ft.q("FT.CREATE", "memes", "SCHEMA", "phrase", "TEXT"));
            assertEquals("1", ft.q("HSET", "s1", "phrase", "hello world"));
            ft.q("HSET", "s2", "phrase", "hello simple world");
            ft.q("HSET", "s3", "phrase", "hello somewhat less simple world");
            ft.q("HSET", "s4", "phrase", "hello complicated yet encouraging problem solving world");
            ft.q("HSET", "s5", "phrase", "hello complicated yet amazingly encouraging problem solving world");
            assertEquals("[5, \"s1\", \"s2\", \"s3\", \"s4\", \"s5\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT"));
            assertEquals("[2, \"s1\", \"s2\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "1"));
            assertEquals("[3, \"s1\", \"s2\", \"s3\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "3"));
            assertEquals("[4, \"s1\", \"s2\", \"s3\", \"s4\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "5"));
            assertEquals("[1, \"s5\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello amazing world)", "NOCONTENT"));
            assertEquals("[2, \"s4\", \"s5\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello encouraged world)", "NOCONTENT", "SLOP", "5"));
            assertEquals("[1, \"s4\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello encouraged world)", "NOCONTENT", "SLOP", "4"));
            assertEquals("[1, \"s5\"]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)", "NOCONTENT"));
            assertEquals("[0]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)", "NOCONTENT", "INORDER"));
            assertEquals("[0]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)=>{$inorder: true;}", "NOCONTENT"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void jsonMultiValueReturns(int protocol) throws Exception {
        try (Ft ft = connect(protocol)) {
            assertEquals("OK", ft.q("JSON.SET", "doc:1", "$", "[{\"arr\": [1, 2, 3]}, {\"val\": \"hello\"}, {\"val\": \"world\"}]"));
            assertEquals("OK", ft.q("FT.CREATE", "idx", "ON", "JSON", "PREFIX", "1", "doc:", "SCHEMA", "$..arr", "AS", "arr",
                    "NUMERIC", "$..val", "AS", "val", "TEXT"));
            if (protocol == 2) {
                assertEquals("[1, \"doc:1\", [\"arr\", \"[1,2,3]\", \"val\", \"hello\"]]",
                        ft.q("FT.SEARCH", "idx", "*", "RETURN", "2", "arr", "val"));
                assertEquals("[1, \"doc:1\", [\"arr\", \"[[1,2,3]]\", \"val\", \"[\"hello\",\"world\"]\"]]",
                        ft.q("FT.SEARCH", "idx", "*", "RETURN", "2", "arr", "val", "DIALECT", "3"));
                assertEquals("[1, [\"arr\", \"[1,2,3]\", \"val\", \"hello\"]]",
                        ft.q("FT.AGGREGATE", "idx", "*", "LOAD", "2", "arr", "val"));
                assertEquals("[1, [\"arr\", \"[[1,2,3]]\", \"val\", \"[\"hello\",\"world\"]\"]]",
                        ft.q("FT.AGGREGATE", "idx", "*", "LOAD", "2", "arr", "val", "DIALECT", "3"));
            } else {
                assertEquals("{attributes: [], warning: [], total_results: 1, format: STRING, results: [{id: \"doc:1\", "
                                + "extra_attributes: {\"arr\": \"[1,2,3]\", \"val\": \"hello\"}, values: []}]}",
                        ft.q("FT.SEARCH", "idx", "*", "RETURN", "2", "arr", "val"));
                assertEquals("{attributes: [], warning: [], total_results: 1, format: STRING, results: [{extra_attributes: "
                                + "{\"arr\": \"[1,2,3]\", \"val\": \"hello\"}, values: []}]}",
                        ft.q("FT.AGGREGATE", "idx", "*", "LOAD", "2", "arr", "val"));
            }
        }
    }

    @Test
    void aggregateExamples() throws Exception {
        try (Ft ft = connect(2)) {
            ft.q("FT.CREATE", "idx", "SCHEMA", "url", "TEXT", "timestamp", "NUMERIC", "SORTABLE", "country", "TAG", "SORTABLE");
            ft.q("HSET", "v:1", "url", "about.html", "timestamp", "1700000000", "country", "us");
            ft.q("HSET", "v:2", "url", "about.html", "timestamp", "1700003600", "country", "fr");
            ft.q("HSET", "v:3", "url", "about.html", "timestamp", "1700090000", "country", "us");
            ft.q("HSET", "v:4", "url", "index.html", "timestamp", "1700000000", "country", "us");
            assertEquals("[3, [\"day\", \"1699920000\", \"country\", \"fr\", \"num_visits\", \"1\"], "
                            + "[\"day\", \"1699920000\", \"country\", \"us\", \"num_visits\", \"1\"], "
                            + "[\"day\", \"1700006400\", \"country\", \"us\", \"num_visits\", \"1\"]]",
                    ft.q("FT.AGGREGATE", "idx", "@url:\"about.html\"", "APPLY", "day(@timestamp)", "AS", "day", "GROUPBY", "2",
                            "@day", "@country", "REDUCE", "count", "0", "AS", "num_visits", "SORTBY", "4", "@day", "ASC",
                            "@country", "ASC"));
            ft.q("FT.CREATE", "books-idx", "PREFIX", "1", "b:", "SCHEMA", "published_year", "NUMERIC", "SORTABLE");
            for (int i = 0; i < 7; i++) {
                ft.q("HSET", "b:" + i, "published_year", Integer.toString(2000 + i % 3));
            }
            assertEquals("[1, [\"max_books_published_per_year\", \"3\"]]",
                    ft.q("FT.AGGREGATE", "books-idx", "*", "GROUPBY", "1", "@published_year", "REDUCE", "COUNT", "0", "AS",
                            "num_published", "GROUPBY", "0", "REDUCE", "MAX", "1", "@num_published", "AS",
                            "max_books_published_per_year"));
            ft.q("FT.CREATE", "libraries-idx", "PREFIX", "1", "lib:", "SCHEMA", "location", "GEO");
            ft.q("HSET", "lib:1", "location", "-73.982254,40.753181");
            ft.q("HSET", "lib:2", "location", "-73.9,40.7");
            assertEquals("[2, [\"location\", \"-73.982254,40.753181\", \"geodistance(@location, -73.982254, 40.753181)\", \"0\"], "
                            + "[\"location\", \"-73.9,40.7\", \"geodistance(@location, -73.982254, 40.753181)\", \"9113.66\"]]",
                    ft.q("FT.AGGREGATE", "libraries-idx", "@location:[-73.982254 40.753181 10 km]", "LOAD", "1", "@location",
                            "APPLY", "geodistance(@location, -73.982254, 40.753181)"));
            ft.q("FT.CREATE", "gh", "PREFIX", "1", "e:", "SCHEMA", "actor", "TAG", "SORTABLE");
            String[] actors = {"lombiqbot", "lombiqbot", "lombiqbot", "ogate", "ogate", "gugod"};
            for (int i = 0; i < actors.length; i++) {
                ft.q("HSET", "e:" + i, "actor", actors[i]);
            }
            assertEquals("[3, [\"actor\", \"lombiqbot\", \"num\", \"3\"], [\"actor\", \"ogate\", \"num\", \"2\"]]",
                    ft.q("FT.AGGREGATE", "gh", "*", "GROUPBY", "1", "@actor", "REDUCE", "COUNT", "0", "AS", "num", "SORTBY",
                            "2", "@num", "DESC", "MAX", "2"));
        }
    }

    @Test
    void cursors() throws Exception {
        try (Ft ft = connect(2)) {
            ft.q("FT.CREATE", "idx", "SCHEMA", "n", "NUMERIC", "SORTABLE");
            for (int i = 0; i < 5; i++) {
                ft.q("HSET", "k" + i, "n", Integer.toString(i));
            }
            String first = ft.q("FT.AGGREGATE", "idx", "*", "LOAD", "1", "@n", "SORTBY", "2", "@n", "ASC", "WITHCURSOR",
                    "COUNT", "2");
            assertTrue(first.startsWith("[[5, [\"n\", \"0\"], [\"n\", \"1\"]], "), first);
            String id = first.substring(first.lastIndexOf(", ") + 2, first.length() - 1);
            assertEquals("[[5, [\"n\", \"2\"], [\"n\", \"3\"]], " + id + "]", ft.q("FT.CURSOR", "READ", "idx", id));
            assertEquals("[[5, [\"n\", \"4\"]], 0]", ft.q("FT.CURSOR", "READ", "idx", id, "COUNT", "50"));
            assertEquals("(error) Cursor not found, id: " + id, ft.q("FT.CURSOR", "READ", "idx", id));
            String second = ft.q("FT.AGGREGATE", "idx", "*", "WITHCURSOR", "COUNT", "1");
            String id2 = second.substring(second.lastIndexOf(", ") + 2, second.length() - 1);
            assertEquals("OK", ft.q("FT.CURSOR", "DEL", "idx", id2));
            assertEquals("(error) Cursor does not exist", ft.q("FT.CURSOR", "DEL", "idx", id2));
        }
    }

    @Test
    void explain() throws Exception {
        try (Ft ft = connect(2)) {
            ft.q("FT.CREATE", "rd", "SCHEMA", "t", "TEXT", "date", "NUMERIC");
            // the reference prints dialect 1's grouping; dialect 2 binds juxtaposition tighter than |
            assertEquals("\"UNION {\n  INTERSECT {\n    UNION {\n      foo\n      +foo(expanded)\n    }\n    UNION {\n"
                            + "      bar\n      +bar(expanded)\n    }\n  }\n  INTERSECT {\n    INTERSECT {\n      UNION {\n"
                            + "        hello\n        +hello(expanded)\n      }\n      UNION {\n        world\n"
                            + "        +world(expanded)\n      }\n    }\n    NUMERIC {100.000000 <= @date <= 200.000000}\n"
                            + "  }\n  NUMERIC {500.000000 <= @date <= inf}\n}\n\"",
                    ft.q("FT.EXPLAIN", "rd", "(foo bar)|(hello world) @date:[100 200]|@date:[500 +inf]"));
            assertEquals("[\"INTERSECT {\", \"  UNION {\", \"    INTERSECT {\", \"      UNION {\", \"        foo\", "
                            + "\"        +foo(expanded)\", \"      }\", \"      UNION {\", \"        bar\", "
                            + "\"        +bar(expanded)\", \"      }\", \"    }\", \"    INTERSECT {\", \"      UNION {\", "
                            + "\"        hello\", \"        +hello(expanded)\", \"      }\", \"      UNION {\", "
                            + "\"        world\", \"        +world(expanded)\", \"      }\", \"    }\", \"  }\", "
                            + "\"  UNION {\", \"    NUMERIC {100.000000 <= @date <= 200.000000}\", "
                            + "\"    NUMERIC {500.000000 <= @date <= inf}\", \"  }\", \"}\", \"\"]",
                    ft.q("FT.EXPLAINCLI", "rd", "((foo bar)|(hello world)) (@date:[100 200]|@date:[500 +inf])"));
            // a field restriction prefixes every node it applies to, the expanded forms included
            assertEquals("\"@t:UNION {\n  @t:hello\n  @t:+hello(expanded)\n}\n\"", ft.q("FT.EXPLAIN", "rd", "@t:hello"));
        }
    }

    @Test
    void spellcheckAndDictionaries() throws Exception {
        try (Ft ft = connect(2)) {
            ft.q("FT.CREATE", "idx", "SCHEMA", "t", "TEXT");
            ft.q("HSET", "d1", "t", "hello");
            ft.q("HSET", "d2", "t", "hello");
            ft.q("HSET", "d3", "t", "help");
            assertEquals("[[\"TERM\", \"held\", [[\"0.66666666666666663\", \"hello\"], [\"0.33333333333333331\", \"help\"]]]]",
                    ft.q("FT.SPELLCHECK", "idx", "held", "DISTANCE", "2"));
            assertEquals("3", ft.q("FT.DICTADD", "dict", "foo", "bar", "hello world"));
            assertEquals("[\"bar\", \"foo\", \"hello world\"]", ft.q("FT.DICTDUMP", "dict"));
            assertEquals("2", ft.q("FT.DICTDEL", "dict", "foo", "bar"));
            assertEquals("0", ft.q("FT.DICTDEL", "dict", "nope"));
            ft.q("FT.DICTADD", "names", "heldi");
            assertEquals("[[\"TERM\", \"held\", [[\"0.66666666666666663\", \"hello\"], [\"0.33333333333333331\", \"help\"], "
                    + "[\"0\", \"heldi\"]]]]", ft.q("FT.SPELLCHECK", "idx", "held", "DISTANCE", "2", "TERMS", "INCLUDE", "names"));
            assertEquals("[[\"TERM\", \"held\", [[\"0.66666666666666663\", \"hello\"]]]]",
                    ft.q("FT.DICTADD", "ex", "help").equals("1")
                            ? ft.q("FT.SPELLCHECK", "idx", "held", "DISTANCE", "2", "TERMS", "EXCLUDE", "ex") : "");
            assertEquals("[]", ft.q("FT.SPELLCHECK", "idx", "hello"));
        }
    }

    @Test
    void suggestions() throws Exception {
        try (Ft ft = connect(2)) {
            assertEquals("1", ft.q("FT.SUGADD", "sug", "hello", "1"));
            assertEquals("2", ft.q("FT.SUGADD", "sug", "hell", "1"));
            assertEquals("[\"hell\", \"2147483648\", \"hello\", \"0.70710676908493042\"]",
                    ft.q("FT.SUGGET", "sug", "hell", "FUZZY", "MAX", "3", "WITHSCORES"));
            assertEquals("3", ft.q("FT.SUGADD", "sug", "help", "2", "PAYLOAD", "pl"));
            assertEquals("[\"help\", \"pl\", \"hell\", nil, \"hello\", nil]",
                    ft.q("FT.SUGGET", "sug", "he", "WITHPAYLOADS"));
            assertEquals("3", ft.q("FT.SUGLEN", "sug"));
            assertEquals("1", ft.q("FT.SUGDEL", "sug", "help"));
            assertEquals("0", ft.q("FT.SUGDEL", "sug", "help"));
            assertEquals("2", ft.q("FT.SUGLEN", "sug"));
            assertEquals("trietype0", ft.q("TYPE", "sug"));
            ft.q("SET", "str", "x");
            assertEquals("(error) WRONGTYPE Operation against a key holding the wrong kind of value",
                    ft.q("FT.SUGADD", "str", "a", "1"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void synonymsTagsConfigAliases(int protocol) throws Exception {
        try (Ft ft = connect(protocol)) {
            ft.q("FT.CREATE", "idx", "SCHEMA", "t", "TEXT", "myTag", "TAG", "CASESENSITIVE");
            assertEquals("OK", ft.q("FT.SYNUPDATE", "idx", "synonym1", "hello", "hi", "shalom"));
            assertEquals("OK", ft.q("FT.SYNUPDATE", "idx", "synonym2", "shalom"));
            String dump = ft.q("FT.SYNDUMP", "idx");
            if (protocol == 2) {
                assertEquals("[\"hello\", [\"synonym1\"], \"hi\", [\"synonym1\"], \"shalom\", [\"synonym1\", \"synonym2\"]]", dump);
            } else {
                assertEquals("{\"hello\": [\"synonym1\"], \"hi\": [\"synonym1\"], \"shalom\": [\"synonym1\", \"synonym2\"]}", dump);
            }
            ft.q("HSET", "d1", "t", "shalom friend", "myTag", "Hello");
            ft.q("HSET", "d2", "t", "hi there", "myTag", "World");
            String hits = ft.q("FT.SEARCH", "idx", "hello", "NOCONTENT");
            assertTrue(hits.contains("d1") && hits.contains("d2"), hits);
            assertEquals("[\"Hello\", \"World\"]", ft.q("FT.TAGVALS", "idx", "myTag"));
            assertEquals("OK", ft.q("FT.CONFIG", "SET", "TIMEOUT", "42"));
            assertEquals(protocol == 2 ? "[[\"TIMEOUT\", \"42\"]]" : "{\"TIMEOUT\": \"42\"}",
                    ft.q("FT.CONFIG", "GET", "TIMEOUT"));
            String all = ft.q("FT.CONFIG", "GET", "*");
            assertTrue(all.contains("\"MAXEXPANSIONS\"") && all.contains("\"ON_TIMEOUT\""), all);
            ft.q("FT.CONFIG", "SET", "TIMEOUT", "500");
            assertEquals("OK", ft.q("FT.ALIASADD", "alias", "idx"));
            assertEquals("(error) Alias already exists", ft.q("FT.ALIASADD", "alias", "idx"));
            assertTrue(ft.q("FT.SEARCH", "alias", "hello", "NOCONTENT").contains("d1"));
            ft.q("FT.CREATE", "idx2", "SCHEMA", "t", "TEXT");
            assertEquals("OK", ft.q("FT.ALIASUPDATE", "alias", "idx2"));
            assertTrue(ft.q("FT.SEARCH", "alias", "*", "NOCONTENT").startsWith(protocol == 2 ? "[2" : "{"));
            assertEquals("OK", ft.q("FT.ALIASDEL", "alias"));
            assertEquals("(error) Alias does not exist", ft.q("FT.ALIASDEL", "alias"));
            assertEquals(protocol == 2 ? "[\"idx\", \"idx2\"]" : "[\"idx\", \"idx2\"]", ft.q("FT._LIST"));
            assertEquals("OK", ft.q("FT.ALTER", "idx", "SCHEMA", "ADD", "extra", "TEXT"));
            ft.q("HSET", "d3", "extra", "zebra");
            assertEquals(protocol == 2 ? "[1, \"d3\"]" : "{attributes: [], warning: [], total_results: 1, format: STRING, "
                    + "results: [{id: \"d3\", values: []}]}", ft.q("FT.SEARCH", "idx", "@extra:zebra", "NOCONTENT"));
            assertEquals("OK", ft.q("FT.DROPINDEX", "idx2"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void infoAndProfile(int protocol) throws Exception {
        try (Ft ft = connect(protocol)) {
            ft.q("FT.CREATE", "idx", "STOPWORDS", "3", "tlv", "summer", "2020", "SCHEMA", "title", "TEXT", "SORTABLE",
                    "body", "TEXT", "id", "NUMERIC", "subject location", "GEO");
            ft.q("HSET", "doc1", "title", "hello world", "body", "b", "id", "1");
            String info = ft.q("FT.INFO", "idx");
            for (String f : new String[] {"index_name", "index_options", "index_definition", "attributes", "num_docs",
                "max_doc_id", "num_terms", "num_records", "inverted_sz_mb", "vector_index_sz_mb",
                "total_inverted_index_blocks", "offset_vectors_sz_mb", "doc_table_size_mb", "sortable_values_size_mb",
                "key_table_size_mb", "records_per_doc_avg", "bytes_per_record_avg", "offsets_per_term_avg",
                "offset_bits_per_record_avg", "hash_indexing_failures", "indexing", "percent_indexed",
                "number_of_uses", "gc_stats", "cursor_stats", "stopwords_list", "dialect_stats"}) {
                assertTrue(info.contains(f), f + " in " + info);
            }
            assertTrue(info.contains("[\"tlv\", \"summer\", \"2020\"]"), info);
            assertTrue(info.contains(protocol == 2 ? "[identifier, \"subject location\", attribute, \"subject location\", type, \"GEO\"]"
                    : "{identifier: \"subject location\", attribute: \"subject location\", type: \"GEO\", flags: []}"), info);
            // a document that cannot be indexed is counted, with the reason and the key, overall and per field
            ft.q("HSET", "doc2", "title", "x", "id", "abc");
            info = ft.q("FT.INFO", "idx");
            String errors = protocol == 2
                    ? "[indexing failures, 1, last indexing error, \"Invalid numeric value: 'abc'\", "
                    + "last indexing error key, \"doc2\"]"
                    : "{indexing failures: 1, last indexing error: \"Invalid numeric value: 'abc'\", "
                    + "last indexing error key: \"doc2\"}";
            assertTrue(info.contains("Index Errors" + (protocol == 2 ? ", " : ": ") + errors), info);
            assertTrue(info.contains("attribute" + (protocol == 2 ? ", " : ": ") + "\"id\"" + (protocol == 2 ? ", " : ", ")
                    + "Index Errors" + (protocol == 2 ? ", " : ": ") + errors), info);
            assertTrue(info.contains("attribute" + (protocol == 2 ? ", " : ": ") + "\"title\"" + (protocol == 2 ? ", " : ", ")
                    + "Index Errors" + (protocol == 2 ? ", [indexing failures, 0" : ": {indexing failures: 0")), info);
            ft.q("DEL", "doc2");
            String prof = ft.q("FT.PROFILE", "idx", "SEARCH", "QUERY", "hello world");
            if (protocol == 2) {
                assertTrue(prof.startsWith("[[1, \"doc1\", [\"title\", \"hello world\", \"body\", \"b\", \"id\", \"1\"]], "
                        + "[[Total profile time, \""), prof);
                assertTrue(prof.contains("[Iterators profile, [Type, INTERSECT, Time, \""), prof);
                assertTrue(prof.contains("Child iterators, [Type, TEXT, Term, \"hello\", Time, \""), prof);
                assertTrue(prof.contains("[Result processors profile, [Type, Index, Time, \""), prof);
                assertTrue(prof.contains("[Type, Loader, Time, \""), prof);
            } else {
                assertTrue(prof.startsWith("{Results: {attributes: []"), prof);
                assertTrue(prof.contains("Profile: {Total profile time: (double) "), prof);
            }
        }
    }

    @Test
    void errors() throws Exception {
        try (Ft ft = connect(2)) {
            ft.q("FT.CREATE", "idx", "SCHEMA", "t", "TEXT", "n", "NUMERIC", "v", "VECTOR", "FLAT", "6", "TYPE", "FLOAT32",
                    "DIM", "2", "DISTANCE_METRIC", "L2");
            assertEquals("(error) No schema found", ft.q("FT.CREATE", "x", "ON", "HASH", "PREFIX", "1", "a:"));
            assertEquals("(error) Unknown argument `FOO`", ft.q("FT.CREATE", "x", "FOO", "SCHEMA", "t", "TEXT"));
            assertEquals("(error) Invalid field type for field `t`", ft.q("FT.CREATE", "x", "SCHEMA", "t", "TEXTUAL"));
            assertEquals("(error) Duplicate field in schema - t", ft.q("FT.CREATE", "x", "SCHEMA", "t", "TEXT", "t", "TAG"));
            assertEquals("(error) Bad arguments for vector similarity number of parameters: Expected an argument, but none provided",
                    ft.q("FT.CREATE", "x", "SCHEMA", "v", "VECTOR", "FLAT"));
            assertEquals("(error) Missing mandatory parameter: cannot create FLAT index without specifying TYPE argument",
                    ft.q("FT.CREATE", "x", "SCHEMA", "v", "VECTOR", "FLAT", "4", "DIM", "1024", "DISTANCE_METRIC", "IP"));
            assertEquals("(error) Unknown argument `FOO` at position 1 for <main>", ft.q("FT.SEARCH", "idx", "x", "FOO"));
            assertEquals("(error) EXPLAINSCORE must be accompanied with WITHSCORES",
                    ft.q("FT.SEARCH", "idx", "x", "EXPLAINSCORE"));
            assertEquals("(error) LIMIT needs two numeric arguments", ft.q("FT.SEARCH", "idx", "x", "LIMIT", "a", "b"));
            assertEquals("(error) Property `nope` not loaded nor in schema", ft.q("FT.SEARCH", "idx", "x", "SORTBY", "nope"));
            assertEquals("(error) Parameters must be specified in PARAM VALUE pairs",
                    ft.q("FT.SEARCH", "idx", "x", "PARAMS", "1", "a"));
            assertEquals("(error) No such parameter `b`", ft.q("FT.SEARCH", "idx", "$b", "PARAMS", "2", "a", "1"));
            assertEquals("(error) Syntax error at offset 6 near ]", ft.q("FT.SEARCH", "idx", "@n:[1]]"));
            assertEquals("(error) Error parsing vector similarity query: query vector blob size (3) does not match index's "
                    + "expected size (8).", ft.q("FT.SEARCH", "idx", "*=>[KNN 2 @v $b]", "PARAMS", "2", "b", "abc"));
            assertEquals("(error) Property `t` already exists in schema",
                    ft.q("FT.SEARCH", "idx", "*=>[KNN 2 @v $b AS t]", "PARAMS", "2", "b", "abcdefgh"));
            assertEquals("(error) No such reducer: NOPE", ft.q("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "@n", "REDUCE",
                    "NOPE", "0"));
            assertEquals("(error) Bad arguments for GROUPBY: Unknown property `n`. Did you mean `@n`?",
                    ft.q("FT.AGGREGATE", "idx", "*", "GROUPBY", "1", "n"));
            assertEquals("(error) Property `zz` not loaded nor in schema",
                    ft.q("FT.AGGREGATE", "idx", "*", "APPLY", "@zz*2", "AS", "y"));
            assertEquals("(error) Unknown Index name", ft.q("FT.INFO", "nope"));
            assertEquals("(error) nope: no such index", ft.q("FT.AGGREGATE", "nope", "*"));
            assertEquals("(error) ERR wrong number of arguments for 'ft.search' command", ft.q("FT.SEARCH", "idx"));
        }
    }
}
