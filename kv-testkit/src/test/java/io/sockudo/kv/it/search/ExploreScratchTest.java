package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;

class ExploreScratchTest {
    @Test
    void explore() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(); Ft ft = new Ft(server.port())) {
            ft.q("HELLO", "3");
            String[][] cmds = {
                {"FT.SUGADD", "sug", "hello world", "1"},
                {"FT.SUGADD", "sug", "help", "1"},
                {"FT.SUGGET", "sug", "hel"},
                {"FT.SUGGET", "sug", "hel", "WITHSCORES"},
                {"FT.CREATE", "idx", "SCHEMA", "t", "TEXT"},
                {"HSET", "a", "t", "hello"},
                {"FT.SEARCH", "idx", "hello", "WITHSCORES"},
                {"FT.AGGREGATE", "idx", "*", "LOAD", "1", "t", "WITHCURSOR", "COUNT", "1"},
                {"FT.INFO", "idx"},
                {"FT.SPELLCHECK", "idx", "helo"},
                {"FT.CONFIG", "GET", "TIMEOUT"},
            };
            for (String[] c : cmds) {
                System.out.println(String.join(" ", c) + "\n  -> " + ft.q(c));
            }
        }
    }
}
