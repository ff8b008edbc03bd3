package io.sockudo.kv.it.pubsub;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Pub/sub through real clients: every message arrives once and in publish order per channel for
 * subscribers that keep up (several publishers, several event loops with
 * -Dsockudo.kv.test.eventLoops), and a subscriber that stops reading is dropped by the pubsub
 * output-buffer limit while the others keep receiving. Waits are bounded liveness checks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PubSubClientsTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jedisSubscribersReceiveEveryMessageInPublishOrderPerChannel() throws Exception {
        int publishers = 4;
        int perPublisher = 2000;
        int subscribers = 3;
        List<Map<String, List<String>>> received = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        CountDownLatch done = new CountDownLatch(subscribers);
        List<Thread> threads = new ArrayList<>();
        List<JedisPubSub> subs = new ArrayList<>();
        for (int s = 0; s < subscribers; s++) {
            Map<String, List<String>> byChannel = new ConcurrentHashMap<>();
            received.add(byChannel);
            AtomicInteger count = new AtomicInteger();
            JedisPubSub sub = new JedisPubSub() {
                @Override
                public void onMessage(String channel, String message) {
                    byChannel.computeIfAbsent(channel, k -> Collections.synchronizedList(new ArrayList<>())).add(message);
                    if (count.incrementAndGet() == publishers * perPublisher) {
                        done.countDown();
                    }
                }

                @Override
                public void onSubscribe(String channel, int n) {
                    if (n == publishers) {
                        subscribed.countDown();
                    }
                }
            };
            subs.add(sub);
            Thread t = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                    String[] channels = new String[publishers];
                    for (int p = 0; p < publishers; p++) {
                        channels[p] = "ch" + p;
                    }
                    j.subscribe(sub, channels);
                }
            });
            t.start();
            threads.add(t);
        }
        assertTrue(subscribed.await(20, TimeUnit.SECONDS));
        List<Thread> pubs = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int id = p;
            Thread t = new Thread(() -> {
                try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                    for (int i = 0; i < perPublisher; i++) {
                        assertEquals(subscribers, j.publish("ch" + id, Integer.toString(i)));
                    }
                }
            });
            t.start();
            pubs.add(t);
        }
        for (Thread t : pubs) {
            t.join();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "every subscriber received every message");
        for (JedisPubSub s : subs) {
            s.unsubscribe();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        for (Map<String, List<String>> byChannel : received) {
            for (int p = 0; p < publishers; p++) {
                List<String> got = byChannel.get("ch" + p);
                for (int i = 0; i < perPublisher; i++) {
                    assertEquals(Integer.toString(i), got.get(i), "in publish order on ch" + p);
                }
            }
        }
    }

    @Test
    void lettucePatternSubscriptionOverResp3() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch two = new CountDownLatch(2);
            sub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    got.add(pattern + "|" + channel + "|" + message);
                    two.countDown();
                }
            });
            sub.sync().psubscribe("news.*");
            // RESP3 (Lettuce's default): commands still run while subscribed
            assertEquals("PONG", sub.sync().ping());
            try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                j.publish("news.a", "1");
                j.publish("other", "x");
                j.publish("news.b", "2");
            }
            assertTrue(two.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("news.*|news.a|1", "news.*|news.b|2"), got);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDroppedAndOthersKeepReceiving() throws Exception {
        try (RespClient admin = new RespClient(server.port())) {
            admin.callText("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 512kb 60");
            try (Socket stalled = new Socket(); Jedis publisher = new Jedis("127.0.0.1", server.port())) {
                stalled.setReceiveBufferSize(8 * 1024);
                stalled.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                OutputStream out = stalled.getOutputStream();
                out.write("SUBSCRIBE flood\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                List<String> keeper = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch keeperSubscribed = new CountDownLatch(1);
                JedisPubSub keep = new JedisPubSub() {
                    @Override
                    public void onMessage(String channel, String message) {
                        keeper.add(message);
                    }

                    @Override
                    public void onSubscribe(String channel, int n) {
                        keeperSubscribed.countDown();
                    }
                };
                Thread t = new Thread(() -> {
                    try (Jedis j = new Jedis("127.0.0.1", server.port())) {
                        j.subscribe(keep, "flood");
                    }
                });
                t.start();
                assertTrue(keeperSubscribed.await(10, TimeUnit.SECONDS));
                awaitNumsub(admin, 2);
                String payload = "x".repeat(10_000);
                int sent = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (numsub(admin) == 2) {
                    publisher.publish("flood", payload);
                    sent++;
                    if (System.nanoTime() > deadline) {
                        fail("the stalled subscriber was never dropped");
                    }
                }
                assertTrue(sent > 50, "dropped only after its buffer filled: " + sent);
                for (int i = 0; i < 10; i++) {
                    publisher.publish("flood", "after");
                }
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!keeper.contains("after") && System.nanoTime() < until) {
                    Thread.sleep(20);
                }
                assertTrue(keeper.contains("after"), "the reading subscriber keeps receiving");
                keep.unsubscribe();
                t.join(10_000);
                InputStream in = stalled.getInputStream();
                byte[] buf = new byte[1 << 16];
                try {
                    while (in.read(buf) >= 0) {
                        // drain what was written before the close
                    }
                } catch (IOException reset) {
                    // closed by the server
                }
            } finally {
                admin.callText("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
    }

    private static int numsub(RespClient admin) throws IOException {
        String r = admin.callText("PUBSUB", "NUMSUB", "flood");
        return Integer.parseInt(r.substring(r.lastIndexOf(':') + 1).trim());
    }

    private static void awaitNumsub(RespClient admin, int n) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (numsub(admin) != n) {
            if (System.nanoTime() > until) {
                fail("subscribers did not reach " + n);
            }
            Thread.sleep(10);
        }
    }
}
