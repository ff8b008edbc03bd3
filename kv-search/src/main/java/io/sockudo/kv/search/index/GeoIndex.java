package io.sockudo.kv.search.index;

import io.sockudo.kv.search.util.Geo;
import org.roaringbitmap.RoaringBitmap;

import java.util.Map;
import java.util.TreeMap;

/**
 * A GEO attribute: points keyed by their 52-bit geohash (Redis's encoding), so a radius query
 * visits only the geohash cells around the circle and then checks the exact distance.
 */
public final class GeoIndex {
    private final TreeMap<Long, DocSet> cells = new TreeMap<>();
    private int records;

    void add(double lon, double lat, int doc) {
        cells.computeIfAbsent(Geo.encode(lon, lat), k -> new DocSet()).add(doc);
        records++;
    }

    void remove(double lon, double lat, int doc) {
        Long h = Geo.encode(lon, lat);
        DocSet s = cells.get(h);
        if (s != null) {
            s.remove(doc);
            records--;
            if (s.isEmpty()) {
                cells.remove(h);
            }
        }
    }

    public int records() {
        return records;
    }

    void clear() {
        cells.clear();
        records = 0;
    }

    /**
     * Documents with a point within {@code radiusMeters} of (lon, lat); {@code points} gives each
     * candidate document's points for the exact check.
     */
    public RoaringBitmap radius(double lon, double lat, double radiusMeters, PointSource points) {
        RoaringBitmap out = new RoaringBitmap();
        long[] ranges = Geo.coveringRanges(lon, lat, radiusMeters);
        IntBuffer cand = new IntBuffer();
        RoaringBitmap candidates = new RoaringBitmap();
        if (ranges == null) {
            for (DocSet s : cells.values()) {
                s.addTo(cand, candidates);
            }
        } else {
            for (int i = 0; i < ranges.length; i += 2) {
                for (Map.Entry<Long, DocSet> e : cells.subMap(ranges[i], true, ranges[i + 1], false).entrySet()) {
                    e.getValue().addTo(cand, candidates);
                }
            }
        }
        cand.flushTo(candidates);
        // points outside the circle's box are out without the (trigonometric) exact distance
        double[] box = Geo.boundingBox(lon, lat, radiusMeters);
        candidates.forEach((org.roaringbitmap.IntConsumer) d -> {
            double[] p = points.points(d);
            if (p == null) {
                return;
            }
            for (int i = 0; i + 1 < p.length; i += 2) {
                if (box != null && (p[i] < box[0] || p[i] > box[1] || p[i + 1] < box[2] || p[i + 1] > box[3])) {
                    continue;
                }
                if (Geo.distance(lon, lat, p[i], p[i + 1]) <= radiusMeters) {
                    out.add(d);
                    return;
                }
            }
        });
        return out;
    }

    /** The points (lon, lat pairs) a document holds in this attribute. */
    public interface PointSource {
        double[] points(int doc);
    }
}
