package io.sockudo.kv.it.persistence;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Function libraries live in the RDB file (one FUNCTION2 record each, before the databases, as
 * redis-server 7.0 writes them) and in the AOF (FUNCTION LOAD as propagated, and the RDB preamble
 * of a rewrite): they survive SAVE + restart, DEBUG RELOAD, BGREWRITEAOF + restart, and files
 * move between this server and redis-server both ways.
 */
class FunctionPersistenceTest {
    private static final String LIB = "#!lua name=keep\n"
            + "redis.register_function('hello', function(keys, args) return 'hello ' .. args[1] end)\n"
            + "redis.register_function{function_name='incr_by', callback=function(keys, args) "
            + "return redis.call('incrby', keys[1], args[1]) end, description='adds'}";
    private static final String LIB2 = "#!lua name=second\n"
            + "redis.register_function{function_name='ro', callback=function(keys) return redis.call('get', keys[1]) "
            + "end, flags={'no-writes'}}";

    @TempDir
    Path dir;

    private EmbeddedServer start(String... more) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        args.addAll(List.of(more));
        return EmbeddedServer.start(args.toArray(new String[0]));
    }

    private static void load(RespClient c) throws IOException {
        assertEquals("$4\r\nkeep\r\n", c.callText("FUNCTION", "LOAD", LIB));
        assertEquals("$6\r\nsecond\r\n", c.callText("FUNCTION", "LOAD", LIB2));
        c.callText("SET", "counter", "10");
    }

    /**
     * The libraries and a call of each function, as both servers answer them: per library its
     * LIST entry with the functions sorted by name (redis-server lists libraries and functions in
     * its dictionaries' order, which its random hash seed decides).
     */
    private static String state(RespClient c) throws IOException {
        return library(c, "keep") + library(c, "second")
                + c.callText("FCALL", "hello", "0", "you")
                + c.callText("FCALL_RO", "ro", "1", "counter") + c.callText("FCALL", "incr_by", "1", "counter", "0");
    }

    @Test
    void saveAndRestartKeepsTheLibraries() throws IOException {
        String before;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            load(c);
            before = state(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, state(c));
        }
    }

    @Test
    void debugReloadKeepsTheLibrariesAndRestoresThemFromTheFile() throws IOException {
        try (EmbeddedServer kv = start("--enable-debug-command", "yes"); RespClient c = new RespClient(kv.port())) {
            load(c);
            String before = state(c);
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals(before, state(c));
            assertEquals("+OK\r\n", c.callText("FUNCTION", "FLUSH"));
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE"));
            assertEquals(before, state(c), "back from the file");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE"));
            assertEquals(before, state(c));
        }
    }

    @Test
    void theAofKeepsTheLibrariesBeforeAndAfterARewrite() throws Exception {
        String before;
        try (EmbeddedServer kv = start("--appendonly", "yes"); RespClient c = new RespClient(kv.port())) {
            load(c);
            before = state(c);
        }
        try (EmbeddedServer kv = start("--appendonly", "yes"); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, state(c), "replayed from FUNCTION LOAD in the AOF");
            c.callText("BGREWRITEAOF");
            awaitRewrite(c);
            before = state(c);
        }
        try (EmbeddedServer kv = start("--appendonly", "yes"); RespClient c = new RespClient(kv.port())) {
            assertEquals(before, state(c), "loaded from the rewrite's RDB preamble");
        }
    }

    @Test
    void redisServerLoadsOurLibrariesAndWeLoadItsOwn() throws Exception {
        String ours;
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            load(c);
            ours = state(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        Path file = dir.resolve("dump.rdb");
        String check = "/usr/bin/redis-check-rdb";
        if (Files.isExecutable(Path.of(check))) {
            Process p = new ProcessBuilder(check, file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("RDB looks OK"), out);
        }
        try (RedisServerProcess redis = RedisServerProcess.start("--dir", dir.toString(), "--dbfilename", "dump.rdb");
             RespClient c = new RespClient(redis.port())) {
            assertEquals(ours, state(c));
            ours = state(c);
            assertEquals("+OK\r\n", c.callText("SAVE"));
        }
        try (EmbeddedServer kv = start(); RespClient c = new RespClient(kv.port())) {
            assertEquals(ours, state(c), "redis-server's own file");
        }
    }

    /** One library's LIST WITHCODE reply with its function entries in name order. */
    private static String library(RespClient c, String name) throws IOException {
        String reply = c.callText("FUNCTION", "LIST", "LIBRARYNAME", name, "WITHCODE");
        int from = reply.indexOf("*6\r\n$4\r\nname\r\n");
        int to = reply.indexOf("$12\r\nlibrary_code\r\n");
        if (from < 0 || to < from) {
            return reply;
        }
        List<String> functions = new ArrayList<>(List.of(reply.substring(from, to).split("(?=\\*6\r\n\\$4\r\nname\r\n)")));
        java.util.Collections.sort(functions);
        return reply.substring(0, from) + String.join("", functions) + reply.substring(to);
    }

    private static void awaitRewrite(RespClient c) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!info(c, "aof_rewrite_in_progress").equals("0") || !info(c, "aof_rewrite_scheduled").equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("rewrite did not finish");
            }
            Thread.sleep(20);
        }
    }

    private static String info(RespClient c, String field) throws IOException {
        for (String line : c.callText("INFO", "persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new AssertionError("no " + field);
    }
}
