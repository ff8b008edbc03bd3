package io.sockudo.kv.testkit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance suite every value type runs, whoever provides it (a built-in family or a
 * plugin): extend it, say how to start a server that has the type and how to make and read a
 * value, and the suite checks what the kernel promises for every type — TYPE and OBJECT
 * ENCODING, DUMP/RESTORE through the codec (REPLACE, BUSYKEY, a corrupt payload refused),
 * persistence through DEBUG RELOAD with the expiry kept, MEMORY USAGE, WRONGTYPE both ways,
 * keyspace events, COPY and RENAME, MULTI/EXEC, and that the propagated form of the commands
 * that made the value (what the AOF and replicas receive) rebuilds the same value on another
 * server.
 *
 * <p>Values are compared through {@link #describe}: a read command whose reply covers the whole
 * value, compared byte for byte. One server is started per test class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ValueTypeConformance {
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private EmbeddedServer server;
    private RespClient client;

    /**
     * Starts a server that has the type: {@code EmbeddedServer.start(overrides)} for a built-in
     * family, {@code EmbeddedServer.startWithPlugin(jar, overrides)} for a plugin.
     */
    protected abstract EmbeddedServer startServer(String... overrides);

    /** What TYPE prints for the type. */
    protected abstract String typeName();

    /** What OBJECT ENCODING may print for the values {@link #create} makes. */
    protected abstract Set<String> encodings();

    /** The commands that make a value of the type at {@code key}, run in order (at least one). */
    protected abstract List<List<String>> create(String key);

    /**
     * Read commands whose replies together describe the whole value at {@code key} (compared byte
     * for byte; leave out what depends on the time of the call, such as idle times).
     */
    protected abstract List<List<String>> describe(String key);

    /** A write command of the type for an existing {@code key} (refused on a string key). */
    protected abstract List<String> write(String key);

    /**
     * The keyspace event {@link #create} raises (e.g. {@code json.set}), or null for a type whose
     * commands publish none of their own (Redis's vector sets); the generic events are checked anyway.
     */
    protected abstract String createEvent();

    @BeforeAll
    void startServers() {
        server = startServer("--enable-debug-command", "yes");
        try {
            client = new RespClient(server.port());
        } catch (IOException e) {
            server.close();
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopServers() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyDataset() throws IOException {
        assertEquals("+OK\r\n", text("FLUSHALL"));
        assertEquals("+OK\r\n", text("CONFIG", "SET", "notify-keyspace-events", ""));
    }

    // ---------------------------------------------------------------- the checks

    @Test
    void typeAndEncoding() throws IOException {
        make(client, "k");
        assertEquals("+" + typeName() + "\r\n", text("TYPE", "k"));
        String encoding = text("OBJECT", "ENCODING", "k");
        assertTrue(encoding.startsWith("$") && encodings().contains(encoding.split("\r\n")[1]),
                "OBJECT ENCODING " + encoding.trim() + " is not one of " + encodings());
    }

    @Test
    void dumpAndRestoreThroughTheCodec() throws IOException {
        make(client, "k");
        byte[] payload = bulk(client.call(args("DUMP", "k")));
        assertEquals("+OK\r\n", text(args("RESTORE", "copy", "0").with(payload)));
        assertDescribesTheSame("k", "copy");
        assertEquals("-BUSYKEY Target key name already exists.\r\n", text(args("RESTORE", "copy", "0").with(payload)));
        assertEquals("+OK\r\n", text(args("RESTORE", "copy", "0").with(payload).with(bytes("REPLACE"))));
        assertDescribesTheSame("k", "copy");
        byte[] corrupt = payload.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        assertEquals("-ERR DUMP payload version or checksum are wrong\r\n",
                text(args("RESTORE", "bad", "0").with(corrupt)));
        assertEquals(":0\r\n", text("EXISTS", "bad"));
    }

    @Test
    void persistsThroughTheRdbWithItsExpiry() throws IOException {
        make(client, "k");
        make(client, "volatile");
        assertEquals(":1\r\n", text("PEXPIRE", "volatile", "1000000"));
        String before = describeText(client, "k");
        assertEquals("+OK\r\n", text("DEBUG", "RELOAD"));
        assertEquals(before, describeText(client, "k"), "the value after DEBUG RELOAD");
        assertEquals("+" + typeName() + "\r\n", text("TYPE", "volatile"));
        long pttl = Long.parseLong(text("PTTL", "volatile").substring(1).trim());
        assertTrue(pttl > 0 && pttl <= 1000000, "PTTL after reload: " + pttl);
    }

    @Test
    void memoryUsageIsReported() throws IOException {
        make(client, "k");
        String usage = text("MEMORY", "USAGE", "k");
        assertTrue(usage.startsWith(":") && Long.parseLong(usage.substring(1).trim()) > 0, "MEMORY USAGE: " + usage);
    }

    /**
     * The kernel's byte account asks a value its memoryUsage() on every write (and MEMORY USAGE
     * and eviction read it): the figure must not drift while the value does not change, reads
     * included, and stays positive after a write.
     */
    @Test
    void memoryUsageIsStable() throws IOException {
        make(client, "k");
        String usage = text("MEMORY", "USAGE", "k");
        assertEquals(usage, text("MEMORY", "USAGE", "k"), "MEMORY USAGE twice in a row");
        describeText(client, "k");
        assertEquals(usage, text("MEMORY", "USAGE", "k"), "MEMORY USAGE after reading the value");
        text(args(write("k")));
        String after = text("MEMORY", "USAGE", "k");
        assertTrue(after.startsWith(":") && Long.parseLong(after.substring(1).trim()) > 0, "MEMORY USAGE after a write: " + after);
        assertEquals(after, text("MEMORY", "USAGE", "k"), "MEMORY USAGE twice after a write");
    }

    @Test
    void wrongTypeBothWays() throws IOException {
        assertEquals("+OK\r\n", text("SET", "s", "x"));
        // WRONGTYPE, or the type's own refusal (RedisTimeSeries: "ERR TSDB: the key is not a TSDB key")
        assertTrue(text(args(write("s"))).startsWith("-"), String.join(" ", write("s")) + " on a string");
        assertEquals("$1\r\nx\r\n", text("GET", "s"), "the string after the refused write");
        make(client, "k");
        assertEquals(WRONGTYPE, text("GET", "k"));
        assertEquals(WRONGTYPE, text("INCR", "k"));
        assertEquals("+" + typeName() + "\r\n", text("TYPE", "k"), "a refused command leaves the value");
    }

    @Test
    void keyspaceEvents() throws IOException {
        assertEquals("+OK\r\n", text("CONFIG", "SET", "notify-keyspace-events", "KEA"));
        try (RespClient subscriber = new RespClient(server.port())) {
            subscriber.call(args("PSUBSCRIBE", "__keyevent@0__:*"));
            make(client, "k");
            assertEquals(":1\r\n", text("EXPIRE", "k", "1000"));
            assertEquals(":1\r\n", text("DEL", "k"));
            List<String> events = new ArrayList<>();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!events.contains("del") && System.nanoTime() < deadline) {
                String got = new String(subscriber.readAvailable(200), StandardCharsets.ISO_8859_1);
                for (String line : got.split("\r\n")) {
                    if (line.startsWith("__keyevent@0__:")) {
                        events.add(line.substring("__keyevent@0__:".length()));
                    }
                }
            }
            assertTrue(createEvent() == null || events.contains(createEvent()),
                    "events " + events + " lack " + createEvent());
            int expire = events.indexOf("expire");
            assertTrue(expire >= 0 && expire < events.indexOf("del"), "events " + events);
        }
    }

    @Test
    void copyAndRename() throws IOException {
        make(client, "k");
        assertEquals(":1\r\n", text("COPY", "k", "k2"));
        assertDescribesTheSame("k", "k2");
        assertEquals("+OK\r\n", text("RENAME", "k2", "k3"));
        assertDescribesTheSame("k", "k3");
        assertEquals(":0\r\n", text("EXISTS", "k2"));
        // the copy is a value of its own: writing to it leaves the original as it was
        String original = describeText(client, "k");
        text(args(write("k3")));
        assertEquals(original, describeText(client, "k"), "the original after a write to its copy");
    }

    @Test
    void insideMultiExec() throws IOException {
        assertEquals("+OK\r\n", text("MULTI"));
        for (List<String> c : create("k")) {
            assertEquals("+QUEUED\r\n", text(args(c)));
        }
        assertTrue(text("EXEC").startsWith("*" + create("k").size() + "\r\n"));
        assertEquals("+" + typeName() + "\r\n", text("TYPE", "k"));
    }

    @Test
    void propagatedFormRebuildsTheValue() throws IOException {
        PropagationScript.Capture capture = server.capturePropagation();
        try {
            make(client, "k");
        } finally {
            server.server().kernel().propagation().removeListener(capture);
        }
        List<List<byte[]>> stream = capture.take();
        assertTrue(!stream.isEmpty(), "making the value propagated nothing");
        try (EmbeddedServer other = startServer(); RespClient replay = new RespClient(other.port())) {
            for (List<byte[]> command : stream) {
                List<byte[]> argv = new ArrayList<>(command);
                if ("(replicas-only)".equals(new String(argv.get(0), StandardCharsets.ISO_8859_1))) {
                    argv.remove(0);
                }
                String reply = new String(replay.call(argv), StandardCharsets.ISO_8859_1);
                if (reply.startsWith("-")) {
                    fail("replaying the propagated " + render(argv) + " failed: " + reply.trim());
                }
            }
            assertEquals(describeText(client, "k"), describeText(replay, "k"),
                    "the value rebuilt from the propagated commands " + stream.stream().map(this::render).toList());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void make(RespClient c, String key) throws IOException {
        for (List<String> command : create(key)) {
            String reply = new String(c.call(args(command)), StandardCharsets.ISO_8859_1);
            if (reply.startsWith("-")) {
                fail(String.join(" ", command) + " failed: " + reply.trim());
            }
        }
    }

    private void assertDescribesTheSame(String a, String b) throws IOException {
        assertEquals(describeText(client, a), describeText(client, b), "the value at " + b + " against " + a);
    }

    /** The replies of {@link #describe}, one after the other. */
    private String describeText(RespClient c, String key) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (List<String> command : describe(key)) {
            sb.append(new String(c.call(args(command)), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String text(String... argv) throws IOException {
        return text(args(argv));
    }

    private String text(List<byte[]> argv) throws IOException {
        return new String(client.call(argv), StandardCharsets.ISO_8859_1);
    }

    private String render(List<byte[]> argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    /** The content of a bulk-string reply. */
    private static byte[] bulk(byte[] reply) {
        int start = 0;
        while (reply[start] != '\n') {
            start++;
        }
        assertEquals('$', reply[0], "a bulk reply");
        return Arrays.copyOfRange(reply, start + 1, reply.length - 2);
    }

    private static Args args(String... argv) {
        return args(Arrays.asList(argv));
    }

    private static Args args(List<String> argv) {
        Args a = new Args();
        for (String s : argv) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return a;
    }

    /** An argument list that binary arguments can be appended to. */
    private static final class Args extends ArrayList<byte[]> {
        Args with(byte[] arg) {
            add(arg);
            return this;
        }
    }
}
