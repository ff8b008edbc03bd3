package io.sockudo.kv.it.protocol;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input closes at most the connection that sent it: after 300 connections sending seeded
 * random bytes (half of them protocol-shaped), the data written before is intact and the
 * server still answers.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class GarbageInputTest {
    @Test
    void randomBytesNeverHurtTheServerOrItsData() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(); RespClient admin = new RespClient(server.port())) {
            assertEquals("+OK\r\n", admin.callText("SET", "survivor", "intact"));
            Random rnd = new Random(7);
            byte[] shape = "*$\r\n0123456789-: SETGETDELFLUSHALL\"'".getBytes(StandardCharsets.ISO_8859_1);
            for (int c = 0; c < 300; c++) {
                try (RespClient garbage = new RespClient(server.port())) {
                    byte[] wire = new byte[1 + rnd.nextInt(2000)];
                    for (int i = 0; i < wire.length; i++) {
                        wire[i] = c % 2 == 0 ? (byte) rnd.nextInt(256) : shape[rnd.nextInt(shape.length)];
                    }
                    garbage.sendRaw(wire);
                    garbage.readAvailable(20);
                } catch (IOException e) {
                    // the server may close a connection that broke the protocol: that is the point
                }
            }
            assertEquals("+PONG\r\n", admin.callText("PING"));
            assertEquals("$6\r\nintact\r\n", admin.callText("GET", "survivor"));
        }
    }
}
