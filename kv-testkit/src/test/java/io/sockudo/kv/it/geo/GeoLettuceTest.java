package io.sockudo.kv.it.geo;

import io.lettuce.core.GeoArgs;
import io.lettuce.core.GeoCoordinates;
import io.lettuce.core.GeoSearch;
import io.lettuce.core.GeoWithin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Geo commands through Lettuce (its default RESP3 handshake). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GeoLettuceTest {
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
    void geoCommands() {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisCommands<String, String> r = c.sync();
            assertEquals(1L, r.geoadd("sicily", 13.361389, 38.115556, "Palermo"));
            assertEquals(1L, r.geoadd("sicily", 15.087269, 37.502669, "Catania"));
            List<GeoCoordinates> pos = r.geopos("sicily", "Catania", "nosuch");
            assertEquals(15.08726745843887329, pos.get(0).getX().doubleValue(), 0);
            assertEquals(37.50266842333162032, pos.get(0).getY().doubleValue(), 0);
            assertNull(pos.get(1));
            assertEquals(166274.1516, r.geodist("sicily", "Palermo", "Catania", GeoArgs.Unit.m), 0);
            assertEquals(Set.of("Palermo", "Catania"), r.georadius("sicily", 15, 37, 200, GeoArgs.Unit.km));
            List<GeoWithin<String>> near = r.geosearch("sicily", GeoSearch.fromCoordinates(15, 37),
                    GeoSearch.byRadius(100, GeoArgs.Unit.km), new GeoArgs().withDistance().asc());
            assertEquals(1, near.size());
            assertEquals("Catania", near.get(0).getMember());
            assertEquals(56.4413, near.get(0).getDistance(), 0);
            assertEquals(2L, r.geosearchstore("near", "sicily", GeoSearch.fromMember("Palermo"),
                    GeoSearch.byBox(400, 400, GeoArgs.Unit.km), new GeoArgs(), false));
            assertEquals(List.of("Palermo", "Catania"), r.zrange("near", 0, -1));
        } finally {
            client.shutdown();
        }
    }
}
