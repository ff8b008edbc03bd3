package io.sockudo.kv.it.scripting;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scripts, functions and MULTI/EXEC are atomic against concurrent writers (Lettuce), with one
 * event loop and with several: three keys in different shards always move together, whether
 * written by EVALSHA, FCALL or MULTI/EXEC, and every reader (a read-only script or MGET) sees
 * them equal; increments made by scripts and by plain INCRs all count.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ScriptAtomicityTest {
    private static final int WRITERS = 4;
    private static final int ROUNDS = 600;
    private static final String MOVE =
            "local v = redis.call('incr', KEYS[1]) redis.call('set', KEYS[2], v) redis.call('set', KEYS[3], v) "
                    + "redis.call('incr', 'total') return v";
    private static final String READ = "return {redis.call('get', KEYS[1]), redis.call('get', KEYS[2]), "
            + "redis.call('get', KEYS[3])}";

    @ParameterizedTest
    @ValueSource(strings = {"1", "4"})
    void scriptsAndTransactionsAreAtomic(String loops) throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start("--event-loop-threads", loops)) {
            RedisURI uri = RedisURI.create("127.0.0.1", server.port());
            uri.setTimeout(Duration.ofSeconds(30));
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> setup = client.connect()) {
                RedisCommands<String, String> s = setup.sync();
                String moveSha = s.scriptLoad(MOVE);
                s.functionLoad("#!lua name=atomic\nredis.register_function('move', function(keys, args) "
                        + "local v = redis.call('incr', keys[1]) redis.call('set', keys[2], v) "
                        + "redis.call('set', keys[3], v) redis.call('incr', 'total') return v end)");
                String readSha = s.scriptLoad(READ);
                ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
                String[] keys = {"a{1}", "b{2}", "c{3}"};
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < WRITERS; t++) {
                    final int id = t;
                    threads.add(new Thread(() -> {
                        try (StatefulRedisConnection<String, String> c = client.connect()) {
                            RedisCommands<String, String> r = c.sync();
                            for (int i = 0; i < ROUNDS; i++) {
                                switch ((id + i) % 4) {
                                    case 0 -> r.evalsha(moveSha, ScriptOutputType.INTEGER, keys);
                                    case 1 -> r.fcall("move", ScriptOutputType.INTEGER, keys);
                                    case 2 -> {
                                        r.multi();
                                        r.incr("a{1}");
                                        r.incr("b{2}");
                                        r.incr("c{3}");
                                        r.incr("total");
                                        TransactionResult tx = r.exec();
                                        if (tx.size() != 4) {
                                            problems.add("EXEC returned " + tx.size() + " replies");
                                        }
                                    }
                                    default -> {
                                        List<Object> seen = r.evalsha(readSha, ScriptOutputType.MULTI, keys);
                                        if (!(seen.get(0).equals(seen.get(1)) && seen.get(1).equals(seen.get(2)))) {
                                            problems.add("torn write seen by a script: " + seen);
                                        }
                                        List<String> mget = r.mget(keys).stream().map(kv -> kv.getValue()).toList();
                                        if (!(mget.get(0).equals(mget.get(1)) && mget.get(1).equals(mget.get(2)))) {
                                            problems.add("torn write seen by MGET: " + mget);
                                        }
                                        r.incr("plain");
                                    }
                                }
                            }
                        } catch (RuntimeException e) {
                            problems.add(e.toString());
                        }
                    }));
                }
                s.set("a{1}", "0");
                s.set("b{2}", "0");
                s.set("c{3}", "0");
                threads.forEach(Thread::start);
                for (Thread th : threads) {
                    th.join(150_000);
                }
                assertTrue(problems.isEmpty(), String.join("\n", problems));
                int writes = 0;
                for (int t = 0; t < WRITERS; t++) {
                    for (int i = 0; i < ROUNDS; i++) {
                        writes += (t + i) % 4 == 3 ? 0 : 1;
                    }
                }
                assertEquals(String.valueOf(writes), s.get("total"));
                assertEquals(String.valueOf(writes), s.get("a{1}"));
                assertEquals(s.get("a{1}"), s.get("c{3}"));
                assertEquals(String.valueOf(WRITERS * ROUNDS - writes), s.get("plain"));
            } finally {
                client.shutdown();
            }
        }
    }
}
