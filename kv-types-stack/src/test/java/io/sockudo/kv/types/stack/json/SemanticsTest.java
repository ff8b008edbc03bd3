package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.KvValue;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RedisJSON's rules beyond the reference examples: legacy paths, numbers, strings, errors, RESP3, events. */
class SemanticsTest {
    private final FakeContext c = new FakeContext();
    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";

    private static String bulk(String s) {
        return "$" + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    private String get(String key, String... paths) {
        String[] a = new String[2 + paths.length];
        a[0] = "JSON.GET";
        a[1] = key;
        System.arraycopy(paths, 0, a, 2, paths.length);
        String r = c.run(a);
        if (!r.startsWith("$") || r.startsWith("$-1")) {
            return r;
        }
        int nl = r.indexOf("\r\n");
        return r.substring(nl + 2, r.length() - 2);
    }

    private String roundTrip(String json) {
        assertEquals(OK, c.run("JSON.SET", "rt", "$", json), json);
        return get("rt");
    }

    @Test
    void numbersKeepTheirKind() {
        assertEquals("1", roundTrip("1"));
        assertEquals("1.0", roundTrip("1.0"));
        assertEquals("100.0", roundTrip("1e2"));
        assertEquals("-0.0", roundTrip("-0"));
        assertEquals("-0.0", roundTrip("-0.0"));
        assertEquals("0", roundTrip("0"));
        assertEquals("9223372036854775807", roundTrip("9223372036854775807"));
        assertEquals("-9223372036854775808", roundTrip("-9223372036854775808"));
        assertEquals("18446744073709551615", roundTrip("18446744073709551615"));
        assertEquals("1.8446744073709552e19", roundTrip("18446744073709551616"));
        assertEquals("-9.223372036854776e18", roundTrip("-9223372036854775809"));
        assertEquals("1e16", roundTrip("1e16"));
        assertEquals("1000000000000000.0", roundTrip("1e15"));
        assertEquals("1.5e-7", roundTrip("0.00000015"));
        assertEquals("0.00001", roundTrip("0.00001"));
        assertEquals("1e-6", roundTrip("0.000001"));
        assertEquals("0.1", roundTrip("0.1"));
        assertEquals("3.14", roundTrip("3.14"));
        assertEquals("1.7976931348623157e308", roundTrip("1.7976931348623157e308"));
        assertEquals("5e-324", roundTrip("4.9e-324"));
        assertEquals("[1,1.0,-1.5,2e22]", roundTrip("[1, 1.0, -1.5, 2E22]"));
        c.run("JSON.SET", "t", "$", "[1,1.0,18446744073709551615,-0]");
        assertEquals("*4\r\n" + bulk("integer") + bulk("number") + bulk("integer") + bulk("number"),
                c.run("JSON.TYPE", "t", "$[*]"));
    }

    @Test
    void numberErrors() {
        assertEquals("-number out of range at line 1 column 1\r\n", c.run("JSON.SET", "n", "$", "1e400"));
        assertEquals("-invalid number at line 1 column 2\r\n", c.run("JSON.SET", "n", "$", "-inf"));
        assertEquals("-expected value at line 1 column 1\r\n", c.run("JSON.SET", "n", "$", "inf"));
        assertEquals("-invalid number at line 1 column 2\r\n", c.run("JSON.SET", "n", "$", "01"));
    }

    @Test
    void numIncrRules() {
        c.run("JSON.SET", "n", "$", "{\"i\":1,\"f\":1.5,\"max\":9223372036854775807,\"u\":18446744073709551615,\"s\":\"x\"}");
        assertEquals(bulk("[3]"), c.run("JSON.NUMINCRBY", "n", "$.i", "2"));
        assertEquals(bulk("[4.0]"), c.run("JSON.NUMINCRBY", "n", "$.i", "1.0"));
        assertEquals(bulk("[2.0]"), c.run("JSON.NUMINCRBY", "n", "$.f", "0.5"));
        assertEquals(bulk("[-9223372036854775808]"), c.run("JSON.NUMINCRBY", "n", "$.max", "1"));
        assertEquals(bulk("[1.8446744073709552e19]"), c.run("JSON.NUMINCRBY", "n", "$.u", "1"));
        assertEquals(bulk("6.0"), c.run("JSON.NUMINCRBY", "n", ".i", "2"));
        assertEquals(bulk("[12.0]"), c.run("JSON.NUMMULTBY", "n", "$.i", "2"));
        assertEquals("-ERR Path '$.s' does not exist or does not contains a number\r\n", c.run("JSON.NUMINCRBY", "n", ".s", "1"));
        assertEquals("-bad input number\r\n", c.run("JSON.NUMINCRBY", "n", "$.i", "\"x\""));
        assertEquals("-expected value at line 1 column 1\r\n", c.run("JSON.NUMINCRBY", "n", "$.i", "abc"));
        assertEquals(bulk("[null]"), c.run("JSON.NUMINCRBY", "n", "$.s", "abc"), "no number: the operand is not read");
        c.run("JSON.SET", "n", "$.f", "1.7976931348623157e308");
        assertEquals("-result is not a number\r\n", c.run("JSON.NUMINCRBY", "n", "$.f", "1.7976931348623157e308"));
        assertEquals("-ERR could not perform this operation on a key that doesn't exist\r\n", c.run("JSON.NUMINCRBY", "missing", "$", "1"));
        c.protocol = 3;
        assertEquals("*2\r\n:13\r\n_\r\n", c.run("JSON.NUMINCRBY", "n", "$[\"i\",\"s\"]", "1").replace(",13\r\n", ":13\r\n"));
    }

    @Test
    void stringsAndEscapes() {
        assertEquals("\"\\u00e9\\u0001\"".length() > 0 ? "\"é\\u0001\\n\\t\\\"\\\\/\"" : "", roundTrip("\"\\u00e9\\u0001\\n\\t\\\"\\\\\\/\""));
        assertEquals("\"😀\"", roundTrip("\"\\ud83d\\ude00\""));
        assertEquals("-lone leading surrogate in hex escape at line 1 column 13\r\n".substring(0, 38),
                c.run("JSON.SET", "s", "$", "\"\\ud83d\\u0041\"").substring(0, 38));
        assertEquals("-control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0\r\n",
                c.run("JSON.SET", "s", "$", "\"\n\""));
        c.run("JSON.SET", "s", "$", "{\"a\":\"héllo\"}");
        assertEquals(":6\r\n", c.run("JSON.STRLEN", "s", ".a"));
        assertEquals(":8\r\n", c.run("JSON.STRAPPEND", "s", ".a", "\"ü\""));
        assertEquals("{\"a\":\"hélloü\"}", get("s"));
        assertEquals("-WRONGTYPE wrong type of path value - expected string but found 1\r\n", c.run("JSON.STRAPPEND", "s", "$.a", "1"));
    }

    @Test
    void rootScalars() {
        c.run("JSON.SET", "rs", "$", "\"ab\"");
        assertEquals(":4\r\n", c.run("JSON.STRAPPEND", "rs", "\"cd\""));
        assertEquals("\"abcd\"", get("rs"));
        assertEquals(":4\r\n", c.run("JSON.STRLEN", "rs"));
        c.run("JSON.SET", "rn", "$", "5");
        assertEquals(bulk("7"), c.run("JSON.NUMINCRBY", "rn", ".", "2"));
        assertEquals(":1\r\n", c.run("JSON.CLEAR", "rn"));
        assertEquals("0", get("rn"));
        assertEquals(":0\r\n", c.run("JSON.DEL", "rn", "$[?(@ > 10)]"));
        assertEquals(bulk("integer"), c.run("JSON.TYPE", "rn"));
    }

    /** The 1 KB document of bench/json-lib.sh: its stored form, object included, is smaller than its compact text. */
    @Test
    void storedFormIsSmallerThanTheText() {
        String doc = "{\"id\":\"5f8d0d55b54764421b7156c3\",\"user\":{\"name\":\"Alice Johnson\",\"email\":\"alice.johnson@example.com\",\"age\":34,\"verified\":true,\"address\":{\"street\":\"42 Wallaby Way\",\"city\":\"Sydney\",\"zip\":\"2000\",\"country\":\"AU\"}},\"stats\":{\"views\":1024,\"likes\":87,\"shares\":12,\"rating\":4.75,\"last_seen\":null},\"tags\":[\"travel\",\"photography\",\"food\",\"hiking\",\"coffee\"],\"items\":[{\"sku\":\"A-1001\",\"title\":\"Waterproof hiking boots\",\"qty\":1,\"price\":129.99,\"in_stock\":true},{\"sku\":\"B-2002\",\"title\":\"Trail running socks, pack of 3\",\"qty\":2,\"price\":24.5,\"in_stock\":true},{\"sku\":\"C-3003\",\"title\":\"Insulated stainless steel bottle\",\"qty\":1,\"price\":34.95,\"in_stock\":false}],\"notes\":\"Prefers morning deliveries; leave parcels with the concierge at the front desk if nobody answers.\",\"created\":\"2024-03-18T09:14:07Z\",\"updated\":\"2024-11-02T17:45:31Z\",\"active\":true,\"score\":98765,\"ratio\":0.8125,\"history\":[{\"event\":\"login\",\"at\":\"2024-11-02T17:40:00Z\"},{\"event\":\"purchase\",\"at\":\"2024-11-02T17:44:12Z\"},{\"event\":\"logout\",\"at\":\"2024-11-02T17:45:31Z\"}],\"flags\":{\"beta\":false,\"newsletter\":true,\"vip\":true}}";
        assertEquals(OK, c.run("JSON.SET", "m", "$", doc));
        JsonValue v = (JsonValue) c.data.get("m");
        assertEquals(1059, doc.length());
        assertTrue(v.memoryUsage() < doc.length(), v.memoryUsage() + " bytes");
        assertEquals(doc, get("m"));
    }

    @Test
    void memberOrderAndDuplicates() {
        assertEquals("{\"z\":1,\"a\":2,\"m\":3}", roundTrip("{\"z\":1,\"a\":2,\"m\":3}"));
        assertEquals("{\"a\":3,\"b\":2}", roundTrip("{\"a\":1,\"b\":2,\"a\":3}"));
        c.run("JSON.SET", "rt", "$.c", "4");
        c.run("JSON.SET", "rt", "$.a", "[1]");
        assertEquals("{\"a\":[1],\"b\":2,\"c\":4}", get("rt"));
    }

    @Test
    void parseErrors() {
        assertEquals("-EOF while parsing an object at line 1 column 1\r\n", c.run("JSON.SET", "e", "$", "{"));
        assertEquals("-EOF while parsing a value at line 1 column 0\r\n", c.run("JSON.SET", "e", "$", ""));
        assertEquals("-trailing characters at line 1 column 3\r\n", c.run("JSON.SET", "e", "$", "1 2"));
        assertEquals("-key must be a string at line 1 column 2\r\n", c.run("JSON.SET", "e", "$", "{1:2}"));
        assertEquals("-trailing comma at line 1 column 4\r\n", c.run("JSON.SET", "e", "$", "[1,]"));
        assertEquals("-expected ident at line 1 column 2\r\n", c.run("JSON.SET", "e", "$", "tx"));
        assertEquals("-expected value at line 2 column 1\r\n", c.run("JSON.SET", "e", "$", "\nx"));
        assertEquals(OK, c.run("JSON.SET", "deep", "$", "[".repeat(127) + "]".repeat(127)));
        assertTrue(c.run("JSON.SET", "deep", "$", "[".repeat(128) + "]".repeat(128)).startsWith("-recursion limit exceeded"));
        assertEquals(NIL, c.run("JSON.GET", "e"), "nothing was stored");
    }

    @Test
    void legacyPaths() {
        c.run("JSON.SET", "l", ".", "{\"a\":{\"b\":[1,2,{\"c\":\"x\"}]},\"k y\":true}");
        assertEquals("{\"b\":[1,2,{\"c\":\"x\"}]}", get("l", ".a"));
        assertEquals("{\"b\":[1,2,{\"c\":\"x\"}]}", get("l", "a"));
        assertEquals("2", get("l", ".a.b[1]"));
        assertEquals("\"x\"", get("l", "a.b[2].c"));
        assertEquals("\"x\"", get("l", "a.b[-1][\"c\"]"));
        assertEquals("true", get("l", "[\"k y\"]"));
        assertEquals("-ERR Path '$.nope' does not exist\r\n", c.run("JSON.GET", "l", ".nope"));
        assertEquals("-ERR Path '$.a.nope' does not exist\r\n", c.run("JSON.GET", "l", "a.nope"));
        assertEquals("{\"a.b[0]\":1,\".a.b[1]\":2}", get("l", "a.b[0]", ".a.b[1]"));
        assertEquals("-ERR Path '.x' does not exist\r\n", c.run("JSON.GET", "l", ".a", ".x"));
        assertEquals(bulk("array"), c.run("JSON.TYPE", "l", ".a.b"));
        assertEquals(NIL, c.run("JSON.TYPE", "l", ".zz"));
        assertEquals(":3\r\n", c.run("JSON.ARRLEN", "l", ".a.b"));
        assertEquals("-ERR Path '.a' does not exist or not an array\r\n", c.run("JSON.ARRLEN", "l", ".a"));
        assertEquals(":1\r\n", c.run("JSON.OBJLEN", "l", ".a"));
        assertEquals("-WRONGTYPE wrong type of path value - expected object but found array\r\n", c.run("JSON.OBJLEN", "l", ".a.b"));
        assertEquals("-ERR Path '$.a.b' does not exist or not an object\r\n", c.run("JSON.OBJKEYS", "l", ".a.b"));
        assertEquals(":4\r\n", c.run("JSON.ARRAPPEND", "l", ".a.b", "3"));
        assertEquals("-ERR Path '.a' does not exist or not an array\r\n", c.run("JSON.ARRAPPEND", "l", ".a", "3"));
        assertEquals(bulk("3"), c.run("JSON.ARRPOP", "l", ".a.b"));
        assertEquals(bulk("1"), c.run("JSON.ARRPOP", "l", ".a.b", "0"));
        assertEquals(bulk("false"), c.run("JSON.TOGGLE", "l", "[\"k y\"]"));
        assertEquals("-ERR Path '$.a' does not exist or not a bool\r\n", c.run("JSON.TOGGLE", "l", ".a"));
        assertEquals(":1\r\n", c.run("JSON.ARRINDEX", "l", ".a.b", "{\"c\":\"x\"}"));
        assertEquals("-WRONGTYPE wrong type of path value - expected array but found object\r\n", c.run("JSON.ARRINDEX", "l", ".a", "1"));
        assertEquals(":1\r\n", c.run("JSON.DEL", "l", ".a.b[0]"));
        assertEquals(":0\r\n", c.run("JSON.DEL", "l", ".nothing"));
    }

    @Test
    void setRules() {
        assertEquals("-ERR new objects must be created at the root\r\n", c.run("JSON.SET", "s", "$.a", "1"));
        assertEquals(NIL, c.run("JSON.SET", "s", "$", "1", "XX"));
        assertEquals(OK, c.run("JSON.SET", "s", "$", "{\"a\":1}", "NX"));
        assertEquals(NIL, c.run("JSON.SET", "s", "$", "{}", "NX"));
        assertEquals(NIL, c.run("JSON.SET", "s", "$.a", "2", "NX"));
        assertEquals(OK, c.run("JSON.SET", "s", "$.a", "2", "XX"));
        assertEquals(NIL, c.run("JSON.SET", "s", "$.b", "2", "XX"));
        assertEquals(OK, c.run("JSON.SET", "s", "$.b", "3", "NX"));
        assertEquals(NIL, c.run("JSON.SET", "s", "$.x.y", "3"));
        assertEquals("-Err wrong static path\r\n", c.run("JSON.SET", "s", "$..x", "3"));
        c.run("JSON.SET", "s", "$.arr", "[1]");
        assertEquals("-ERR array index out of range\r\n", c.run("JSON.SET", "s", "$.arr[5]", "3"));
        assertEquals(OK, c.run("JSON.SET", "s", "$.arr[0]", "3"));
        assertEquals("-ERR syntax error\r\n", c.run("JSON.SET", "s", "$", "1", "NX", "XX"));
        assertEquals("{\"a\":2,\"b\":3,\"arr\":[3]}", get("s"));
        c.data.put("str", new KvValue() {
            public io.sockudo.kv.spi.ValueType type() {
                return null;
            }

            public String encoding() {
                return "raw";
            }

            public long memoryUsage() {
                return 0;
            }

            public KvValue copy() {
                return this;
            }
        });
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.run("JSON.GET", "str"));
        assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.run("JSON.SET", "str", "$.a", "1"));
        assertEquals("*2\r\n$-1\r\n" + bulk("[2]"), c.run("JSON.MGET", "str", "s", "$.a"));
    }

    @Test
    void pathErrors() {
        c.run("JSON.SET", "p", "$", "{\"a\":1}");
        String e = c.run("JSON.GET", "p", "$.a[");
        assertTrue(e.startsWith("-Error occurred on position 4, \"$.a[ <<<<----\""), e);
        e = c.run("JSON.GET", "p", "$.a]");
        assertTrue(e.startsWith("-Error occurred on position 3, \"$.a ---->>>> ]\""), e);
        assertTrue(c.run("JSON.DEL", "p", "$[?(@.a==)]").startsWith("-Error occurred on position"));
        assertTrue(c.run("JSON.GET", "p", "$.").startsWith("-Error occurred on position 2"));
        // the one text of RedisJSON's parser quoted in its documentation
        assertEquals("-Error occurred on position 3, \"$.. <<<<----\", expected one of the following: <string>, '*'.\r\n",
                c.run("JSON.GET", "p", "$.."));
        assertEquals("-ERR Path '$.a' does not exist or not an object\r\n".length() > 0 ? "*0\r\n" : "", c.run("JSON.OBJKEYS", "p", "$.b"));
    }

    @Test
    void formatting() {
        c.run("JSON.SET", "f", "$", "{\"a\":[1,{\"b\":null}],\"c\":{},\"d\":[]}");
        assertEquals("{\n\t\"a\": [\n\t\t1,\n\t\t{\n\t\t\t\"b\": null\n\t\t}\n\t],\n\t\"c\": {},\n\t\"d\": []\n}",
                get("f", "INDENT", "\t", "NEWLINE", "\n", "SPACE", " "));
        assertEquals("[\n{\n\"a\":[\n1,\n{\n\"b\":null\n}\n],\n\"c\":{},\n\"d\":[]\n}\n]", get("f", "NEWLINE", "\n", "$"));
        assertEquals("{\"a\":[1,{\"b\":null}],\"c\":{},\"d\":[]}", get("f", "NOESCAPE"));
    }

    @Test
    void resp3Shapes() {
        c.protocol = 3;
        c.run("JSON.SET", "r", "$", "{\"a\":[1,2.5,\"s\",true,null,{\"x\":1}]}");
        assertEquals("*1\r\n" + bulk("object"), c.run("JSON.TYPE", "r"));
        assertEquals("*1\r\n*1\r\n" + bulk("array"), c.run("JSON.TYPE", "r", "$.a"));
        assertEquals("*1\r\n_\r\n", c.run("JSON.TYPE", "missing", "$.a"));
        assertEquals(bulk("[[1,2.5,\"s\",true,null,{\"x\":1}]]"), c.run("JSON.GET", "r", "$.a"));
        assertEquals("*1\r\n*1\r\n*6\r\n:1\r\n,2.5\r\n" + bulk("s") + "#t\r\n_\r\n%1\r\n" + bulk("x") + ":1\r\n",
                c.run("JSON.GET", "r", "FORMAT", "EXPAND", "$.a"));
        assertEquals("*1\r\n" + bulk("{\"x\":1}"), c.run("JSON.ARRPOP", "r", "$.a"));
        assertEquals("*1\r\n_\r\n", c.run("JSON.ARRPOP", "r", "FORMAT", "EXPAND1", "$.a"));
        assertEquals("*1\r\n#t\r\n", c.run("JSON.ARRPOP", "r", "FORMAT", "EXPAND", "$.a"));
        assertEquals("*1\r\n" + bulk("2.5"), c.run("JSON.ARRPOP", "r", "$.a", "1"));
        assertEquals("Legacy paths are supported only with FORMAT STRINGS",
                c.run("JSON.ARRPOP", "r", "FORMAT", "EXPAND", ".a").substring(1).trim());
        c.protocol = 2;
        assertEquals("-ERR FORMAT argument is not supported on RESP2\r\n", c.run("JSON.GET", "r", "FORMAT", "EXPAND"));
    }

    @Test
    void eventsAndModified() {
        c.run("JSON.SET", "ev", "$", "{\"a\":1,\"b\":[],\"s\":\"x\",\"t\":true}");
        assertEquals(List.of("MODULE:json.set:ev"), c.events);
        c.run("JSON.NUMINCRBY", "ev", "$.a", "1");
        assertEquals(List.of("MODULE:json.numincrby:ev"), c.events);
        assertEquals(List.of("ev"), c.modified);
        c.run("JSON.NUMINCRBY", "ev", "$.s", "1");
        assertEquals(List.of(), c.events, "nothing changed, no event");
        c.run("JSON.ARRAPPEND", "ev", "$.b", "1");
        assertEquals(List.of("MODULE:json.arrappend:ev"), c.events);
        c.run("JSON.ARRINSERT", "ev", "$.b", "0", "0");
        assertEquals(List.of("MODULE:json.arrinsert:ev"), c.events);
        c.run("JSON.ARRTRIM", "ev", "$.b", "0", "0");
        assertEquals(List.of("MODULE:json.arrtrim:ev"), c.events);
        c.run("JSON.ARRPOP", "ev", "$.b");
        assertEquals(List.of("MODULE:json.arrpop:ev"), c.events);
        c.run("JSON.STRAPPEND", "ev", "$.s", "\"y\"");
        assertEquals(List.of("MODULE:json.strappend:ev"), c.events);
        c.run("JSON.TOGGLE", "ev", "$.t");
        assertEquals(List.of("MODULE:json.toggle:ev"), c.events);
        c.run("JSON.NUMMULTBY", "ev", "$.a", "2");
        assertEquals(List.of("MODULE:json.nummultby:ev"), c.events);
        c.run("JSON.CLEAR", "ev", "$.a");
        assertEquals(List.of("MODULE:json.clear:ev"), c.events);
        c.run("JSON.MERGE", "ev", "$", "{\"m\":1}");
        assertEquals(List.of("MODULE:json.merge:ev"), c.events);
        c.run("JSON.MSET", "ev", "$.m", "2");
        assertEquals(List.of("MODULE:json.mset:ev"), c.events);
        c.run("JSON.DEL", "ev", "$.m");
        assertEquals(List.of("MODULE:json.del:ev"), c.events);
        c.run("JSON.FORGET", "ev");
        assertEquals(List.of("MODULE:json.del:ev"), c.events);
    }

    @Test
    void arrayEdgeCases() {
        c.run("JSON.SET", "a", "$", "{\"e\":[],\"x\":[0,1,2,3,4]}");
        assertEquals("*1\r\n$-1\r\n", c.run("JSON.ARRPOP", "a", "$.e"));
        assertEquals("-ERR index out of bounds\r\n", c.run("JSON.ARRINSERT", "a", "$.x", "6", "1"));
        assertEquals("*1\r\n:6\r\n", c.run("JSON.ARRINSERT", "a", "$.x", "-1", "9"));
        assertEquals("[0,1,2,3,9,4]", get("a", ".x"));
        assertEquals("*1\r\n" + bulk("0"), c.run("JSON.ARRPOP", "a", "$.x", "-100"));
        assertEquals("*1\r\n" + bulk("4"), c.run("JSON.ARRPOP", "a", "$.x", "100"));
        assertEquals("*1\r\n:0\r\n", c.run("JSON.ARRTRIM", "a", "$.x", "5", "10"));
        c.run("JSON.SET", "a", "$.x", "[0,1,2,3,4]");
        assertEquals("*1\r\n:2\r\n", c.run("JSON.ARRTRIM", "a", "$.x", "-2", "-1"));
        assertEquals("[3,4]", get("a", ".x"));
        c.run("JSON.SET", "a", "$.x", "[1,2,3,1.0,\"1\"]");
        assertEquals("*1\r\n:3\r\n", c.run("JSON.ARRINDEX", "a", "$.x", "1.0"));
        assertEquals("*1\r\n:-1\r\n", c.run("JSON.ARRINDEX", "a", "$.x", "1", "1", "3"));
        assertEquals("*1\r\n:4\r\n", c.run("JSON.ARRINDEX", "a", "$.x", "\"1\"", "-1"));
        assertEquals("-Couldn't parse as integer\r\n", c.run("JSON.ARRINDEX", "a", "$.x", "1", "x"));
        assertEquals("-ERR wrong number of arguments for 'json.arrindex' command\r\n", c.run("JSON.ARRINDEX", "a", "$.x", "1", "0", "0", "0"));
        assertEquals("-ERR Path '$.x' does not exist\r\n", c.run("JSON.ARRINDEX", "nokey", "$.x", "1"));
    }

    @Test
    void documentsPast64KbUseWideFields() {
        StringBuilder big = new StringBuilder("[");
        for (int i = 0; i < 70000; i++) {
            big.append(i > 0 ? "," : "").append(i % 10);
        }
        big.append("]");
        assertEquals(OK, c.run("JSON.SET", "big", "$", "{\"a\":" + big + ",\"b\":{\"c\":1}}"));
        assertEquals(":70000\r\n", c.run("JSON.ARRLEN", "big", ".a"));
        assertEquals(bulk("[1]"), c.run("JSON.GET", "big", "$.b.c"));
        JsonValue v = (JsonValue) c.data.get("big");
        assertEquals(false, v.narrow());
        // a small document grows past the limit with one append: converted, nothing lost
        c.run("JSON.SET", "grow", "$", "{\"x\":[1,{\"y\":[2]}],\"z\":\"s\"}");
        assertEquals(true, ((JsonValue) c.data.get("grow")).narrow());
        String chunk = "\"" + "q".repeat(40000) + "\"";
        assertEquals("*1\r\n:3\r\n", c.run("JSON.ARRAPPEND", "grow", "$.x", chunk));
        assertEquals(true, ((JsonValue) c.data.get("grow")).narrow());
        assertEquals("*1\r\n:2\r\n", c.run("JSON.ARRAPPEND", "grow", "$.x[1].y", chunk));
        assertEquals(false, ((JsonValue) c.data.get("grow")).narrow());
        assertEquals("*1\r\n:2\r\n", c.run("JSON.ARRLEN", "grow", "$.x[1].y"));
        assertEquals(bulk("[\"s\"]"), c.run("JSON.GET", "grow", "$.z"));
        assertEquals(":40000\r\n", c.run("JSON.STRLEN", "grow", ".x[2]"));
    }

    @Test
    void documentView() {
        c.run("JSON.SET", "d", "$", "{\"name\":\"n\",\"n\":1,\"f\":1.5,\"tags\":[\"a\",\"b\"],\"o\":{\"x\":null,\"t\":true}}");
        JsonValue v = (JsonValue) c.data.get("d");
        assertEquals("JSON", v.documentKind());
        assertEquals(List.of("n"), v.select("$.name"));
        assertEquals(List.of(1L), v.select("$.n"));
        assertEquals(List.of(1.5), v.select("$.f"));
        assertEquals(List.of(List.of("a", "b")), v.select("$.tags"));
        assertEquals(List.of("a", "b"), v.select("$.tags[*]"));
        assertEquals(java.util.Arrays.asList((Object) null), v.select("$.o.x"));
        java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("x", null);
        o.put("t", true);
        assertEquals(List.of(o), v.select(".o"));
        assertEquals(List.of(), v.select("$.missing"));
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> v.select("$["));
        assertTrue(bad.getMessage().startsWith("Error occurred on position"));
    }
}
