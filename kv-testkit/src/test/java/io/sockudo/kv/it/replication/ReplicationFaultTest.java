package io.sockudo.kv.it.replication;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.sockudo.kv.it.replication.Repl.awaitLinkUp;
import static io.sockudo.kv.it.replication.Repl.awaitSame;
import static io.sockudo.kv.it.replication.Repl.bytes;
import static io.sockudo.kv.it.replication.Repl.call;
import static io.sockudo.kv.it.replication.Repl.populate;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under a bounded write load (loopback only, a few seconds): the links of a sockudo and a redis
 * replica are cut repeatedly, one replica is killed and replaced (a full sync under load, itself
 * cut once in the middle); when the load stops every replica converges to the master's digest.
 */
class ReplicationFaultTest {

    @Test
    void cutsAndKillsUnderLoadConverge() throws Exception {
        try (EmbeddedServer m = EmbeddedServer.start("--enable-debug-command", "yes", "--repl-diskless-sync-delay", "0",
                "--repl-backlog-size", "262144");
             RedisServerProcess r2 = RedisServerProcess.start("--repl-diskless-sync-delay", "0")) {
            populate(m.port(), "base", 500);
            byte[] big = new byte[16 * 1024];
            try (RespClient c = new RespClient(m.port())) {
                for (int i = 0; i < 300; i++) {
                    c.call(List.of(bytes("SET"), bytes("big" + i), big));
                }
            }
            EmbeddedServer r1 = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                    Integer.toString(m.port()));
            call(r2.port(), "REPLICAOF", "127.0.0.1", Integer.toString(m.port()));
            awaitLinkUp(r1.port());
            awaitLinkUp(r2.port());

            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong writes = new AtomicLong();
            Thread writer = new Thread(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try (RespClient c = new RespClient(m.port())) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (!stop.get() && System.nanoTime() < deadline) {
                        int k = rnd.nextInt(2000);
                        switch (rnd.nextInt(5)) {
                            case 0 -> c.callText("INCR", "cnt" + k % 50);
                            case 1 -> c.callText("SET", "s" + k, Long.toString(rnd.nextLong()));
                            case 2 -> c.callText("LPUSH", "l" + k % 20, Integer.toString(k));
                            case 3 -> c.callText("HSET", "h" + k % 30, "f" + k, "v");
                            default -> {
                                c.callText("MULTI");
                                c.callText("ZADD", "z" + k % 10, Integer.toString(k), "m" + k);
                                c.callText("DEL", "s" + (k + 1));
                                c.callText("EXEC");
                            }
                        }
                        writes.incrementAndGet();
                    }
                } catch (Exception e) {
                    // reported through the convergence check
                }
            });
            writer.start();
            try {
                for (int round = 0; round < 6; round++) {
                    Thread.sleep(300);
                    if (round % 2 == 0) {
                        call(m.port(), "CLIENT", "KILL", "TYPE", "replica");
                    } else {
                        call(r2.port(), "CLIENT", "KILL", "TYPE", "master");
                    }
                    if (round == 3) {
                        // kill the sockudo replica and replace it: a full sync under load, cut once midway
                        r1.close();
                        r1 = EmbeddedServer.start("--enable-debug-command", "yes", "--replicaof", "127.0.0.1",
                                Integer.toString(m.port()));
                        Thread.sleep(20);
                        call(m.port(), "CLIENT", "KILL", "TYPE", "replica");
                    }
                }
            } finally {
                stop.set(true);
                writer.join(30_000);
            }
            assertTrue(writes.get() > 100, "the load ran: " + writes.get());
            awaitLinkUp(r1.port());
            awaitLinkUp(r2.port());
            awaitSame(m.port(), r1.port());
            awaitSame(m.port(), r2.port());
            r1.close();
        }
    }
}
