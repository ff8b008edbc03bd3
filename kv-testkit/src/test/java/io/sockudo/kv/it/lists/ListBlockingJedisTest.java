package io.sockudo.kv.it.lists;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.args.ListDirection;
import redis.clients.jedis.args.UnblockType;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Blocking list commands with several concurrent Jedis clients: FIFO service per key, several
 * keys, BLMOVE chains, CLIENT UNBLOCK, timeouts, wake-ups from MULTI/EXEC, and no element lost or
 * delivered twice with 8 consumers. No assertion depends on timing: each test waits (bounded)
 * until the server reports the expected number of blocked clients before writing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ListBlockingJedisTest {
    private static EmbeddedServer server;
    private ExecutorService pool;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void flush() {
        try (Jedis j = connect()) {
            j.flushAll();
        }
    }

    private static Jedis connect() {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().timeoutMillis(20000).build());
    }


    private <T> Future<T> async(java.util.concurrent.Callable<T> c) {
        if (pool == null) {
            pool = Executors.newCachedThreadPool();
        }
        return pool.submit(c);
    }

    @Test
    void servesWaitersInFifoOrder() throws Exception {
        List<Jedis> clients = new ArrayList<>();
        List<Future<List<String>>> results = new ArrayList<>();
        try (Jedis ctl = connect()) {
            for (int i = 0; i < 4; i++) {
                Jedis c = connect();
                clients.add(c);
                results.add(async(() -> c.blpop(0, "fifo")));
                server.awaitBlockedClients(i + 1);
            }
            // one push of three elements: the first three waiters get one each, in order
            assertEquals(3, ctl.rpush("fifo", "a", "b", "c"));
            assertEquals(List.of("fifo", "a"), results.get(0).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("fifo", "b"), results.get(1).get(10, TimeUnit.SECONDS));
            assertEquals(List.of("fifo", "c"), results.get(2).get(10, TimeUnit.SECONDS));
            server.awaitBlockedClients(1);
            assertFalse(results.get(3).isDone());
            assertEquals(0, ctl.exists("fifo") ? 1 : 0);
            ctl.lpush("fifo", "d");
            assertEquals(List.of("fifo", "d"), results.get(3).get(10, TimeUnit.SECONDS));
        } finally {
            clients.forEach(Jedis::close);
            pool.shutdownNow();
        }
    }

    @Test
    void blockedOnSeveralKeysGetsTheWrittenOne() throws Exception {
        try (Jedis ctl = connect(); Jedis a = connect(); Jedis b = connect()) {
            Future<List<String>> fa = async(() -> a.brpop(0, "k1", "k2", "k3"));
            server.awaitBlockedClients(1);
            Future<KeyValue<String, List<String>>> fb = async(() -> b.blmpop(0, ListDirection.LEFT, 2, "k3", "k2"));
            server.awaitBlockedClients(2);
            ctl.rpush("k2", "x", "y", "z");
            assertEquals(List.of("k2", "z"), fa.get(10, TimeUnit.SECONDS));
            KeyValue<String, List<String>> got = fb.get(10, TimeUnit.SECONDS);
            assertEquals("k2", got.getKey());
            assertEquals(List.of("x", "y"), got.getValue());
            assertFalse(ctl.exists("k2"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blmoveChainDeliversThrough() throws Exception {
        try (Jedis ctl = connect(); Jedis a = connect(); Jedis b = connect(); Jedis c = connect()) {
            Future<String> fa = async(() -> a.blmove("c1", "c2", ListDirection.RIGHT, ListDirection.LEFT, 0));
            server.awaitBlockedClients(1);
            Future<String> fb = async(() -> b.brpoplpush("c2", "c3", 0));
            server.awaitBlockedClients(2);
            Future<List<String>> fc = async(() -> c.blpop(0, "c3"));
            server.awaitBlockedClients(3);
            ctl.rpush("c1", "v");
            assertEquals("v", fa.get(10, TimeUnit.SECONDS));
            assertEquals("v", fb.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("c3", "v"), fc.get(10, TimeUnit.SECONDS));
            assertFalse(ctl.exists("c1"));
            assertFalse(ctl.exists("c2"));
            assertFalse(ctl.exists("c3"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void clientUnblockTimeoutAndError() throws Exception {
        try (Jedis ctl = connect(); Jedis a = connect()) {
            long id = a.clientId();
            Future<List<String>> f = async(() -> a.blpop(0, "nothing"));
            server.awaitBlockedClients(1);
            assertEquals(1, ctl.clientUnblock(id, UnblockType.TIMEOUT));
            assertNull(f.get(10, TimeUnit.SECONDS));
            Future<String> g = async(() -> a.blmove("nothing", "d", ListDirection.LEFT, ListDirection.LEFT, 0));
            server.awaitBlockedClients(1);
            assertEquals(1, ctl.clientUnblock(id, UnblockType.ERROR));
            Exception e = assertThrows(Exception.class, () -> g.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof JedisDataException);
            assertEquals("UNBLOCKED client unblocked via CLIENT UNBLOCK", e.getCause().getMessage());
            assertEquals(0, ctl.clientUnblock(id, UnblockType.TIMEOUT));
            assertEquals("PONG", a.ping());
            assertFalse(ctl.exists("d"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waiterIgnoresKeyTurnedIntoAnotherType() throws Exception {
        try (Jedis ctl = connect(); Jedis a = connect(); Jedis b = connect()) {
            Future<List<String>> fa = async(() -> a.blpop(0, "wt"));
            server.awaitBlockedClients(1);
            Future<KeyValue<String, List<String>>> fb = async(() -> b.blmpop(0, ListDirection.RIGHT, "wt2", "wt"));
            server.awaitBlockedClients(2);
            // Redis 7.0 serves blocked clients only from keys of the type they wait for
            ctl.set("wt", "string");
            assertEquals("PONG", ctl.ping());
            server.awaitBlockedClients(2);
            assertFalse(fa.isDone());
            assertFalse(fb.isDone());
            // a fresh BLPOP on the string key is a WRONGTYPE error at once
            assertThrows(JedisDataException.class, () -> ctl.blpop(0, "wt"));
            ctl.del("wt");
            ctl.rpush("wt", "1", "2");
            assertEquals(List.of("wt", "1"), fa.get(10, TimeUnit.SECONDS));
            KeyValue<String, List<String>> got = fb.get(10, TimeUnit.SECONDS);
            assertEquals("wt", got.getKey());
            assertEquals(List.of("2"), got.getValue());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void timeoutsAnswerNull() {
        try (Jedis a = connect()) {
            assertNull(a.blpop(0.05, "none"));
            assertNull(a.brpop(0.01, "none", "none2"));
            assertNull(a.blmove("none", "d", ListDirection.LEFT, ListDirection.RIGHT, 0.02));
            assertNull(a.blmpop(0.02, ListDirection.RIGHT, "none"));
            assertFalse(a.exists("d"));
            assertEquals("PONG", a.ping());
        }
    }

    @Test
    void pushesInsideMultiWakeBlockedClients() throws Exception {
        try (Jedis ctl = connect(); Jedis a = connect()) {
            Future<List<String>> f = async(() -> a.blpop(0, "mq"));
            server.awaitBlockedClients(1);
            // pushed and popped inside one transaction: nothing left when the waiter runs
            Transaction t = ctl.multi();
            t.rpush("mq", "gone");
            t.lpop("mq");
            t.exec();
            server.awaitBlockedClients(1);
            assertFalse(f.isDone());
            t = ctl.multi();
            t.rpush("mq", "x");
            t.rpush("mq", "y");
            t.exec();
            assertEquals(List.of("mq", "x"), f.get(10, TimeUnit.SECONDS));
            assertEquals(List.of("y"), ctl.lrange("mq", 0, -1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eightConsumersNeitherLoseNorDuplicate() throws Exception {
        int consumers = 8;
        int total = 4000;
        List<Jedis> clients = new ArrayList<>();
        List<Future<List<String>>> got = new ArrayList<>();
        try (Jedis producer = connect()) {
            for (int i = 0; i < consumers; i++) {
                Jedis c = connect();
                clients.add(c);
                final boolean right = i % 2 == 0;
                got.add(async(() -> {
                    List<String> mine = new ArrayList<>();
                    while (true) {
                        List<String> r = right ? c.brpop(20, "work", "work2") : c.blpop(20, "work2", "work");
                        if (r == null || r.get(1).equals("STOP")) {
                            return mine;
                        }
                        mine.add(r.get(1));
                    }
                }));
            }
            for (int i = 0; i < total; i += 10) {
                String[] batch = new String[10];
                for (int k = 0; k < 10; k++) {
                    batch[k] = Integer.toString(i + k);
                }
                if ((i / 10) % 3 == 0) {
                    producer.lpush("work2", batch);
                } else {
                    producer.rpush("work", batch);
                }
            }
            // the STOP sentinels go last, one per consumer, after every element was taken
            while (producer.llen("work") + producer.llen("work2") > 0) {
                Thread.sleep(5);
            }
            for (int i = 0; i < consumers; i++) {
                producer.rpush("work", "STOP");
            }
            Set<String> all = new HashSet<>();
            int count = 0;
            for (Future<List<String>> f : got) {
                List<String> mine = f.get(30, TimeUnit.SECONDS);
                count += mine.size();
                all.addAll(mine);
            }
            assertEquals(total, count, "an element was lost or delivered twice");
            assertEquals(total, all.size());
            List<Integer> sorted = new ArrayList<>();
            all.forEach(s -> sorted.add(Integer.parseInt(s)));
            Collections.sort(sorted);
            assertEquals(0, sorted.get(0));
            assertEquals(total - 1, sorted.get(total - 1));
        } finally {
            clients.forEach(Jedis::close);
            pool.shutdownNow();
        }
    }
}
