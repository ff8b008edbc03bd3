package io.sockudo.kv.it.plugins;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The example plugin (plugins/kv-plugin-counter) end to end: MODULE LOAD of the jar the reactor
 * built, its commands behaving like built-ins (arity, WRONGTYPE, errors, COMMAND INFO, MULTI),
 * MODULE LIST, MODULE UNLOAD refused while a key of its type exists anywhere, then allowed, its
 * commands gone, and loading it again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CounterPluginTest {
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    static final String LOAD_FAILED = "-ERR Error loading the extension. ";

    /** A failed load: Redis's text followed by the reason, on one line; returns the reply. */
    static String assertLoadFailed(String reply) {
        org.junit.jupiter.api.Assertions.assertTrue(reply.startsWith(LOAD_FAILED) && reply.endsWith("\r\n")
                && reply.indexOf('\n') == reply.length() - 1, reply);
        return reply;
    }

    private static EmbeddedServer server;
    private static String jar;

    @BeforeAll
    static void start() throws IOException {
        jar = PluginJars.counterJar().toString();
        server = EmbeddedServer.start("--enable-module-command", "yes");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RespClient client() throws IOException {
        return new RespClient(server.port());
    }

    @BeforeEach
    void loaded() throws IOException {
        try (RespClient c = client()) {
            if (!c.callText("MODULE", "LIST").contains("$7\r\ncounter\r\n")) {
                assertEquals("+OK\r\n", c.callText("MODULE", "LOAD", jar, "alpha", "beta"));
            }
        }
    }

    /** Deletes a key; until DEL exists in this build, overwrites it with a string (no counter left). */
    private static void delete(RespClient c, String key) throws IOException {
        String r = c.callText("DEL", key);
        if (r.startsWith("-ERR unknown command")) {
            assertEquals("+OK\r\n", c.callText("SET", key, "gone"));
        } else {
            assertEquals(":1\r\n", r);
        }
    }

    @Test
    void pluginClassesAreNotOnTheTestClassPath() {
        // Otherwise ServiceLoader would find the module as a built-in and the test would prove nothing.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.sockudo.kv.plugins.counter.CounterModule"));
    }

    @Test
    void commandsWork() throws IOException {
        try (RespClient c = client()) {
            assertEquals(":1\r\n", c.callText("CNT.INCR", "cw"));
            assertEquals(":42\r\n", c.callText("cnt.incr", "cw", "41"));
            assertEquals(":40\r\n", c.callText("CNT.INCR", "cw", "-2"));
            assertEquals(":40\r\n", c.callText("CNT.GET", "cw"));
            assertEquals("*6\r\n$5\r\nvalue\r\n:40\r\n$10\r\nincrements\r\n:3\r\n$6\r\nresets\r\n:0\r\n",
                    c.callText("CNT.INFO", "cw"));
            assertEquals(":40\r\n", c.callText("CNT.RESET", "cw"));
            assertEquals(":0\r\n", c.callText("CNT.GET", "cw"));
            assertEquals("*6\r\n$5\r\nvalue\r\n:0\r\n$10\r\nincrements\r\n:3\r\n$6\r\nresets\r\n:1\r\n",
                    c.callText("CNT.INFO", "cw"));
            assertEquals("$-1\r\n", c.callText("CNT.GET", "cw:missing"));
            assertEquals("$-1\r\n", c.callText("CNT.RESET", "cw:missing"));
            assertEquals("*-1\r\n", c.callText("CNT.INFO", "cw:missing"));
            delete(c, "cw");
        }
    }

    /** A counter persists through its module-type codec: DUMP gives a RDB_TYPE_MODULE_2 record that RESTORE reads back. */
    @Test
    void dumpAndRestore() throws IOException {
        try (RespClient c = client()) {
            c.callText("CNT.INCR", "cd", "41");
            c.callText("CNT.RESET", "cd");
            c.callText("CNT.INCR", "cd", "-7");
            byte[] reply = c.call(java.util.List.of("DUMP".getBytes(), "cd".getBytes()));
            java.util.List<Object> parsed = io.sockudo.kv.testkit.RespValue.parse(reply);
            byte[] payload = (byte[]) parsed.get(0);
            assertEquals(7, payload[0], "RDB_TYPE_MODULE_2");
            assertEquals("+OK\r\n", new String(c.call(java.util.List.of("RESTORE".getBytes(), "cd2".getBytes(),
                    "0".getBytes(), payload)), java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(c.callText("CNT.INFO", "cd"), c.callText("CNT.INFO", "cd2"));
            assertEquals("+kvcounter\r\n", c.callText("TYPE", "cd2"));
            delete(c, "cd");
            delete(c, "cd2");
        }
    }

    @Test
    void errorsMatchBuiltIns() throws IOException {
        try (RespClient c = client()) {
            assertEquals("-ERR wrong number of arguments for 'cnt.get' command\r\n", c.callText("CNT.GET"));
            assertEquals("-ERR wrong number of arguments for 'cnt.incr' command\r\n", c.callText("CNT.INCR"));
            assertEquals("-ERR wrong number of arguments for 'cnt.reset' command\r\n", c.callText("CNT.RESET", "a", "b"));
            assertEquals("-ERR syntax error\r\n", c.callText("CNT.INCR", "e", "1", "2"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.callText("CNT.INCR", "e", "x"));
            assertEquals("-ERR value is not an integer or out of range\r\n", c.callText("CNT.INCR", "e", " 1"));
            assertEquals(":9223372036854775807\r\n", c.callText("CNT.INCR", "e", "9223372036854775807"));
            assertEquals("-ERR increment or decrement would overflow\r\n", c.callText("CNT.INCR", "e"));
            assertEquals(":9223372036854775807\r\n", c.callText("CNT.GET", "e"));
            delete(c, "e");

            assertEquals("+OK\r\n", c.callText("SET", "str", "v"));
            assertEquals(WRONGTYPE, c.callText("CNT.INCR", "str"));
            assertEquals(WRONGTYPE, c.callText("CNT.GET", "str"));
            assertEquals(WRONGTYPE, c.callText("CNT.RESET", "str"));
            assertEquals(WRONGTYPE, c.callText("CNT.INFO", "str"));
            assertEquals(":5\r\n", c.callText("CNT.INCR", "cnt", "5"));
            assertEquals(WRONGTYPE, c.callText("GET", "cnt"));
            delete(c, "cnt");
        }
    }

    @Test
    void typeAndEncoding() throws IOException {
        try (RespClient c = client()) {
            assertEquals(":1\r\n", c.callText("CNT.INCR", "te"));
            String type = c.callText("TYPE", "te");
            assumeFalse(type.startsWith("-ERR unknown command"), "TYPE is not in this build yet");
            assertEquals("+kvcounter\r\n", type);
            String enc = c.callText("OBJECT", "ENCODING", "te");
            if (!enc.startsWith("-ERR unknown command")) {
                assertEquals("$5\r\nint64\r\n", enc);
            }
            delete(c, "te");
        }
    }

    @Test
    void commandInfoDescribesPluginCommands() throws IOException {
        try (RespClient c = client()) {
            String info = c.callText("COMMAND", "INFO", "cnt.incr");
            assumeFalse(info.startsWith("-ERR unknown command"), "COMMAND is not in this build yet");
            assertTrue(info.startsWith("*1\r\n*10\r\n$8\r\ncnt.incr\r\n:-2\r\n"), info);
            for (String part : new String[] {"+write\r\n", "+denyoom\r\n", "+module\r\n", "+fast\r\n",
                ":1\r\n:1\r\n:1\r\n", "@write", "@fast"}) {
                assertTrue(info.contains(part), "missing " + part.trim() + " in " + info);
            }
            String get = c.callText("COMMAND", "INFO", "cnt.get");
            assertTrue(get.contains("+readonly\r\n") && get.contains("@read"), get);
            // a module command's docs: group "module", the module's name, and its argument specs
            String docs = c.callText("COMMAND", "DOCS", "cnt.incr");
            for (String part : new String[] {"$5\r\ngroup\r\n$6\r\nmodule\r\n", "$6\r\nmodule\r\n$7\r\ncounter\r\n",
                "$4\r\nname\r\n$3\r\nkey\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n",
                "$4\r\nname\r\n$9\r\nincrement\r\n$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\nflags\r\n*1\r\n+optional\r\n"}) {
                assertTrue(docs.contains(part), "missing " + part.trim() + " in " + docs);
            }
        }
    }

    /** A plugin's commands are in the ACL categories of their specs and flags, and its key specs drive key patterns. */
    @Test
    void aclCoversPluginCommands() throws IOException {
        try (RespClient admin = client(); RespClient reader = client()) {
            assertTrue(admin.callText("ACL", "CAT", "write").contains("$8\r\ncnt.incr\r\n"));
            assertTrue(admin.callText("ACL", "CAT", "read").contains("$7\r\ncnt.get\r\n"));
            assertEquals("+OK\r\n", admin.callText("ACL", "SETUSER", "cnt-reader", "on", ">p", "~c:*", "+@read"));
            assertEquals("+OK\r\n", reader.callText("AUTH", "cnt-reader", "p"));
            assertEquals("$-1\r\n", reader.callText("CNT.GET", "c:1"));
            assertEquals("-NOPERM this user has no permissions to run the 'cnt.incr' command\r\n",
                    reader.callText("CNT.INCR", "c:1"));
            assertEquals("-NOPERM this user has no permissions to access one of the keys used as arguments\r\n",
                    reader.callText("CNT.GET", "other"));
            assertEquals(":1\r\n", admin.callText("ACL", "DELUSER", "cnt-reader"));
        }
    }

    @Test
    void queuedInMulti() throws IOException {
        try (RespClient c = client()) {
            String multi = c.callText("MULTI");
            assumeFalse(multi.startsWith("-ERR unknown command"), "MULTI is not in this build yet");
            assertEquals("+OK\r\n", multi);
            assertEquals("+QUEUED\r\n", c.callText("CNT.INCR", "mq"));
            assertEquals("+QUEUED\r\n", c.callText("CNT.INCR", "mq", "2"));
            assertEquals("*2\r\n:1\r\n:3\r\n", c.callText("EXEC"));
            assertEquals("+OK\r\n", c.callText("MULTI"));
            assertEquals("-ERR wrong number of arguments for 'cnt.get' command\r\n", c.callText("CNT.GET"));
            assertEquals("-EXECABORT Transaction discarded because of previous errors.\r\n", c.callText("EXEC"));
            delete(c, "mq");
        }
    }

    @Test
    void moduleListShowsPluginAndBuiltins() throws IOException {
        try (RespClient c = client()) {
            String list = c.callText("MODULE", "LIST");
            String entry = "*8\r\n$4\r\nname\r\n$7\r\ncounter\r\n$3\r\nver\r\n:10000\r\n$4\r\npath\r\n$" + jar.length()
                    + "\r\n" + jar + "\r\n$4\r\nargs\r\n*2\r\n$5\r\nalpha\r\n$4\r\nbeta\r\n";
            assertTrue(list.contains(entry), list);
            assertTrue(list.contains("$4\r\nname\r\n$4\r\ncore\r\n$3\r\nver\r\n:10000\r\n$4\r\npath\r\n$7\r\nbuiltin\r\n"
                    + "$4\r\nargs\r\n*0\r\n"), list);
            // A second copy of a loaded plugin is refused.
            assertLoadFailed(c.callText("MODULE", "LOAD", jar));
        }
    }

    @Test
    void unloadRefusedWhileKeysOfItsTypeExistThenAllowedAndReloadable() throws IOException {
        try (RespClient c = client()) {
            assertEquals(":1\r\n", c.callText("CNT.INCR", "u0"));
            assertEquals("+OK\r\n", c.callText("SELECT", "5"));
            assertEquals(":1\r\n", c.callText("CNT.INCR", "u5"));
            assertEquals("+OK\r\n", c.callText("SELECT", "0"));
            String refused = "-ERR Error unloading module: the module exports one or more module-side data types, "
                    + "can't unload\r\n";
            assertEquals(refused, c.callText("MODULE", "UNLOAD", "counter"));
            delete(c, "u0");
            // still one in database 5
            assertEquals(refused, c.callText("MODULE", "UNLOAD", "counter"));
            assertEquals("+OK\r\n", c.callText("SELECT", "5"));
            delete(c, "u5");
            assertEquals("+OK\r\n", c.callText("SELECT", "0"));

            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "counter"));
            assertEquals("-ERR unknown command 'CNT.INCR', with args beginning with: 'u0' \r\n",
                    c.callText("CNT.INCR", "u0"));
            assertEquals("-ERR unknown command 'CNT.GET', with args beginning with: 'u0' \r\n",
                    c.callText("CNT.GET", "u0"));
            assertFalse(c.callText("MODULE", "LIST").contains("$7\r\ncounter\r\n"));
            assertEquals("-ERR Error unloading module: no such module with that name\r\n",
                    c.callText("MODULE", "UNLOAD", "counter"));

            assertEquals("+OK\r\n", c.callText("MODULE", "LOAD", jar));
            assertEquals(":1\r\n", c.callText("CNT.INCR", "u1"));
            assertTrue(c.callText("MODULE", "LIST").contains("$7\r\ncounter\r\n"));
            delete(c, "u1");
            // loaded without arguments now: unload, so the next test loads it with its usual ones
            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "counter"));
        }
    }

    @Test
    void relativePathIsResolvedAgainstTheWorkingDirectory() throws IOException {
        try (RespClient c = client()) {
            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "counter"));
            String relative = Path.of("").toAbsolutePath().relativize(Path.of(jar).toAbsolutePath()).toString();
            assertEquals("+OK\r\n", c.callText("MODULE", "LOAD", relative));
            assertTrue(c.callText("MODULE", "LIST").contains("$" + relative.length() + "\r\n" + relative + "\r\n"));
            assertEquals("+OK\r\n", c.callText("MODULE", "UNLOAD", "counter"));
        }
    }
}
