package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.info;
import static io.sockudo.kv.it.replication.Repl.populate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A replica's link to its master over TLS ({@code tls-replication yes}), with client certificates. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsReplicationTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.generate();
    }

    private static List<String> tlsArgs(String... extra) throws Exception {
        List<String> a = new ArrayList<>(certs.serverArgs());
        // a plain port too (port 0 beside a TLS port would mean TLS only): the checks use it
        a.addAll(List.of("--port", String.valueOf(RedisServerProcess.freePort()),
                "--tls-port", String.valueOf(RedisServerProcess.freePort()), "--tls-replication", "yes"));
        a.addAll(List.of(extra));
        return a;
    }

    /** Disk-based (the RDB file in chunks through the SslHandler) and diskless full syncs, then the stream. */
    @ParameterizedTest
    @ValueSource(strings = {"no", "yes"})
    void sockudoReplicaOfASockudoTlsMaster(String diskless) throws Exception {
        List<String> m = tlsArgs("--enable-debug-command", "yes",
                "--repl-diskless-sync", diskless, "--repl-diskless-sync-delay", "0");
        try (EmbeddedServer master = EmbeddedServer.start(m.toArray(new String[0]))) {
            populate(master.port(), "before", 50);
            List<String> r = tlsArgs("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                    String.valueOf(master.tlsPort()));
            try (EmbeddedServer replica = EmbeddedServer.start(r.toArray(new String[0]))) {
                awaitLinkUp(replica.port());
                populate(master.port(), "after", 20);
                awaitSame(master.port(), replica.port());
                // the replica announced its TLS port (the master reaches it there)
                String slave0 = info(master.port(), "replication", "slave0");
                assertEquals(true, slave0.contains("port=" + replica.tlsPort()), slave0);
            }
        }
    }

    @Test
    void sockudoReplicaOfARedisServerTlsMaster() throws Exception {
        int tlsPort = RedisServerProcess.freePort();
        try (RedisServerProcess master = RedisServerProcess.start("--tls-port", String.valueOf(tlsPort),
                "--tls-cert-file", certs.serverCert().toString(), "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caCert().toString(), "--repl-diskless-sync", "no")) {
            assertEquals("+OK\r\n", call(master.port(), "SET", "from-redis", "over-tls"));
            List<String> r = tlsArgs("--replicaof", "127.0.0.1", String.valueOf(tlsPort));
            try (EmbeddedServer replica = EmbeddedServer.start(r.toArray(new String[0]))) {
                awaitLinkUp(replica.port());
                assertEquals("$8\r\nover-tls\r\n", call(replica.port(), "GET", "from-redis"));
                call(master.port(), "SET", "streamed", "yes");
                Repl.await("the stream", 30, () -> "$3\r\nyes\r\n".equals(call(replica.port(), "GET", "streamed")));
            }
        }
    }

    @Test
    void withoutTlsReplicationTheLinkToATlsPortNeverComesUp() throws Exception {
        List<String> m = tlsArgs();
        try (EmbeddedServer master = EmbeddedServer.start(m.toArray(new String[0]));
             EmbeddedServer replica = EmbeddedServer.start("--replicaof", "127.0.0.1", String.valueOf(master.tlsPort()))) {
            Thread.sleep(1500);
            assertNotEquals("up", info(replica.port(), "replication", "master_link_status"));
        }
    }
}
