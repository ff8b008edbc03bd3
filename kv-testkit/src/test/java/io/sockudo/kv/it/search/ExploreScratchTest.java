package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;

class ExploreScratchTest {
    @Test
    void explore() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(); Ft ft = new Ft(server.port())) {
            String[][] cmds = {
                {"JSON.SET", "doc:1", "$", "[{\"arr\": [1, 2, 3]}, {\"val\": \"hello\"}, {\"val\": \"world\"}]"},
                {"FT.CREATE", "idx", "ON", "JSON", "PREFIX", "1", "doc:", "SCHEMA", "$..arr", "AS", "arr", "NUMERIC", "$..val", "AS", "val", "TEXT"},
                {"FT.SEARCH", "idx", "*", "RETURN", "2", "arr", "val"},
                {"FT.SEARCH", "idx", "*", "RETURN", "2", "arr", "val", "DIALECT", "3"},
                {"FT.AGGREGATE", "idx", "*", "LOAD", "2", "arr", "val"},
                {"FT.SEARCH", "idx", "@arr:[2 2]"},
                {"FT.SEARCH", "idx", "world"},
                {"JSON.SET", "u:1", "$", "{\"name\":\"Alice\",\"tags\":[\"a\",\"b\"],\"loc\":\"-122.41,37.77\",\"v\":[1,0,0,0],\"age\":30}"},
                {"JSON.SET", "u:2", "$", "{\"name\":\"Bob\",\"tags\":[\"b\"],\"loc\":\"-122.0,37.0\",\"v\":[0,1,0,0],\"age\":40}"},
                {"FT.CREATE", "uidx", "ON", "JSON", "PREFIX", "1", "u:", "SCHEMA", "$.name", "AS", "name", "TEXT", "$.tags[*]", "AS", "tags", "TAG", "$.loc", "AS", "loc", "GEO", "$.v", "AS", "v", "VECTOR", "FLAT", "6", "TYPE", "FLOAT32", "DIM", "4", "DISTANCE_METRIC", "L2", "$.age", "AS", "age", "NUMERIC", "SORTABLE"},
                {"FT.SEARCH", "uidx", "@tags:{b}", "SORTBY", "age", "DESC", "RETURN", "1", "name"},
                {"FT.SEARCH", "uidx", "@loc:[-122.41 37.77 10 km]", "RETURN", "1", "name"},
                {"FT.SEARCH", "uidx", "*", "NOCONTENT"},
                {"FT.SEARCH", "uidx", "*=>[KNN 2 @v $q AS d]", "PARAMS", "2", "q", "\u0000\u0000\u0080?\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "RETURN", "2", "name", "d"},
                {"FT.INFO", "uidx"},
                {"FT.AGGREGATE", "uidx", "*", "GROUPBY", "1", "@tags", "REDUCE", "COUNT", "0", "AS", "c", "REDUCE", "AVG", "1", "@age", "AS", "a", "SORTBY", "2", "@tags", "ASC"},
            };
            for (String[] c : cmds) {
                System.out.println(String.join(" ", c) + "\n  -> " + ft.q(c));
            }
        }
    }
}
