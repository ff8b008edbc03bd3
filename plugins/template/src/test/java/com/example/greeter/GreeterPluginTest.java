package com.example.greeter;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plugin loaded from its jar into an embedded server, as MODULE LOAD would load it. */
class GreeterPluginTest {
    static Path jar() {
        return Path.of(System.getProperty("greeter.jar"));
    }

    @Test
    void greetsAndRemembers() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.startWithPlugin(jar()); RespClient c = new RespClient(s.port())) {
            assertEquals("Hello, world!", c.callValue("GREET.HELLO", "k"));
            assertEquals("Hello, Ada!", c.callValue("GREET.HELLO", "k", "Ada"));
            assertEquals("greeting", c.callValue("TYPE", "k"));
            assertEquals("raw", c.callValue("OBJECT", "ENCODING", "k"));
            assertInstanceOf(RespValue.Error.class, c.callValue("GREET.HELLO"));
            assertEquals("OK", c.callValue("CONFIG", "SET", "greeter.default-name", "friend"));
            assertEquals("Hello, friend!", c.callValue("GREET.HELLO", "other"));
            assertTrue(c.callText("INFO", "greeter").contains("greeted:3"));
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) c.callValue("MODULE", "LIST");
            assertTrue(list.toString().contains("greeter"), list.toString());
        }
    }

    @Test
    void codecRoundTripThroughDumpAndRestore() throws IOException {
        try (EmbeddedServer s = EmbeddedServer.startWithPlugin(jar()); RespClient c = new RespClient(s.port())) {
            c.callValue("GREET.HELLO", "k", "Ada");
            byte[] raw = c.call(List.of("DUMP".getBytes(), "k".getBytes()));
            int start = 0;
            while (raw[start] != '\n') {
                start++;
            }
            byte[] payload = java.util.Arrays.copyOfRange(raw, start + 1, raw.length - 2);
            assertEquals("+OK\r\n", new String(c.call(List.of("RESTORE".getBytes(), "copy".getBytes(),
                    "0".getBytes(), payload))));
            assertEquals("greeting", c.callValue("TYPE", "copy"));
            assertEquals("Hello, Bob!", c.callValue("GREET.HELLO", "copy", "Bob"));
            assertEquals(2L, c.callValue("DEL", "k", "copy"));
        }
    }
}
