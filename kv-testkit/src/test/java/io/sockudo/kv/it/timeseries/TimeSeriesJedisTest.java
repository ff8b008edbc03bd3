package io.sockudo.kv.it.timeseries;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.timeseries.AggregationType;
import redis.clients.jedis.timeseries.DuplicatePolicy;
import redis.clients.jedis.timeseries.TSAddParams;
import redis.clients.jedis.timeseries.TSAlterParams;
import redis.clients.jedis.timeseries.TSCreateParams;
import redis.clients.jedis.timeseries.TSElement;
import redis.clients.jedis.timeseries.TSGetParams;
import redis.clients.jedis.timeseries.TSInfo;
import redis.clients.jedis.timeseries.TSMGetElement;
import redis.clients.jedis.timeseries.TSMGetParams;
import redis.clients.jedis.timeseries.TSMRangeElements;
import redis.clients.jedis.timeseries.TSMRangeParams;
import redis.clients.jedis.timeseries.TSRangeParams;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The TimeSeries family through Jedis's RedisTimeSeries support, over RESP2 and RESP3. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimeSeriesJedisTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static UnifiedJedis connect(RedisProtocol protocol) {
        return RedisClient.builder().hostAndPort(new HostAndPort("127.0.0.1", server.port()))
                .clientConfig(DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build()).build();
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void writeAndReadOneSeries(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String k = protocol + ":temp";
            assertEquals("OK", j.tsCreate(k, TSCreateParams.createParams().retention(86_400_000L).chunkSize(128)
                    .duplicatePolicy(DuplicatePolicy.LAST).label("room", "study").label("type", "temp")));
            assertEquals(1000L, j.tsAdd(k, 1000, 20.5));
            assertEquals(2000L, j.tsAdd(k, 2000, 21.25, TSAddParams.addParams().onDuplicate(DuplicatePolicy.MAX)));
            assertEquals(2000L, j.tsAdd(k, 2000, 19, TSAddParams.addParams().onDuplicate(DuplicatePolicy.MAX)));
            assertEquals(List.of(1000L, 3000L), j.tsMAdd(new AbstractMap.SimpleEntry<>(k, new TSElement(1000, 0.1)),
                    new AbstractMap.SimpleEntry<>(k, new TSElement(3000, 0.5))));
            assertEquals(new TSElement(3000, 0.5), j.tsGet(k));
            assertEquals(4000L, j.tsIncrBy(k, 2, 4000));
            assertEquals(4000L, j.tsDecrBy(k, 0.25, 4000));
            assertEquals(new TSElement(4000, 2.25), j.tsGet(k));
            List<TSElement> all = j.tsRange(k, 0, 10_000);
            assertEquals(List.of(new TSElement(1000, 0.1), new TSElement(2000, 21.25), new TSElement(3000, 0.5),
                    new TSElement(4000, 2.25)), all);
            assertEquals(List.of(new TSElement(4000, 2.25), new TSElement(3000, 0.5)),
                    j.tsRevRange(k, TSRangeParams.rangeParams(0, 10_000).count(2)));
            assertEquals(List.of(new TSElement(0, 0.1), new TSElement(2000, 21.25), new TSElement(4000, 2.25)),
                    j.tsRange(k, TSRangeParams.rangeParams(0, 10_000).aggregation(AggregationType.MAX, 2000)));
            assertEquals(List.of(new TSElement(0, 1), new TSElement(2000, 2), new TSElement(4000, 1)),
                    j.tsRange(k, TSRangeParams.rangeParams(0, 10_000).aggregation(AggregationType.COUNT, 2000)));
            assertEquals(List.of(new TSElement(1000, 0.1), new TSElement(3000, 0.5)),
                    j.tsRange(k, TSRangeParams.rangeParams(0, 10_000).filterByValues(0, 1)));
            assertEquals(2L, j.tsDel(k, 1500, 3500));
            assertEquals("OK", j.tsAlter(k, TSAlterParams.alterParams().retention(0).label("room", "kitchen")));

            TSInfo info = j.tsInfo(k);
            assertEquals(2L, info.getIntegerProperty("totalSamples"));
            assertEquals(0L, info.getIntegerProperty("retentionTime"));
            assertEquals(128L, info.getIntegerProperty("chunkSize"));
            assertEquals(Map.of("room", "kitchen"), info.getLabels());
            assertEquals("last", String.valueOf(info.getProperty("duplicatePolicy")).toLowerCase());
            TSInfo debug = j.tsInfoDebug(k);
            assertTrue(debug.getChunks().size() >= 1);

            String s = protocol + ":str";
            j.set(s, "x");
            assertThrows(JedisDataException.class, () -> j.tsGet(s));
            assertThrows(JedisDataException.class, () -> j.tsGet(protocol + ":missing"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void rulesLabelsAndMultiSeriesQueries(RedisProtocol protocol) {
        try (UnifiedJedis j = connect(protocol)) {
            String p = protocol + ":";
            j.tsCreate(p + "a", TSCreateParams.createParams().label("proto", p).label("kind", "cpu").label("dc", "x"));
            j.tsCreate(p + "b", TSCreateParams.createParams().label("proto", p).label("kind", "cpu").label("dc", "y"));
            j.tsCreate(p + "avg", TSCreateParams.createParams().label("proto", p).label("kind", "rollup"));
            assertEquals("OK", j.tsCreateRule(p + "a", p + "avg", AggregationType.AVG, 100));
            for (int t = 0; t < 500; t += 10) {
                j.tsAdd(p + "a", t, t);
                j.tsAdd(p + "b", t, 2 * t);
            }
            assertEquals(List.of(new TSElement(0, 45), new TSElement(100, 145), new TSElement(200, 245),
                    new TSElement(300, 345)), j.tsRange(p + "avg", 0, 1000));
            assertEquals(new TSElement(400, 445), j.tsGet(p + "avg", TSGetParams.getParams().latest()));
            TSInfo src = j.tsInfo(p + "a");
            TSInfo.Rule rule = src.getRule(p + "avg");
            assertEquals(100L, rule.getBucketDuration());
            assertEquals(AggregationType.AVG, rule.getAggregator());
            assertEquals(p + "a", j.tsInfo(p + "avg").getProperty("sourceKey"));

            assertEquals(List.of(p + "a", p + "b"), j.tsQueryIndex("proto=" + p, "kind=cpu"));
            Map<String, TSMGetElement> mget = j.tsMGet(TSMGetParams.multiGetParams().withLabels(), "proto=" + p, "kind=cpu");
            assertEquals(2, mget.size());
            assertEquals(new TSElement(490, 980), mget.get(p + "b").getElement());
            assertEquals("y", mget.get(p + "b").getLabels().get("dc"));

            Map<String, TSMRangeElements> range = j.tsMRange(TSMRangeParams.multiRangeParams(0, 1000)
                    .aggregation(AggregationType.SUM, 250).filter("proto=" + p, "kind=cpu").selectedLabels("dc"));
            assertEquals(List.of(new TSElement(0, 3000), new TSElement(250, 9250)), range.get(p + "a").getElements());
            assertEquals("x", range.get(p + "a").getLabels().get("dc"));
            Map<String, TSMRangeElements> grouped = j.tsMRevRange(TSMRangeParams.multiRangeParams(0, 1000).count(2)
                    .filter("proto=" + p, "kind=cpu").groupBy("kind", "max"));
            TSMRangeElements g = grouped.get("kind=cpu");
            assertEquals(List.of(new TSElement(490, 980), new TSElement(480, 960)), g.getElements());
            if (protocol == RedisProtocol.RESP3) {
                assertEquals(List.of("max"), g.getReducers());
                assertEquals(List.of(p + "a", p + "b"), g.getSources());
            }
            assertEquals("OK", j.tsDeleteRule(p + "a", p + "avg"));
            assertNull(j.tsInfo(p + "avg").getProperty("sourceKey"));
            assertThrows(JedisDataException.class, () -> j.tsDeleteRule(p + "a", p + "avg"));
        }
    }
}
