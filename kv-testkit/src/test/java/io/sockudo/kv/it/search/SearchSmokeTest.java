package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchSmokeTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void phraseExamples() throws Exception {
        try (Ft ft = new Ft(server.port())) {
            ft.q("FLUSHALL");
            assertEquals("OK", ft.q("FT.CREATE", "memes", "SCHEMA", "phrase", "TEXT"));
            ft.q("HSET", "s1", "phrase", "hello world");
            ft.q("HSET", "s2", "phrase", "hello simple world");
            ft.q("HSET", "s3", "phrase", "hello somewhat less simple world");
            ft.q("HSET", "s4", "phrase", "hello complicated yet encouraging problem solving world");
            ft.q("HSET", "s5", "phrase", "hello complicated yet amazingly encouraging problem solving world");
            assertEquals("[5, \"s1\", \"s2\", \"s3\", \"s4\", \"s5\"]",
                    ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT"));
            assertEquals("[2, \"s1\", \"s2\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "1"));
            assertEquals("[3, \"s1\", \"s2\", \"s3\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "3"));
            assertEquals("[4, \"s1\", \"s2\", \"s3\", \"s4\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello world)", "NOCONTENT", "SLOP", "5"));
            assertEquals("[1, \"s5\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello amazing world)", "NOCONTENT"));
            assertEquals("[2, \"s4\", \"s5\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello encouraged world)", "NOCONTENT", "SLOP", "5"));
            assertEquals("[1, \"s4\"]", ft.q("FT.SEARCH", "memes", "@phrase:(hello encouraged world)", "NOCONTENT", "SLOP", "4"));
            assertEquals("[1, \"s5\"]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)", "NOCONTENT"));
            assertEquals("[0]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)", "NOCONTENT", "INORDER"));
            assertEquals("[0]", ft.q("FT.SEARCH", "memes", "@phrase:(amazing hello world)=>{$inorder: true;}", "NOCONTENT"));
            assertEquals("[1, \"s1\", [\"phrase\", \"hello world\"]]", ft.q("FT.SEARCH", "memes", "\"hello world\""));
        }
    }
}
