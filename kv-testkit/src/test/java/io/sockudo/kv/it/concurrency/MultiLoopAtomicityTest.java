package io.sockudo.kv.it.concurrency;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The execution model with several event loops: commands of clients on different loops run
 * concurrently, so the shard locks must make every command atomic. Counts from concurrent INCRs
 * must add up, and a multi-key MSET must never be seen half applied by MGET on keys that live in
 * different shards, nor a MULTI/EXEC by another client.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MultiLoopAtomicityTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 1500;

    @Test
    void commandsAreAtomicAcrossEventLoops() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--event-loop-threads", "4")) {
            ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int id = t;
                Thread th = new Thread(() -> {
                    try (RespClient c = new RespClient(server.port())) {
                        for (int i = 0; i < ROUNDS; i++) {
                            c.callText("INCR", "counter:" + (i % 4));
                            if (id % 2 == 0) {
                                // keys chosen to fall in different shards (different hash slots)
                                String v = id + "-" + i;
                                c.callText("MSET", "pair:a", v, "pair:b", v, "pair:c", v);
                            } else {
                                String r = c.callText("MGET", "pair:a", "pair:b", "pair:c");
                                String[] parts = r.split("\r\n");
                                if (parts.length == 7 && !(parts[2].equals(parts[4]) && parts[4].equals(parts[6]))) {
                                    problems.add("torn MSET seen: " + r.replace("\r\n", " "));
                                }
                            }
                            if (i % 50 == 0) {
                                c.callText("MULTI");
                                c.callText("INCRBY", "tx:x", "1");
                                c.callText("INCRBY", "tx:y", "1");
                                c.callText("EXEC");
                                String r = c.callText("MGET", "tx:x", "tx:y");
                                String[] parts = r.split("\r\n");
                                if (!parts[2].equals(parts[4])) {
                                    problems.add("torn MULTI seen: " + r.replace("\r\n", " "));
                                }
                            }
                        }
                    } catch (Exception e) {
                        problems.add(e.toString());
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(100_000);
            }
            assertTrue(problems.isEmpty(), String.join("\n", problems));
            try (RespClient c = new RespClient(server.port())) {
                long total = 0;
                for (int k = 0; k < 4; k++) {
                    total += Long.parseLong(c.callText("GET", "counter:" + k).split("\r\n")[1]);
                }
                assertEquals((long) THREADS * ROUNDS, total);
                String x = c.callText("GET", "tx:x");
                assertEquals(x, c.callText("GET", "tx:y"));
            }
        }
    }
}
