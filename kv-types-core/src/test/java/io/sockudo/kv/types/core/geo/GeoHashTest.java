package io.sockudo.kv.types.core.geo;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 52-bit geohash against values redis-server 7.0 produces, and encode/decode round trips. */
class GeoHashTest {
    @Test
    void scoresAndCoordinatesAsRedis() {
        // GEOADD Sicily 13.361389 38.115556 Palermo 15.087269 37.502669 Catania (redis-server 7.0.15)
        assertEquals(3479099956230698L, GeoHash.encodeScore(13.361389, 38.115556));
        assertEquals(3479447370796909L, GeoHash.encodeScore(15.087269, 37.502669));
        double[] xy = GeoHash.decodeScore(3479099956230698L);
        assertEquals("13.36138933897018433", GeoCommands.human(xy[0]));
        assertEquals("38.11555639549629859", GeoCommands.human(xy[1]));
        assertEquals("sqc8b49rny0", new String(GeoHash.geohashString(3479099956230698L), StandardCharsets.US_ASCII));
        double[] c = GeoHash.decodeScore(3479447370796909L);
        assertEquals(166274.1516, Math.round(GeoHash.distance(xy[0], xy[1], c[0], c[1]) * 10000) / 10000.0);
        assertEquals(-1, GeoHash.encodeScore(181, 0));
        assertEquals(-1, GeoHash.encodeScore(0, 85.06));
    }

    @Test
    void roundTripStaysInsideTheCell() {
        Random rnd = new Random(5);
        for (int i = 0; i < 10000; i++) {
            double lon = rnd.nextDouble() * 360 - 180;
            double lat = rnd.nextDouble() * 170.1 - 85.05;
            long score = GeoHash.encodeScore(lon, lat);
            double[] xy = GeoHash.decodeScore(score);
            assertTrue(Math.abs(xy[0] - lon) < 1e-5 && Math.abs(xy[1] - lat) < 1e-5, lon + "," + lat);
        }
    }

    @Test
    void searchCentreBoxContainsTheCentre() {
        GeoShape s = new GeoShape();
        s.circle = true;
        s.lon = 15;
        s.lat = 37;
        s.radius = 200;
        s.conversion = 1000;
        long[][] boxes = GeoHash.searchAreas(s);
        long centre = GeoHash.encodeScore(15, 37);
        long min = GeoHash.align52(boxes[0][0], (int) boxes[0][1]);
        long max = GeoHash.align52(boxes[0][0] + 1, (int) boxes[0][1]);
        assertTrue(centre >= min && centre < max);
    }
}
