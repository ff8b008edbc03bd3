package io.sockudo.kv.it.streams;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamConsumerInfo;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamGroupInfo;
import redis.clients.jedis.resps.StreamInfo;
import redis.clients.jedis.resps.StreamPendingSummary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streams through Jedis and Lettuce: several consumers of one group under concurrency (each entry
 * delivered once, pending lists and claims consistent), and the XINFO replies clients parse.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamClientsTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Jedis connect(RedisProtocol protocol) {
        return new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(10000).build());
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void consumersOfOneGroupGetEachEntryOnce(RedisProtocol protocol) throws Exception {
        String key = "jobs:" + protocol;
        int total = 2000;
        int consumers = 4;
        try (Jedis admin = connect(protocol)) {
            admin.xgroupCreate(key, "workers", new StreamEntryID(0, 0), true);
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger acked = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < consumers; c++) {
            String name = "c" + c;
            Thread t = new Thread(() -> {
                try (Jedis j = connect(protocol)) {
                    long idleRounds = 0;
                    while (acked.get() < total && idleRounds < 100) {
                        List<Map.Entry<String, List<StreamEntry>>> r = j.xreadGroup("workers", name,
                                XReadGroupParams.xReadGroupParams().count(7).block(50),
                                Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
                        if (r == null || r.isEmpty()) {
                            idleRounds++;
                            continue;
                        }
                        for (StreamEntry e : r.get(0).getValue()) {
                            if (!seen.add(e.getID().toString())) {
                                duplicates.incrementAndGet();
                            }
                            acked.addAndGet((int) j.xack(key, "workers", e.getID()));
                        }
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        try (Jedis producer = connect(protocol)) {
            for (int i = 0; i < total; i++) {
                producer.xadd(key, StreamEntryID.NEW_ENTRY, Map.of("n", Integer.toString(i)));
            }
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(0, duplicates.get());
        assertEquals(total, seen.size());
        assertEquals(total, acked.get());
        try (Jedis admin = connect(protocol)) {
            StreamPendingSummary summary = admin.xpending(key, "workers");
            assertEquals(0, summary.getTotal());
            List<StreamGroupInfo> groups = admin.xinfoGroups(key);
            assertEquals(1, groups.size());
            assertEquals(0L, groups.get(0).getGroupInfo().get("lag"));
            assertEquals((long) total, groups.get(0).getGroupInfo().get("entries-read"));
            StreamInfo info = admin.xinfoStream(key);
            assertEquals(total, info.getLength());
        }
    }

    @Test
    void concurrentAutoclaimKeepsOneOwnerPerPendingEntry() throws Exception {
        String key = "claims";
        int total = 200;
        try (Jedis admin = connect(RedisProtocol.RESP2)) {
            admin.xgroupCreate(key, "g", new StreamEntryID(0, 0), true);
            for (int i = 1; i <= total; i++) {
                admin.xadd(key, new StreamEntryID(i, 0), Map.of("f", "v"));
            }
            admin.xreadGroup("g", "first", XReadGroupParams.xReadGroupParams(),
                    Map.of(key, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
        }
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        for (int c = 0; c < 4; c++) {
            String name = "claimer" + c;
            Thread t = new Thread(() -> {
                try (Jedis j = connect(RedisProtocol.RESP2)) {
                    for (int round = 0; round < 20; round++) {
                        StreamEntryID cursor = new StreamEntryID(0, 0);
                        do {
                            Map.Entry<StreamEntryID, List<StreamEntry>> r = j.xautoclaim(key, "g", name, 0, cursor,
                                    XAutoClaimParams.xAutoClaimParams().count(13));
                            cursor = r.getKey();
                        } while (!cursor.equals(new StreamEntryID(0, 0)));
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(60_000);
        }
        assertTrue(errors.isEmpty(), errors.toString());
        try (Jedis admin = connect(RedisProtocol.RESP3)) {
            StreamPendingSummary summary = admin.xpending(key, "g");
            assertEquals(total, summary.getTotal());
            long sum = 0;
            for (Long n : summary.getConsumerMessageCount().values()) {
                sum += n;
            }
            assertEquals(total, sum);
            long consumerSum = 0;
            Set<String> names = new HashSet<>();
            for (StreamConsumerInfo ci : admin.xinfoConsumers2(key, "g")) {
                consumerSum += ci.getPending();
                names.add(ci.getName());
                assertNotNull(ci.getIdle());
            }
            assertEquals(total, consumerSum);
            assertEquals(5, names.size());
        }
    }

    @Test
    void lettuceGroupReadAndAck() {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            r.xgroupCreate(XReadArgs.StreamOffset.from("lt", "0"), "g",
                    io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
            String id1 = r.xadd("lt", Map.of("a", "1"));
            String id2 = r.xadd("lt", Map.of("b", "2"));
            List<StreamMessage<String, String>> got = r.xreadgroup(Consumer.from("g", "c1"),
                    XReadArgs.StreamOffset.lastConsumed("lt"));
            assertEquals(2, got.size());
            assertEquals(id1, got.get(0).getId());
            assertEquals(Map.of("b", "2"), got.get(1).getBody());
            assertEquals(2L, r.xack("lt", "g", id1, id2));
            assertEquals(2L, r.xlen("lt"));
            assertEquals(1, r.xrange("lt", io.lettuce.core.Range.create("-", "+"),
                    io.lettuce.core.Limit.from(1)).size());
            assertEquals(id2, r.xrevrange("lt", io.lettuce.core.Range.create("-", "+")).get(0).getId());
        } finally {
            client.shutdown();
        }
    }
}
