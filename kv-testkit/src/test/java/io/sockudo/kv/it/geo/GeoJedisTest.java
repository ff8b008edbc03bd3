package io.sockudo.kv.it.geo;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.GeoCoordinate;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoRadiusParam;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Geo commands through Jedis over RESP2 and RESP3 (coordinates parse as Redis's). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GeoJedisTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @EnumSource(value = RedisProtocol.class, names = {"RESP2", "RESP3"})
    void geoCommands(RedisProtocol protocol) {
        try (Jedis j = new Jedis(new HostAndPort("127.0.0.1", server.port()),
                DefaultJedisClientConfig.builder().protocol(protocol).timeoutMillis(5000).build())) {
            String k = protocol.name() + ":Sicily";
            assertEquals(2, j.geoadd(k, java.util.Map.of("Palermo", new GeoCoordinate(13.361389, 38.115556),
                    "Catania", new GeoCoordinate(15.087269, 37.502669))));
            List<GeoCoordinate> pos = j.geopos(k, "Palermo", "nosuch");
            assertEquals(13.36138933897018433, pos.get(0).getLongitude(), 0);
            assertEquals(38.11555639549629859, pos.get(0).getLatitude(), 0);
            assertNull(pos.get(1));
            assertEquals(166.2742, j.geodist(k, "Palermo", "Catania", GeoUnit.KM));
            assertEquals(List.of("sqc8b49rny0"), j.geohash(k, "Palermo"));
            List<GeoRadiusResponse> r = j.georadius(k, 15, 37, 200, GeoUnit.KM,
                    GeoRadiusParam.geoRadiusParam().withDist().withCoord().sortAscending());
            assertEquals("Catania", r.get(0).getMemberByString());
            assertEquals(56.4413, r.get(0).getDistance());
            assertEquals("Palermo", r.get(1).getMemberByString());
            List<GeoRadiusResponse> s = j.geosearch(k, new GeoSearchParam().fromMember("Palermo").byBox(400, 400, GeoUnit.KM)
                    .desc().withDist());
            assertEquals("Catania", s.get(0).getMemberByString());
            assertEquals(1, j.geosearchStore(k + ":dst", k, new GeoSearchParam().fromLonLat(15, 37).byRadius(100, GeoUnit.KM)));
            assertEquals(1, j.zcard(k + ":dst"));
        }
    }
}
