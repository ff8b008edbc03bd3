package io.sockudo.kv.it.scripting;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Client-side caching with scripts, as redis-server 7.0 behaves (checked against it): the keys a
 * script reads are tracked for the client that ran it, whether the script runs where it was called
 * (a straight-line script) or on the script thread (one with a loop); NOLOOP, OPTIN and OPTOUT
 * with CLIENT CACHING apply to the script as to any command; EVAL_RO's own keys are not tracked,
 * only what its commands read; the invalidation of a key the client's own script wrote comes after
 * the script's reply.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScriptTrackingTest {
    private static final String INVALIDATE_K = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n";
    /** Runs on the calling event loop (StraightLine). */
    private static final String STRAIGHT = "return redis.call('get', KEYS[1])";
    /** Has a loop: runs on the kv-script thread. */
    private static final String LOOP = "local v for i = 1, 1 do v = redis.call('get', KEYS[1]) end return v";

    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs {@code script} on a tracking RESP3 connection set up by {@code setup}, then lets another client write k. */
    private static String readThenOtherWrites(String script, String... setup) throws IOException {
        try (RespClient t = new RespClient(server.port()); RespClient w = new RespClient(server.port())) {
            t.callText("HELLO", "3");
            w.callText("SET", "k", "v");
            for (String s : setup) {
                t.callText(s.split(" "));
            }
            String reply = t.callText("EVAL", script, "1", "k");
            w.callText("SET", "k", "x");
            return reply + "|" + new String(t.readAvailable(300), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {STRAIGHT, LOOP})
    void keysAScriptReadsAreTrackedForItsCaller(String script) throws IOException {
        assertEquals("$1\r\nv\r\n|" + INVALIDATE_K, readThenOtherWrites(script, "CLIENT TRACKING ON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {STRAIGHT, LOOP})
    void optinTracksAScriptAfterClientCachingYes(String script) throws IOException {
        assertEquals("$1\r\nv\r\n|" + INVALIDATE_K,
                readThenOtherWrites(script, "CLIENT TRACKING ON OPTIN", "CLIENT CACHING YES"));
        assertEquals("$1\r\nv\r\n|", readThenOtherWrites(script, "CLIENT TRACKING ON OPTIN"));
    }

    @ParameterizedTest
    @ValueSource(strings = {STRAIGHT, LOOP})
    void optoutSkipsAScriptAfterClientCachingNo(String script) throws IOException {
        assertEquals("$1\r\nv\r\n|", readThenOtherWrites(script, "CLIENT TRACKING ON OPTOUT", "CLIENT CACHING NO"));
    }

    @Test
    void evalRoTracksWhatItReadsNotItsKeys() throws IOException {
        try (RespClient t = new RespClient(server.port()); RespClient w = new RespClient(server.port())) {
            t.callText("HELLO", "3");
            t.callText("CLIENT", "TRACKING", "ON");
            assertEquals(":1\r\n", t.callText("EVAL_RO", "return 1", "1", "k"));
            w.callText("SET", "k", "x");
            assertEquals("", new String(t.readAvailable(300), StandardCharsets.UTF_8));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis.call('set', KEYS[1], 'y')", "for i = 1, 1 do redis.call('set', KEYS[1], 'y') end"})
    void ownWritesInvalidateAfterTheReplyAndNotWithNoloop(String script) throws IOException {
        try (RespClient t = new RespClient(server.port())) {
            t.callText("HELLO", "3");
            t.callText("CLIENT", "TRACKING", "ON");
            t.callText("GET", "k");
            t.sendRaw(RespClient.encode(java.util.List.of("EVAL".getBytes(StandardCharsets.UTF_8),
                    script.getBytes(StandardCharsets.UTF_8), "1".getBytes(StandardCharsets.UTF_8),
                    "k".getBytes(StandardCharsets.UTF_8))));
            assertEquals("_\r\n", new String(t.readReply(), StandardCharsets.UTF_8), "the reply first");
            assertEquals(INVALIDATE_K, new String(t.readReply(), StandardCharsets.UTF_8));
        }
        try (RespClient t = new RespClient(server.port())) {
            t.callText("HELLO", "3");
            t.callText("CLIENT", "TRACKING", "ON", "NOLOOP");
            t.callText("GET", "k");
            assertEquals("_\r\n", t.callText("EVAL", script, "1", "k"));
            assertEquals("", new String(t.readAvailable(300), StandardCharsets.UTF_8));
        }
    }
}
