package io.sockudo.kv.search.util;

/**
 * Geodesy as Redis does it: the 52-bit geohash (26 bits per coordinate, latitude limited to
 * ±85.05112878), haversine distances on a sphere of radius 6372797.560856 m, and the units
 * m, km, mi, ft.
 */
public final class Geo {
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LON_MIN = -180;
    public static final double LON_MAX = 180;
    public static final double EARTH_RADIUS = 6372797.560856;
    private static final int STEP = 26;

    private Geo() {
    }

    /** Meters per unit, or -1 for an unknown unit. */
    public static double unit(String u) {
        return switch (u.toLowerCase(java.util.Locale.ROOT)) {
            case "m" -> 1;
            case "km" -> 1000;
            case "mi" -> 1609.34;
            case "ft" -> 0.3048;
            default -> -1;
        };
    }

    public static boolean valid(double lon, double lat) {
        return lon >= LON_MIN && lon <= LON_MAX && lat >= LAT_MIN && lat <= LAT_MAX;
    }

    public static long encode(double lon, double lat) {
        long latBits = (long) ((lat - LAT_MIN) / (LAT_MAX - LAT_MIN) * (1L << STEP));
        long lonBits = (long) ((lon - LON_MIN) / (LON_MAX - LON_MIN) * (1L << STEP));
        latBits = Math.min(latBits, (1L << STEP) - 1);
        lonBits = Math.min(lonBits, (1L << STEP) - 1);
        return spread(latBits) | (spread(lonBits) << 1);
    }

    private static long spread(long v) {
        v &= 0xFFFFFFFFL;
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /**
     * The box around a circle, {lonLo, lonHi, latLo, latHi} in degrees, or null where it would
     * wrap around a pole or the antimeridian: a point outside it is farther than {@code radius}.
     */
    public static double[] boundingBox(double lon, double lat, double radius) {
        double dLat = Math.toDegrees(radius / EARTH_RADIUS);
        double cos = Math.cos(Math.toRadians(Math.min(90, Math.abs(lat) + dLat)));
        if (cos < 1e-6) {
            return null;
        }
        double dLon = Math.toDegrees(radius / (EARTH_RADIUS * cos));
        if (lon - dLon < LON_MIN || lon + dLon > LON_MAX || dLon >= 90) {
            return null;
        }
        // a little slack: the haversine sphere and the degree arithmetic round differently
        double slack = 1e-9;
        return new double[] {lon - dLon - slack, lon + dLon + slack, lat - dLat - slack, lat + dLat + slack};
    }

    /** Haversine distance in meters (Redis's geohashGetDistance). */
    public static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lat1r = Math.toRadians(lat1);
        double lon1r = Math.toRadians(lon1);
        double lat2r = Math.toRadians(lat2);
        double lon2r = Math.toRadians(lon2);
        double u = Math.sin((lat2r - lat1r) / 2);
        double v = Math.sin((lon2r - lon1r) / 2);
        return 2.0 * EARTH_RADIUS * Math.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
    }

    /**
     * Ranges {@code [from, to)} of 52-bit hashes covering the circle's bounding box, as pairs, or
     * null when the box is too large or wraps around (scan everything instead).
     */
    public static long[] coveringRanges(double lon, double lat, double radius) {
        // the box must hold the circle's widest point, which is on its poleward side
        double[] box = boundingBox(lon, lat, radius);
        if (box == null) {
            return null;
        }
        double lonLo = box[0];
        double lonHi = box[1];
        double latLo = box[2];
        double latHi = box[3];
        latLo = Math.max(latLo, LAT_MIN);
        latHi = Math.min(latHi, LAT_MAX);
        // the finest step whose cells are at least a quarter of the box: at most 5 x 5 cells,
        // covering little more than the box (cells as large as the box cover up to 4 times it)
        int step = STEP;
        while (step > 1 && ((LON_MAX - LON_MIN) / (1L << step) * 4 < (lonHi - lonLo)
                || (LAT_MAX - LAT_MIN) / (1L << step) * 4 < (latHi - latLo))) {
            step--;
        }
        long latA = cell(latLo, LAT_MIN, LAT_MAX, step);
        long latB = cell(latHi, LAT_MIN, LAT_MAX, step);
        long lonA = cell(lonLo, LON_MIN, LON_MAX, step);
        long lonB = cell(lonHi, LON_MIN, LON_MAX, step);
        int shift = 2 * (STEP - step);
        long[] out = new long[2 * (int) ((latB - latA + 1) * (lonB - lonA + 1))];
        int i = 0;
        for (long a = latA; a <= latB; a++) {
            for (long b = lonA; b <= lonB; b++) {
                long h = spread(a) | (spread(b) << 1);
                out[i++] = h << shift;
                out[i++] = (h + 1) << shift;
            }
        }
        return out;
    }

    private static long cell(double v, double min, double max, int step) {
        long c = (long) ((v - min) / (max - min) * (1L << step));
        return Math.max(0, Math.min(c, (1L << step) - 1));
    }
}
