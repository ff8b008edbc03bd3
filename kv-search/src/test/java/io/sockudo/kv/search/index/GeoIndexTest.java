package io.sockudo.kv.search.index;

import io.sockudo.kv.search.util.Geo;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Radius queries equal a naive scan with the exact distance, for points and circles anywhere
 * (clusters near the poles and the antimeridian included) and radii from metres to thousands of km.
 */
class GeoIndexTest {
    @Test
    void radiusQueriesEqualANaiveScan() {
        Random rnd = new Random(11);
        int n = 20_000;
        double[][] pts = new double[n][];
        GeoIndex idx = new GeoIndex();
        double[][] centres = {{0, 0}, {179.9, 10}, {-179.9, -10}, {13.4, 84.9}, {-70, -84.9}, {2.35, 48.85}};
        for (int i = 0; i < n; i++) {
            double lon;
            double lat;
            if (i % 2 == 0) {
                lon = rnd.nextDouble() * 360 - 180;
                lat = rnd.nextDouble() * 170 - 85;
            } else {
                double[] c = centres[rnd.nextInt(centres.length)];
                lon = Math.max(-180, Math.min(180, c[0] + rnd.nextGaussian() * 0.5));
                lat = Math.max(Geo.LAT_MIN, Math.min(Geo.LAT_MAX, c[1] + rnd.nextGaussian() * 0.5));
            }
            pts[i] = new double[] {lon, lat};
            idx.add(lon, lat, i);
        }
        double[] radii = {50, 1_000, 20_000, 100_000, 500_000, 3_000_000};
        for (int q = 0; q < 300; q++) {
            double[] c = q % 2 == 0 ? centres[rnd.nextInt(centres.length)]
                    : new double[] {rnd.nextDouble() * 360 - 180, rnd.nextDouble() * 170 - 85};
            double lon = Math.max(-180, Math.min(180, c[0] + rnd.nextGaussian() * 0.3));
            double lat = Math.max(Geo.LAT_MIN, Math.min(Geo.LAT_MAX, c[1] + rnd.nextGaussian() * 0.3));
            double r = radii[rnd.nextInt(radii.length)];
            RoaringBitmap expected = new RoaringBitmap();
            for (int i = 0; i < n; i++) {
                if (Geo.distance(lon, lat, pts[i][0], pts[i][1]) <= r) {
                    expected.add(i);
                }
            }
            RoaringBitmap got = idx.radius(lon, lat, r, d -> pts[d]);
            assertEquals(expected, got, "lon " + lon + " lat " + lat + " r " + r);
        }
    }
}
