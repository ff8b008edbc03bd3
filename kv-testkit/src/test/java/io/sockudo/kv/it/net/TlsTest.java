package io.sockudo.kv.it.net;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TLS on tls-port with each engine (OpenSSL through Netty's tcnative, and the JDK's):
 * redis-cli --tls, Jedis and Lettuce, client certificates. {@code tls-provider openssl} stops
 * the start-up when OpenSSL cannot load, so its runs prove that engine served them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.generate();
    }

    /** A server with a TLS port beside the plain one, on the given tls-provider (openssl or jdk). */
    private static EmbeddedServer start(String provider, String... extra) throws Exception {
        List<String> args = new ArrayList<>(certs.serverArgs());
        args.addAll(List.of("--tls-provider", provider));
        args.addAll(List.of("--port", String.valueOf(RedisServerProcess.freePort()),
                "--tls-port", String.valueOf(RedisServerProcess.freePort())));
        args.addAll(List.of(extra));
        return EmbeddedServer.start(args.toArray(new String[0]));
    }

    private static Jedis jedis(int port, boolean clientCert) throws Exception {
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(certs.clientContext(clientCert).getSocketFactory()).timeoutMillis(10_000).build());
    }

    /** redis-cli with the given arguments against the port; its output. */
    private static String cli(List<String> args) throws Exception {
        Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "redis-cli finished");
        return new String(out, StandardCharsets.UTF_8).trim();
    }

    private static List<String> cliTls(int port, boolean clientCert, String... command) {
        List<String> a = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port), "--tls",
                "--cacert", certs.caCert().toString()));
        if (clientCert) {
            a.addAll(List.of("--cert", certs.clientCert().toString(), "--key", certs.clientKey().toString()));
        }
        a.addAll(List.of(command));
        return a;
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void redisCliOverTlsWithAClientCertificateBesideThePlainPort(String provider) throws Exception {
        try (EmbeddedServer s = start(provider)) {
            assertEquals("OK", cli(cliTls(s.tlsPort(), true, "SET", "k", "over-tls")));
            assertEquals("over-tls", cli(cliTls(s.tlsPort(), true, "GET", "k")));
            // the plain port still speaks plain RESP beside it
            try (Jedis j = new Jedis("127.0.0.1", s.port())) {
                assertEquals("over-tls", j.get("k"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void jedisOverTlsAndAClientWithoutCertificateIsRefusedByDefault(String provider) throws Exception {
        try (EmbeddedServer s = start(provider)) {
            try (Jedis j = jedis(s.tlsPort(), true)) {
                assertEquals("OK", j.set("a", "1"));
                assertEquals(2L, j.incr("a"));
            }
            // tls-auth-clients yes (Redis's default): the handshake fails without a certificate
            assertThrows(Exception.class, () -> {
                try (Jedis j = jedis(s.tlsPort(), false)) {
                    j.ping();
                }
            });
            String out = cli(cliTls(s.tlsPort(), false, "PING"));
            assertTrue(!out.contains("PONG"), out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void optionalClientCertificates(String provider) throws Exception {
        try (EmbeddedServer s = start(provider, "--tls-auth-clients", "optional")) {
            try (Jedis j = jedis(s.tlsPort(), false)) {
                assertEquals("PONG", j.ping());
            }
            try (Jedis j = jedis(s.tlsPort(), true)) {
                assertEquals("PONG", j.ping());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void configSetAppliesToNewConnections(String provider) throws Exception {
        try (EmbeddedServer s = start(provider); Jedis plain = new Jedis("127.0.0.1", s.port())) {
            assertEquals(List.of("tls-auth-clients", "yes"), plain.configGet("tls-auth-clients").entrySet().stream()
                    .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toList());
            assertThrows(Exception.class, () -> {
                try (Jedis j = jedis(s.tlsPort(), false)) {
                    j.ping();
                }
            });
            assertEquals("OK", plain.configSet("tls-auth-clients", "no"));
            try (Jedis j = jedis(s.tlsPort(), false)) {
                assertEquals("PONG", j.ping());
            }
            // a new TLS port at run time, as Redis's CONFIG SET tls-port
            int other = RedisServerProcess.freePort();
            assertEquals("OK", plain.configSet("tls-port", String.valueOf(other)));
            assertEquals(other, s.tlsPort());
            try (Jedis j = jedis(other, false)) {
                assertEquals("PONG", j.ping());
            }
            // while TLS is in use, a configuration that cannot be built is refused and undone
            Exception e = assertThrows(Exception.class, () -> plain.configSet("tls-protocols", "TLSv1.4"));
            assertTrue(e.getMessage().contains("Unable to update TLS configuration. Check server logs."), e.getMessage());
            assertEquals("", plain.configGet("tls-protocols").get("tls-protocols"));
            e = assertThrows(Exception.class, () -> plain.configSet("tls-cert-file", ""));
            assertTrue(e.getMessage().contains("Unable to update TLS configuration. Check server logs."), e.getMessage());
            assertEquals("OK", plain.configSet("tls-protocols", "TLSv1.3"));
            try (Jedis j = jedis(other, false)) {
                assertEquals("PONG", j.ping());
            }
            // the other engine serves the next connections
            String otherEngine = provider.equals("jdk") ? "openssl" : "jdk";
            assertEquals("OK", plain.configSet("tls-provider", otherEngine));
            try (Jedis j = jedis(other, false)) {
                assertEquals("PONG", j.ping());
            }
            e = assertThrows(Exception.class, () -> plain.configSet("tls-provider", "gnutls"));
            assertTrue(e.getMessage().contains("argument(s) must be one of the following: auto, openssl, jdk"),
                    e.getMessage());
        }
    }

    @Test
    void defaultsAndErrorsAsRedis() throws Exception {
        try (EmbeddedServer s = EmbeddedServer.start(); RespClient c = new RespClient(s.port())) {
            assertEquals(0, s.tlsPort());
            for (String[] kv : new String[][] {{"tls-port", "0"}, {"tls-auth-clients", "yes"}, {"tls-protocols", ""},
                    {"tls-session-caching", "yes"}, {"tls-session-cache-size", "20480"},
                    {"tls-session-cache-timeout", "300"}, {"tls-replication", "no"},
                    {"tls-prefer-server-ciphers", "no"}, {"tls-cert-file", ""}, {"tls-ciphersuites", ""},
                    {"tls-provider", "auto"}}) {
                assertEquals("[" + kv[0] + ", " + kv[1] + "]", c.callValue("CONFIG", "GET", kv[0]).toString());
            }
            // as Redis: protocol names are checked when TLS is configured, not while it is off
            assertEquals("+OK\r\n", c.callText("CONFIG", "SET", "tls-protocols", "TLSv1.4"));
            String err = c.callText("CONFIG", "SET", "tls-port", String.valueOf(RedisServerProcess.freePort()));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS "
                    + "configuration. Check server logs.\r\n", err);
            assertEquals("[tls-port, 0]", c.callValue("CONFIG", "GET", "tls-port").toString());
            err = c.callText("CONFIG", "SET", "tls-auth-clients", "maybe");
            assertTrue(err.contains("argument(s) must be one of the following: no, yes, optional"), err);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void tlsOnlyWhenPortIsZero(String provider) throws Exception {
        List<String> args = new ArrayList<>(certs.serverArgs());
        args.addAll(List.of("--tls-provider", provider, "--port", "0", "--tls-port",
                String.valueOf(RedisServerProcess.freePort()),
                "--tls-auth-clients", "no", "--tls-protocols", "TLSv1.2"));
        try (EmbeddedServer s = EmbeddedServer.start(args.toArray(new String[0]))) {
            assertEquals(0, s.port());
            try (Jedis j = jedis(s.tlsPort(), false)) {
                assertEquals("PONG", j.ping());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"openssl", "jdk"})
    void lettuceOverTlsWithATrustStore(String provider) throws Exception {
        try (EmbeddedServer s = start(provider, "--tls-auth-clients", "no")) {
            RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(s.tlsPort())
                    .withSsl(true).withVerifyPeer(true).withTimeout(Duration.ofSeconds(10)).build());
            client.setOptions(ClientOptions.builder().sslOptions(SslOptions.builder().jdkSslProvider()
                    .trustManager(certs.caCert().toFile()).build()).build());
            try (StatefulRedisConnection<String, String> conn = client.connect()) {
                assertEquals("OK", conn.sync().set("lettuce", "tls"));
                assertEquals("tls", conn.sync().get("lettuce"));
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void aCertificateThatCannotBeReadStopsTheStartUp() throws Exception {
        assertThrows(IllegalStateException.class, () -> EmbeddedServer.start("--tls-port",
                String.valueOf(RedisServerProcess.freePort()), "--tls-cert-file", certs.caCert().toString(),
                "--tls-key-file", certs.dir().resolve("missing.key").toString()));
        // a TLS port without a certificate, as Redis refuses it
        assertThrows(IllegalStateException.class, () -> EmbeddedServer.start("--tls-port",
                String.valueOf(RedisServerProcess.freePort())));
    }
}
