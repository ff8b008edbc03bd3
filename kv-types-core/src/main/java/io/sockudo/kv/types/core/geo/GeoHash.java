package io.sockudo.kv.types.core.geo;

/**
 * Redis's 52-bit geohash (geohash.c, geohash_helper.c): interleaved latitude (even bits) and
 * longitude (odd bits) over the Web-Mercator latitude range, neighbour boxes, the boxes a search
 * covers, and the haversine distance on Redis's earth radius. Ported arithmetic step for step so
 * scores, coordinates and search results match redis-server.
 */
public final class GeoHash {
    public static final double LAT_MIN = -85.05112878;
    public static final double LAT_MAX = 85.05112878;
    public static final double LONG_MIN = -180;
    public static final double LONG_MAX = 180;
    public static final int STEP_MAX = 26;
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    static final double MERCATOR_MAX = 20037726.37;
    private static final double D_R = Math.PI / 180.0;

    private GeoHash() {
    }

    static double degRad(double ang) {
        return ang * D_R;
    }

    static double radDeg(double ang) {
        return ang / D_R;
    }

    private static long interleave64(int xlo, int ylo) {
        final long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
            0x0000FFFF0000FFFFL};
        final int[] s = {1, 2, 4, 8, 16};
        long x = xlo & 0xffffffffL;
        long y = ylo & 0xffffffffL;
        x = (x | (x << s[4])) & b[4];
        y = (y | (y << s[4])) & b[4];
        x = (x | (x << s[3])) & b[3];
        y = (y | (y << s[3])) & b[3];
        x = (x | (x << s[2])) & b[2];
        y = (y | (y << s[2])) & b[2];
        x = (x | (x << s[1])) & b[1];
        y = (y | (y << s[1])) & b[1];
        x = (x | (x << s[0])) & b[0];
        y = (y | (y << s[0])) & b[0];
        return x | (y << 1);
    }

    private static long deinterleave64(long interleaved) {
        final long[] b = {0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
            0x0000FFFF0000FFFFL, 0x00000000FFFFFFFFL};
        final int[] s = {0, 1, 2, 4, 8, 16};
        long x = interleaved;
        long y = interleaved >>> 1;
        x = (x | (x >>> s[0])) & b[0];
        y = (y | (y >>> s[0])) & b[0];
        x = (x | (x >>> s[1])) & b[1];
        y = (y | (y >>> s[1])) & b[1];
        x = (x | (x >>> s[2])) & b[2];
        y = (y | (y >>> s[2])) & b[2];
        x = (x | (x >>> s[3])) & b[3];
        y = (y | (y >>> s[3])) & b[3];
        x = (x | (x >>> s[4])) & b[4];
        y = (y | (y >>> s[4])) & b[4];
        x = (x | (x >>> s[5])) & b[5];
        y = (y | (y >>> s[5])) & b[5];
        return x | (y << 32);
    }

    /** C's conversion of a non-negative double to uint32_t (truncation). */
    private static int toU32(double d) {
        return (int) (long) d;
    }

    /**
     * geohashEncode over the given ranges; returns the bits, or -1 when the point is outside the
     * supported area or the ranges.
     */
    static long encode(double longMin, double longMax, double latMin, double latMax, double longitude,
                       double latitude, int step) {
        if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
            return -1;
        }
        if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
            return -1;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double longOffset = (longitude - longMin) / (longMax - longMin);
        latOffset *= (double) (1L << step);
        longOffset *= (double) (1L << step);
        return interleave64(toU32(latOffset), toU32(longOffset));
    }

    /** The 52-bit score of a point (WGS84 ranges, full precision); -1 when out of range. */
    public static long encodeScore(double longitude, double latitude) {
        return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, STEP_MAX);
    }

    /** A decoded box: {lonMin, lonMax, latMin, latMax}. */
    static double[] decodeArea(long bits, int step) {
        long sep = deinterleave64(bits);
        double latScale = LAT_MAX - LAT_MIN;
        double longScale = LONG_MAX - LONG_MIN;
        long ilato = sep & 0xffffffffL;
        long ilono = sep >>> 32;
        double div = (double) (1L << step);
        return new double[]{
            LONG_MIN + (ilono * 1.0 / div) * longScale,
            LONG_MIN + ((ilono + 1) * 1.0 / div) * longScale,
            LAT_MIN + (ilato * 1.0 / div) * latScale,
            LAT_MIN + ((ilato + 1) * 1.0 / div) * latScale};
    }

    /** Decodes a zset score into {longitude, latitude} (the centre of its box, clamped). */
    public static double[] decodeScore(double score) {
        long bits = toU64(score);
        double[] a = decodeArea(bits, STEP_MAX);
        double lon = (a[0] + a[1]) / 2;
        if (lon > LONG_MAX) {
            lon = LONG_MAX;
        }
        if (lon < LONG_MIN) {
            lon = LONG_MIN;
        }
        double lat = (a[2] + a[3]) / 2;
        if (lat > LAT_MAX) {
            lat = LAT_MAX;
        }
        if (lat < LAT_MIN) {
            lat = LAT_MIN;
        }
        return new double[]{lon, lat};
    }

    /** C's (uint64_t) of a double for the values a geo set holds. */
    static long toU64(double d) {
        if (d >= 9.223372036854775807E18) {
            return (long) (d - 9.223372036854775807E18) + Long.MIN_VALUE;
        }
        return (long) d;
    }

    /** The 11-character standard geohash string (re-encoded over latitude -90..90), as GEOHASH prints. */
    public static byte[] geohashString(double score) {
        final String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
        double[] xy = decodeScore(score);
        long bits = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
        byte[] buf = new byte[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
            buf[i] = (byte) alphabet.charAt(idx);
        }
        return buf;
    }

    static double latDistance(double lat1d, double lat2d) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2d) - degRad(lat1d));
    }

    /** Haversine distance in meters. */
    public static double distance(double lon1d, double lat1d, double lon2d, double lat2d) {
        double lon1r = degRad(lon1d);
        double lon2r = degRad(lon2d);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1d, lat2d);
        }
        double lat1r = degRad(lat1d);
        double lat2r = degRad(lat2d);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    static int estimateStepsByRadius(double rangeMeters, double lat) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        if (step < 1) {
            step = 1;
        }
        if (step > 26) {
            step = 26;
        }
        return step;
    }

    private static long moveX(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0x5555555555555555L >>> (64 - step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2));
        return x | y;
    }

    private static long moveY(long bits, int step, int d) {
        if (d == 0) {
            return bits;
        }
        long x = bits & 0xaaaaaaaaaaaaaaaaL;
        long y = bits & 0x5555555555555555L;
        long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= (0x5555555555555555L >>> (64 - step * 2));
        return x | y;
    }

    /**
     * The nine boxes to search, in Redis's order (centre, N, S, E, W, NE, NW, SE, SW), each as
     * {bits, step}; a box of bits 0 and step 0 is excluded.
     */
    static long[][] searchAreas(GeoShape shape) {
        double longitude = shape.lon;
        double latitude = shape.lat;
        double height = shape.conversion * (shape.circle ? shape.radius : shape.height / 2);
        double width = shape.conversion * (shape.circle ? shape.radius : shape.width / 2);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
        double longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        double minLon = southern ? longitude - longDeltaBottom : longitude - longDeltaTop;
        double maxLon = southern ? longitude + longDeltaBottom : longitude + longDeltaTop;
        double minLat = latitude - latDelta;
        double maxLat = latitude + latDelta;

        double radiusMeters = shape.circle ? shape.radius
                : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
        radiusMeters *= shape.conversion;
        int steps = estimateStepsByRadius(radiusMeters, latitude);

        long hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, steps);
        long[] nb = neighbors(hash, steps);
        double[] area = decodeArea(hash, steps);
        boolean decrease = false;
        double[] north = decodeArea(nb[N], steps);
        double[] south = decodeArea(nb[S], steps);
        double[] east = decodeArea(nb[E], steps);
        double[] west = decodeArea(nb[W], steps);
        if (north[3] < maxLat) {
            decrease = true;
        }
        if (south[2] > minLat) {
            decrease = true;
        }
        if (east[1] < maxLon) {
            decrease = true;
        }
        if (west[0] > minLon) {
            decrease = true;
        }
        if (steps > 1 && decrease) {
            steps--;
            hash = encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, steps);
            nb = neighbors(hash, steps);
            area = decodeArea(hash, steps);
        }
        boolean[] zero = new boolean[8];
        if (steps >= 2) {
            if (area[2] < minLat) {
                zero[S] = zero[SW] = zero[SE] = true;
            }
            if (area[3] > maxLat) {
                zero[N] = zero[NE] = zero[NW] = true;
            }
            if (area[0] < minLon) {
                zero[W] = zero[SW] = zero[NW] = true;
            }
            if (area[1] > maxLon) {
                zero[E] = zero[SE] = zero[NE] = true;
            }
        }
        // Redis's search order: centre, north, south, east, west, NE, NW, SE, SW
        int[] order = {N, S, E, W, NE, NW, SE, SW};
        long[][] out = new long[9][];
        out[0] = new long[]{hash, steps};
        for (int i = 0; i < 8; i++) {
            int d = order[i];
            out[i + 1] = zero[d] ? new long[]{0, 0} : new long[]{nb[d], steps};
        }
        return out;
    }

    private static final int E = 0;
    private static final int W = 1;
    private static final int N = 2;
    private static final int S = 3;
    private static final int SE = 4;
    private static final int SW = 5;
    private static final int NE = 6;
    private static final int NW = 7;

    private static long[] neighbors(long hash, int step) {
        long[] n = new long[8];
        n[E] = moveY(moveX(hash, step, 1), step, 0);
        n[W] = moveY(moveX(hash, step, -1), step, 0);
        n[S] = moveY(moveX(hash, step, 0), step, -1);
        n[N] = moveY(moveX(hash, step, 0), step, 1);
        n[NW] = moveY(moveX(hash, step, -1), step, 1);
        n[SW] = moveY(moveX(hash, step, -1), step, -1);
        n[NE] = moveY(moveX(hash, step, 1), step, 1);
        n[SE] = moveY(moveX(hash, step, 1), step, -1);
        return n;
    }

    /** geohashAlign52Bits: the box's bits shifted to a 52-bit score. */
    static long align52(long bits, int step) {
        return bits << (52 - step * 2);
    }
}
