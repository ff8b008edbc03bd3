package io.sockudo.kv.types.stack.json;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every example of the RedisJSON command reference, replayed on the handlers in RESP2 and RESP3
 * (the reference shows RESP2; RESP3 differs where RedisJSON's RESP3 replies do: nulls, JSON.TYPE
 * wrapped in an array, JSON.NUMINCRBY/NUMMULTBY as arrays of numbers).
 */
class DocsExamplesTest {
    private final FakeContext c = new FakeContext();

    /** The RESP3 form of a RESP2 reply text: nulls become {@code _}. */
    private String nulls(String resp2) {
        return c.protocol == 3 ? resp2.replace("$-1\r\n", "_\r\n").replace("*-1\r\n", "_\r\n") : resp2;
    }

    private void proto(int protocol) {
        c.protocol = protocol;
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    private static String ints(long... v) {
        StringBuilder sb = new StringBuilder("*" + v.length + "\r\n");
        for (long x : v) {
            sb.append(':').append(x).append("\r\n");
        }
        return sb.toString();
    }

    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void set(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2}"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$.a", "3"));
        assertEquals(bulk("[{\"a\":3}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2}"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$.b", "8"));
        assertEquals(bulk("[{\"a\":2,\"b\":8}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"f1\": {\"a\":1}, \"f2\":{\"a\":2}}"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$..a", "3"));
        assertEquals(bulk("{\"f1\":{\"a\":3},\"f2\":{\"a\":3}}"), c.run("JSON.GET", "doc"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void get(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2, \"b\": 3, \"nested\": {\"a\": 4, \"b\": null}}"));
        assertEquals(bulk("[3,null]"), c.run("JSON.GET", "doc", "$..b"));
        assertEquals(bulk("{\"..a\":[2,4],\"$..b\":[3,null]}"), c.run("JSON.GET", "doc", "..a", "$..b"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void mget(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc1", "$", "{\"a\":1, \"b\": 2, \"nested\": {\"a\": 3}, \"c\": null}"));
        assertEquals(OK, c.run("JSON.SET", "doc2", "$", "{\"a\":4, \"b\": 5, \"nested\": {\"a\": 6}, \"c\": null}"));
        assertEquals("*2\r\n" + bulk("[1,3]") + bulk("[4,6]"), c.run("JSON.MGET", "doc1", "doc2", "$..a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void mset(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.MSET", "doc1", "$", "{\"a\":2}", "doc3", "$", "{\"f1\": {\"a\":1}, \"f2\":{\"a\":2}}"));
        assertEquals(bulk("[{\"a\":2}]"), c.run("JSON.GET", "doc1", "$"));
        assertEquals(bulk("{\"f1\":{\"a\":1},\"f2\":{\"a\":2}}"), c.run("JSON.GET", "doc3"));
        assertEquals(OK, c.run("JSON.MSET", "doc1", "$.f", "{\"a\":3}", "doc3", "$..a", "3"));
        assertEquals(bulk("[{\"a\":2,\"f\":{\"a\":3}}]"), c.run("JSON.GET", "doc1", "$"));
        assertEquals(bulk("{\"f1\":{\"a\":3},\"f2\":{\"a\":3}}"), c.run("JSON.GET", "doc3"));
        assertEquals("-ERR new objects must be created at the root\r\n", c.run("JSON.MSET", "doc2", "$.f.a", "3"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void merge(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2}"));
        assertEquals(OK, c.run("JSON.MERGE", "doc", "$.b", "8"));
        assertEquals(bulk("[{\"a\":2,\"b\":8}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2}"));
        assertEquals(OK, c.run("JSON.MERGE", "doc", "$.a", "3"));
        assertEquals(bulk("[{\"a\":3}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2}"));
        assertEquals(OK, c.run("JSON.MERGE", "doc", "$.a", "null"));
        assertEquals(bulk("[{}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[2,4,6,8]}"));
        assertEquals(OK, c.run("JSON.MERGE", "doc", "$.a", "[10,12]"));
        assertEquals(bulk("[{\"a\":[10,12]}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"f1\": {\"a\":1}, \"f2\":{\"a\":2}}"));
        assertEquals(bulk("{\"f1\":{\"a\":1},\"f2\":{\"a\":2}}"), c.run("JSON.GET", "doc"));
        assertEquals(OK, c.run("JSON.MERGE", "doc", "$", "{\"f1\": null, \"f2\":{\"a\":3, \"b\":4}, \"f3\":[2,4,6]}"));
        assertEquals(bulk("{\"f2\":{\"a\":3,\"b\":4},\"f3\":[2,4,6]}"), c.run("JSON.GET", "doc"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void del(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\": 1, \"nested\": {\"a\": 2, \"b\": 3}}"));
        assertEquals(":2\r\n", c.run("JSON.DEL", "doc", "$..a"));
        assertEquals(bulk("[{\"nested\":{\"b\":3}}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\": 1, \"nested\": {\"a\": 2, \"b\": 3}}"));
        assertEquals(":2\r\n", c.run("JSON.FORGET", "doc", "$..a"));
        assertEquals(":1\r\n", c.run("JSON.FORGET", "doc"));
        assertEquals(nulls(NIL), c.run("JSON.GET", "doc"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void clear(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"obj\":{\"a\":1, \"b\":2}, \"arr\":[1,2,3], \"str\": \"foo\", \"bool\": true, \"int\": 42, \"float\": 3.14}"));
        assertEquals(":4\r\n", c.run("JSON.CLEAR", "doc", "$.*"));
        assertEquals(bulk("[{\"obj\":{},\"arr\":[],\"str\":\"foo\",\"bool\":true,\"int\":0,\"float\":0}]"), c.run("JSON.GET", "doc", "$"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void toggle(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"bool\": true}"));
        assertEquals(ints(0), c.run("JSON.TOGGLE", "doc", "$.bool"));
        assertEquals(bulk("[{\"bool\":false}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(ints(1), c.run("JSON.TOGGLE", "doc", "$.bool"));
        assertEquals(bulk("[{\"bool\":true}]"), c.run("JSON.GET", "doc", "$"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void numincrbyAndMultby(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", ".", "{\"a\":\"b\",\"b\":[{\"a\":2}, {\"a\":5}, {\"a\":\"c\"}]}"));
        assertEquals(protocol == 2 ? bulk("[null]") : "*1\r\n_\r\n", c.run("JSON.NUMINCRBY", "doc", "$.a", "2"));
        assertEquals(protocol == 2 ? bulk("[null,4,7,null]") : "*4\r\n_\r\n:4\r\n:7\r\n_\r\n", c.run("JSON.NUMINCRBY", "doc", "$..a", "2"));
        assertEquals(OK, c.run("JSON.SET", "doc", ".", "{\"a\":\"b\",\"b\":[{\"a\":2}, {\"a\":5}, {\"a\":\"c\"}]}"));
        assertEquals(protocol == 2 ? bulk("[null]") : "*1\r\n_\r\n", c.run("JSON.NUMMULTBY", "doc", "$.a", "2"));
        assertEquals(protocol == 2 ? bulk("[null,4,10,null]") : "*4\r\n_\r\n:4\r\n:10\r\n_\r\n", c.run("JSON.NUMMULTBY", "doc", "$..a", "2"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void strappendAndStrlen(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":\"foo\", \"nested\": {\"a\": \"hello\"}, \"nested2\": {\"a\": 31}}"));
        assertEquals(nulls("*3\r\n:6\r\n:8\r\n$-1\r\n"), c.run("JSON.STRAPPEND", "doc", "$..a", "\"baz\""));
        assertEquals(bulk("[{\"a\":\"foobaz\",\"nested\":{\"a\":\"hellobaz\"},\"nested2\":{\"a\":31}}]"), c.run("JSON.GET", "doc", "$"));
        assertEquals(nulls("*3\r\n:6\r\n:8\r\n$-1\r\n"), c.run("JSON.STRLEN", "doc", "$..a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void arrays(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[1,2,3,2], \"nested\": {\"a\": [3,4]}}"));
        assertEquals(ints(1, -1), c.run("JSON.ARRINDEX", "doc", "$..a", "2"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[1,2,3,2], \"nested\": {\"a\": false}}"));
        assertEquals(nulls("*2\r\n:1\r\n$-1\r\n"), c.run("JSON.ARRINDEX", "doc", "$..a", "2"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[3], \"nested\": {\"a\": [3,4]}}"));
        assertEquals(ints(1, 2), c.run("JSON.ARRLEN", "doc", "$..a"));
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[1,2,3,2], \"nested\": {\"a\": false}}"));
        assertEquals(nulls("*2\r\n:4\r\n$-1\r\n"), c.run("JSON.ARRLEN", "doc", "$..a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void arrpopInsertTrim(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "key", "$", "[{\"name\":\"Healthy headphones\",\"description\":\"Wireless Bluetooth headphones with noise-cancelling technology\",\"connection\":{\"wireless\":true,\"type\":\"Bluetooth\"},\"price\":99.98,\"stock\":25,\"colors\":[\"black\",\"silver\"],\"max_level\":[60,70,80]},{\"name\":\"Noisy headphones\",\"description\":\"Wireless Bluetooth headphones with noise-cancelling technology\",\"connection\":{\"wireless\":true,\"type\":\"Bluetooth\"},\"price\":99.98,\"stock\":25,\"colors\":[\"black\",\"silver\"],\"max_level\":[80,90,100,120]}]"));
        assertEquals(bulk("[[80,90,100,120]]"), c.run("JSON.GET", "key", "$.[1].max_level"));
        assertEquals("*1\r\n" + bulk("80"), c.run("JSON.ARRPOP", "key", "$.[1].max_level", "0"));
        assertEquals(bulk("[[90,100,120]]"), c.run("JSON.GET", "key", "$.[1].max_level"));
        assertEquals(ints(4), c.run("JSON.ARRINSERT", "key", "$.[1].max_level", "0", "85"));
        assertEquals(bulk("[[85,90,100,120]]"), c.run("JSON.GET", "key", "$.[1].max_level"));
        assertEquals(ints(12), c.run("JSON.ARRAPPEND", "key", "$.[1].max_level", "200", "300", "400", "500", "600", "700", "800", "1000"));
        assertEquals(bulk("[[85,90,100,120,200,300,400,500,600,700,800,1000]]"), c.run("JSON.GET", "key", "$.[1].max_level"));
        assertEquals(ints(5), c.run("JSON.ARRTRIM", "key", "$.[1].max_level", "4", "8"));
        assertEquals(bulk("[[200,300,400,500,600]]"), c.run("JSON.GET", "key", "$.[1].max_level"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void arrappendAndInsert(int protocol) {
        proto(protocol);
        String doc = "{\"name\":\"Noise-cancelling Bluetooth headphones\",\"description\":\"Wireless Bluetooth headphones with noise-cancelling technology\",\"connection\":{\"wireless\":true,\"type\":\"Bluetooth\"},\"price\":99.98,\"stock\":25,\"colors\":[\"black\",\"silver\"]}";
        assertEquals(OK, c.run("JSON.SET", "item:1", "$", doc));
        assertEquals(ints(3), c.run("JSON.ARRAPPEND", "item:1", "$.colors", "\"blue\""));
        assertEquals(bulk(doc.replace("\"silver\"]", "\"silver\",\"blue\"]")), c.run("JSON.GET", "item:1"));
        assertEquals(bulk("[\"black\",\"silver\",\"blue\"]"), c.run("JSON.GET", "item:1", "$.colors[*]"));
        assertEquals(ints(5), c.run("JSON.ARRINSERT", "item:1", "$.colors", "2", "\"yellow\"", "\"gold\""));
        assertEquals(bulk("[[\"black\",\"silver\",\"yellow\",\"gold\",\"blue\"]]"), c.run("JSON.GET", "item:1", "$.colors"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void objects(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":[3], \"nested\": {\"a\": {\"b\":2, \"c\": 1}}}"));
        assertEquals(nulls("*2\r\n$-1\r\n*2\r\n" + bulk("b") + bulk("c")), c.run("JSON.OBJKEYS", "doc", "$..a"));
        assertEquals(nulls("*2\r\n$-1\r\n:2\r\n"), c.run("JSON.OBJLEN", "doc", "$..a"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void type(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "doc", "$", "{\"a\":2, \"nested\": {\"a\": true}, \"foo\": \"bar\"}"));
        String wrap = protocol == 3 ? "*1\r\n" : "";
        assertEquals(wrap + "*1\r\n" + bulk("string"), c.run("JSON.TYPE", "doc", "$..foo"));
        assertEquals(wrap + "*2\r\n" + bulk("integer") + bulk("boolean"), c.run("JSON.TYPE", "doc", "$..a"));
        assertEquals(wrap + "*0\r\n", c.run("JSON.TYPE", "doc", "$..dummy"));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void respAndDebug(int protocol) {
        proto(protocol);
        assertEquals(OK, c.run("JSON.SET", "item:2", "$", "{\"name\":\"Wireless earbuds\",\"description\":\"Wireless Bluetooth in-ear headphones\",\"connection\":{\"wireless\":true,\"type\":\"Bluetooth\"},\"price\":64.99,\"stock\":17,\"colors\":[\"black\",\"white\"], \"max_level\":[80, 100, 120]}"));
        String expected = "*15\r\n+{\r\n" + bulk("name") + bulk("Wireless earbuds") + bulk("description")
                + bulk("Wireless Bluetooth in-ear headphones") + bulk("connection")
                + "*5\r\n+{\r\n" + bulk("wireless") + "+true\r\n" + bulk("type") + bulk("Bluetooth")
                + bulk("price") + (protocol == 2 ? bulk("64.989999999999995") : ",64.989999999999995\r\n") + bulk("stock") + ":17\r\n"
                + bulk("colors") + "*3\r\n+[\r\n" + bulk("black") + bulk("white")
                + bulk("max_level") + "*4\r\n+[\r\n:80\r\n:100\r\n:120\r\n";
        assertEquals(expected, c.run("JSON.RESP", "item:2"));
        String mem = c.run("JSON.DEBUG", "MEMORY", "item:2");
        long bytes = Long.parseLong(mem.substring(1, mem.length() - 2));
        // the document's compact text is 206 bytes; the stored form is smaller
        assertEquals(true, bytes > 100 && bytes < 260, mem);
        assertEquals("*2\r\n" + bulk("MEMORY <key> [path] - reports memory usage") + bulk("HELP                - this message"),
                c.run("JSON.DEBUG", "HELP"));
    }
}
