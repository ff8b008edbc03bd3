package io.sockudo.kv.it.probabilistic;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.bloom.BFInsertParams;
import redis.clients.jedis.bloom.BFReserveParams;
import redis.clients.jedis.bloom.CFReserveParams;
import redis.clients.jedis.bloom.TDigestMergeParams;
import redis.clients.jedis.exceptions.JedisDataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probabilistic family through Jedis's RedisBloom support, over RESP2 and RESP3, and
 * SCANDUMP/LOADCHUNK chunks moved from one sockudo-kv server to another.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProbabilisticJedisTest {
    private static EmbeddedServer server;
    private static EmbeddedServer other;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
        other = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        other.close();
    }

    private static UnifiedJedis connect(EmbeddedServer s, RedisProtocol protocol) {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", s.port()))
                .clientConfig(DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build()).build();
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void bloomAndCuckoo(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(server, protocol)) {
            String p = protocol + ":";
            assertTrue(j.bfAdd(p + "bf", "a"));
            assertFalse(j.bfAdd(p + "bf", "a"));
            assertEquals(List.of(true, false, true), j.bfMAdd(p + "bf", "b", "a", "c"));
            assertTrue(j.bfExists(p + "bf", "b"));
            assertEquals(List.of(true, false), j.bfMExists(p + "bf", "c", "zz"));
            assertEquals(3, j.bfCard(p + "bf"));
            Map<String, Object> info = j.bfInfo(p + "bf");
            assertEquals(100L, info.get("Capacity"));
            assertEquals(3L, info.get("Number of items inserted"));
            assertEquals("OK", j.bfReserve(p + "r", 0.001, 500, new BFReserveParams().expansion(4)));
            assertEquals(List.of(true, true), j.bfInsert(p + "ins", new BFInsertParams().capacity(50).error(0.01), "x", "y"));
            assertThrows(JedisDataException.class, () -> j.bfInsert(p + "none", new BFInsertParams().noCreate(), "x"));
            assertTrue(j.cfAdd(p + "cf", "a"));
            assertFalse(j.cfAddNx(p + "cf", "a"));
            assertEquals(List.of(true, true), j.cfInsert(p + "cf", "b", "c"));
            assertTrue(j.cfExists(p + "cf", "b"));
            assertEquals(List.of(true, false), j.cfMExists(p + "cf", "c", "zz"));
            assertEquals(1, j.cfCount(p + "cf", "a"));
            assertTrue(j.cfDel(p + "cf", "a"));
            assertFalse(j.cfDel(p + "cf", "a"));
            assertEquals("OK", j.cfReserve(p + "cfr", 1000, CFReserveParams.reserveParams().bucketSize(4).expansion(2)));
            assertEquals(4L, j.cfInfo(p + "cfr").get("Bucket size"));
            assertEquals(2L, j.cfInfo(p + "cf").get("Number of items inserted"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void sketches(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(server, protocol)) {
            String p = protocol + ":";
            assertEquals("OK", j.cmsInitByDim(p + "cms", 100, 4));
            assertEquals(List.of(5L), j.cmsIncrBy(p + "cms", Map.of("a", 5L)));
            assertEquals(List.of(2L), j.cmsIncrBy(p + "cms", Map.of("b", 2L)));
            assertEquals(List.of(5L, 2L, 0L), j.cmsQuery(p + "cms", "a", "b", "c"));
            assertEquals(7L, j.cmsInfo(p + "cms").get("count"));
            assertEquals("OK", j.cmsInitByProb(p + "cms2", 0.01, 0.01));
            assertEquals("OK", j.cmsInitByDim(p + "cms3", 100, 4));
            assertEquals("OK", j.cmsMerge(p + "cms3", p + "cms", p + "cms"));
            assertEquals(List.of(10L), j.cmsQuery(p + "cms3", "a"));

            assertEquals("OK", j.topkReserve(p + "tk", 2, 50, 5, 0.9));
            List<String> expelled = j.topkAdd(p + "tk", "a", "b", "a", "c", "c", "c");
            assertEquals(6, expelled.size());
            assertEquals(List.of(true, false), j.topkQuery(p + "tk", "c", "zz"));
            assertEquals(List.of("c", "a"), j.topkList(p + "tk"));
            assertEquals(Map.of("c", 3L, "a", 2L), j.topkListWithCount(p + "tk"));
            assertNull(j.topkIncrBy(p + "tk", Map.of("c", 1L)).get(0));
            assertEquals(2L, j.topkInfo(p + "tk").get("k"));

            assertEquals("OK", j.tdigestCreate(p + "td", 100));
            double[] values = new double[1000];
            for (int i = 0; i < values.length; i++) {
                values[i] = i + 1;
            }
            assertEquals("OK", j.tdigestAdd(p + "td", values));
            assertEquals(1.0, j.tdigestMin(p + "td"));
            assertEquals(1000.0, j.tdigestMax(p + "td"));
            assertEquals(500.0, j.tdigestQuantile(p + "td", 0.5).get(0), 5);
            assertEquals(0.5, j.tdigestCDF(p + "td", 500).get(0), 0.01);
            assertEquals(500.5, j.tdigestTrimmedMean(p + "td", 0.1, 0.9), 5);
            assertEquals(List.of(-1L), j.tdigestRank(p + "td", 0));
            assertEquals(List.of(-1L), j.tdigestRevRank(p + "td", 2000));
            assertEquals(List.of(1000L), j.tdigestRank(p + "td", 2000));
            assertEquals(1.0, j.tdigestByRank(p + "td", 0).get(0));
            assertEquals(1000.0, j.tdigestByRevRank(p + "td", 0).get(0));
            assertEquals(1000L, j.tdigestInfo(p + "td").get("Observations"));
            assertEquals("OK", j.tdigestCreate(p + "td2"));
            assertEquals("OK", j.tdigestMerge(TDigestMergeParams.mergeParams().compression(200).override(), p + "td2", p + "td"));
            assertEquals(200L, j.tdigestInfo(p + "td2").get("Compression"));
            assertEquals("OK", j.tdigestReset(p + "td2"));
            assertTrue(Double.isNaN(j.tdigestMin(p + "td2")));
        }
    }

    /** Chunks from one server rebuild the same filter on another: a scaled Bloom filter and a grown Cuckoo filter. */
    @Test
    void scanDumpChunksMoveBetweenServers() {
        try (UnifiedJedis a = connect(server, RedisProtocol.RESP2); UnifiedJedis b = connect(other, RedisProtocol.RESP3)) {
            a.bfReserve("move:bf", 0.01, 100);
            a.cfReserve("move:cf", 64, CFReserveParams.reserveParams().expansion(2));
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                items.add("item:" + i);
            }
            a.bfMAdd("move:bf", items.toArray(new String[0]));
            a.cfInsert("move:cf", items.subList(0, 300).toArray(new String[0]));
            assertTrue((Long) a.bfInfo("move:bf").get("Number of filters") > 1, "the filter scaled");
            assertTrue((Long) a.cfInfo("move:cf").get("Number of filters") > 1, "the cuckoo filter grew");
            long iter = 0;
            while (true) {
                Map.Entry<Long, byte[]> e = a.bfScanDump("move:bf", iter);
                iter = e.getKey();
                if (iter == 0) {
                    break;
                }
                assertEquals("OK", b.bfLoadChunk("move:bf", iter, e.getValue()));
            }
            iter = 0;
            while (true) {
                Map.Entry<Long, byte[]> e = a.cfScanDump("move:cf", iter);
                iter = e.getKey();
                if (iter == 0) {
                    break;
                }
                assertEquals("OK", b.cfLoadChunk("move:cf", iter, e.getValue()));
            }
            assertEquals(a.bfInfo("move:bf"), b.bfInfo("move:bf"));
            assertEquals(a.cfInfo("move:cf"), b.cfInfo("move:cf"));
            assertEquals(a.bfCard("move:bf"), b.bfCard("move:bf"));
            for (String item : items.subList(0, 300)) {
                assertTrue(b.bfExists("move:bf", item));
                assertTrue(b.cfExists("move:cf", item));
            }
            assertEquals(a.bfMExists("move:bf", "x1", "x2", "x3", "x4"), b.bfMExists("move:bf", "x1", "x2", "x3", "x4"));
            assertTrue(b.memoryUsage("move:bf") > 2000);
        }
    }
}
