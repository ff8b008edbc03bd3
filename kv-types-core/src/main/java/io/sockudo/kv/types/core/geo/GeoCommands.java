package io.sockudo.kv.types.core.geo;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.types.core.zsets.ZSetLimits;
import io.sockudo.kv.types.core.zsets.ZSetValue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geo family (Redis's geo.c) on top of sorted sets: GEOADD GEOPOS GEODIST GEOHASH and the
 * searches GEORADIUS[_RO] GEORADIUSBYMEMBER[_RO] GEOSEARCH GEOSEARCHSTORE.
 */
public final class GeoCommands {
    static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    static final byte[] ZADD = {'z', 'a', 'd', 'd'};

    private GeoCommands() {
    }

    public static void register(ModuleRegistry r) {
        GeoSpecs.register(r);
    }

    // ---- number formats ----

    /** Redis's addReplyHumanLongDouble text: {@code %.17Lf} without trailing zeros. */
    static String human(double d) {
        if (d == 0) {
            return "0";
        }
        String s = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        int end = s.length();
        while (s.charAt(end - 1) == '0') {
            end--;
        }
        if (s.charAt(end - 1) == '.') {
            end--;
        }
        return s.substring(0, end);
    }

    /** Redis's addReplyDoubleDistance: {@code %.4f} as a bulk string. */
    static void distanceReply(ReplyWriter w, double d) {
        w.bulk(new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).toPlainString());
    }

    static void coords(ReplyWriter w, double lon, double lat) {
        w.array(2);
        w.doubleText(human(lon));
        w.doubleText(human(lat));
    }

    // ---- argument helpers ----

    /** The unit's meters, or throws Redis's error. */
    static double unit(byte[] u) {
        if (Args.is(u, "m")) {
            return 1;
        }
        if (Args.is(u, "km")) {
            return 1000;
        }
        if (Args.is(u, "ft")) {
            return 0.3048;
        }
        if (Args.is(u, "mi")) {
            return 1609.34;
        }
        throw new KvException("ERR unsupported unit provided. please use M, KM, FT, MI");
    }

    static double[] lonLat(CommandContext ctx, int idx) {
        double lon = Strtod.parseStrict(ctx.arg(idx));
        if (lon != lon) {
            throw new KvException(KvException.NOT_FLOAT);
        }
        double lat = Strtod.parseStrict(ctx.arg(idx + 1));
        if (lat != lat) {
            throw new KvException(KvException.NOT_FLOAT);
        }
        if (lon < GeoHash.LONG_MIN || lon > GeoHash.LONG_MAX || lat < GeoHash.LAT_MIN || lat > GeoHash.LAT_MAX) {
            throw new KvException("ERR invalid longitude,latitude pair " + cFixed(lon) + "," + cFixed(lat));
        }
        return new double[]{lon, lat};
    }

    private static ZSetValue readZset(CommandContext ctx, byte[] key) {
        KvValue v = ctx.db().read(key);
        if (v != null && !(v instanceof ZSetValue)) {
            throw new KvException(WRONGTYPE);
        }
        return (ZSetValue) v;
    }

    // ---- GEOADD GEOPOS GEODIST GEOHASH ----

    static void geoadd(CommandContext ctx) {
        int argc = ctx.argc();
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        int longIdx = 2;
        for (; longIdx < argc; longIdx++) {
            byte[] o = ctx.arg(longIdx);
            if (Args.is(o, "nx")) {
                nx = true;
            } else if (Args.is(o, "xx")) {
                xx = true;
            } else if (Args.is(o, "ch")) {
                ch = true;
            } else {
                break;
            }
        }
        int rest = argc - longIdx;
        if (rest % 3 != 0 || (xx && nx) || rest == 0) {
            throw new KvException(KvException.SYNTAX);
        }
        int elements = rest / 3;
        long[] scores = new long[elements];
        for (int i = 0; i < elements; i++) {
            double[] xy = lonLat(ctx, longIdx + i * 3);
            scores[i] = GeoHash.encodeScore(xy[0], xy[1]);
        }
        byte[] key = ctx.arg(1);
        KvValue v = ctx.db().get(key);
        if (v != null && !(v instanceof ZSetValue)) {
            throw new KvException(WRONGTYPE);
        }
        ZSetValue z = (ZSetValue) v;
        if (z == null && xx) {
            ctx.reply().integer(0);
            return;
        }
        ZSetLimits limits = ZSetLimits.of(ctx);
        boolean created = z == null;
        if (created) {
            z = ZSetValue.createFor(ctx.arg(longIdx + 2).length, limits);
        }
        int added = 0;
        int updated = 0;
        for (int i = 0; i < elements; i++) {
            byte[] member = ctx.arg(longIdx + i * 3 + 2);
            double score = scores[i];
            double cur = z.score(member);
            if (cur == cur) {
                if (nx) {
                    continue;
                }
                if (score != cur) {
                    z.updatePresent(member, cur, score);
                    updated++;
                }
            } else if (!xx) {
                z.addAbsent(member, score, limits);
                added++;
            }
        }
        if (added + updated > 0) {
            if (created) {
                ctx.db().put(key, z);
            } else {
                ctx.db().modified(key);
            }
            ctx.notify(EventClass.ZSET, "zadd", key);
        }
        if (added + updated > 0) {
            propagateAsZadd(ctx, longIdx, elements, scores);
        }
        ctx.reply().integer(ch ? added + updated : added);
    }

    /** Replicated as the ZADD it stands for (lower case, as Redis rewrites it), only when it changed something. */
    private static void propagateAsZadd(CommandContext ctx, int longIdx, int elements, long[] scores) {
        byte[][] zargv = new byte[longIdx + elements * 2][];
        zargv[0] = ZADD;
        for (int i = 1; i < longIdx; i++) {
            zargv[i] = ctx.arg(i);
        }
        for (int i = 0; i < elements; i++) {
            zargv[longIdx + i * 2] = Args.bytes(scores[i]);
            zargv[longIdx + i * 2 + 1] = ctx.arg(longIdx + i * 3 + 2);
        }
        ctx.propagateAs(zargv);
    }

    static void geopos(CommandContext ctx) {
        ZSetValue z = readZset(ctx, ctx.arg(1));
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(ctx.arg(j));
            if (s != s) {
                w.nullArray();
            } else {
                double[] xy = GeoHash.decodeScore(s);
                coords(w, xy[0], xy[1]);
            }
        }
    }

    static void geodist(CommandContext ctx) {
        double toMeter = 1;
        if (ctx.argc() == 5) {
            toMeter = unit(ctx.arg(4));
        } else if (ctx.argc() > 5) {
            throw new KvException(KvException.SYNTAX);
        }
        ZSetValue z = readZset(ctx, ctx.arg(1));
        if (z == null) {
            ctx.reply().nullBulk();
            return;
        }
        double s1 = z.score(ctx.arg(2));
        double s2 = z.score(ctx.arg(3));
        if (s1 != s1 || s2 != s2) {
            ctx.reply().nullBulk();
            return;
        }
        double[] a = GeoHash.decodeScore(s1);
        double[] b = GeoHash.decodeScore(s2);
        distanceReply(ctx.reply(), GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeter);
    }

    static void geohash(CommandContext ctx) {
        ZSetValue z = readZset(ctx, ctx.arg(1));
        ReplyWriter w = ctx.reply();
        w.array(ctx.argc() - 2);
        for (int j = 2; j < ctx.argc(); j++) {
            double s = z == null ? Double.NaN : z.score(ctx.arg(j));
            if (s != s) {
                w.nullBulk();
            } else {
                w.bulk(GeoHash.geohashString(s));
            }
        }
    }

    // ---- searches ----

    static final int RADIUS_COORDS = 1;
    static final int RADIUS_MEMBER = 2;
    static final int NOSTORE = 4;
    static final int SEARCH = 8;
    static final int SEARCHSTORE = 16;

    static void georadius(CommandContext ctx) {
        search(ctx, 1, RADIUS_COORDS);
    }

    static void georadiusRo(CommandContext ctx) {
        search(ctx, 1, RADIUS_COORDS | NOSTORE);
    }

    static void georadiusbymember(CommandContext ctx) {
        search(ctx, 1, RADIUS_MEMBER);
    }

    static void georadiusbymemberRo(CommandContext ctx) {
        search(ctx, 1, RADIUS_MEMBER | NOSTORE);
    }

    static void geosearch(CommandContext ctx) {
        search(ctx, 1, SEARCH);
    }

    static void geosearchstore(CommandContext ctx) {
        search(ctx, 2, SEARCH | SEARCHSTORE);
    }

    /** One search result. */
    private static final class Point {
        byte[] member;
        double score;
        double lon;
        double lat;
        double dist;
    }

    private static boolean memberLonLat(ZSetValue z, byte[] member, GeoShape shape) {
        double s = z.score(member);
        if (s != s) {
            return false;
        }
        double[] xy = GeoHash.decodeScore(s);
        shape.lon = xy[0];
        shape.lat = xy[1];
        return true;
    }

    private static void distance(CommandContext ctx, int idx, GeoShape shape) {
        double d = Strtod.parseStrict(ctx.arg(idx));
        if (d != d) {
            throw new KvException("ERR need numeric radius");
        }
        if (d < 0) {
            throw new KvException("ERR radius cannot be negative");
        }
        shape.radius = d;
        shape.conversion = unit(ctx.arg(idx + 1));
    }

    /** Redis's georadiusGeneric. */
    private static void search(CommandContext ctx, int srcIdx, int flags) {
        ZSetValue z = readZset(ctx, ctx.arg(srcIdx));
        int argc = ctx.argc();
        byte[] storeKey = null;
        boolean storeDist = false;
        int baseArgs;
        GeoShape shape = new GeoShape();
        if ((flags & RADIUS_COORDS) != 0) {
            baseArgs = 6;
            shape.circle = true;
            double[] xy = lonLat(ctx, 2);
            shape.lon = xy[0];
            shape.lat = xy[1];
            distance(ctx, baseArgs - 2, shape);
        } else if ((flags & RADIUS_MEMBER) != 0 && z == null) {
            baseArgs = 5;
        } else if ((flags & RADIUS_MEMBER) != 0) {
            baseArgs = 5;
            shape.circle = true;
            if (!memberLonLat(z, ctx.arg(2), shape)) {
                throw new KvException("ERR could not decode requested zset member");
            }
            distance(ctx, baseArgs - 2, shape);
        } else {
            baseArgs = 2;
            if ((flags & SEARCHSTORE) != 0) {
                baseArgs = 3;
                storeKey = ctx.arg(1);
            }
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0; // 0 none, 1 asc, -1 desc
        boolean any = false;
        long count = 0;
        boolean search = (flags & SEARCH) != 0;
        int remaining = argc - baseArgs;
        for (int i = 0; i < remaining; i++) {
            byte[] a = ctx.arg(baseArgs + i);
            if (Args.is(a, "withdist")) {
                withDist = true;
            } else if (Args.is(a, "withhash")) {
                withHash = true;
            } else if (Args.is(a, "withcoord")) {
                withCoords = true;
            } else if (Args.is(a, "any")) {
                any = true;
            } else if (Args.is(a, "asc")) {
                sort = 1;
            } else if (Args.is(a, "desc")) {
                sort = -1;
            } else if (Args.is(a, "count") && i + 1 < remaining) {
                count = Args.toLong(ctx.arg(baseArgs + i + 1));
                if (count <= 0) {
                    throw new KvException("ERR COUNT must be > 0");
                }
                i++;
            } else if (Args.is(a, "store") && i + 1 < remaining && (flags & NOSTORE) == 0 && !search) {
                storeKey = ctx.arg(baseArgs + i + 1);
                storeDist = false;
                i++;
            } else if (Args.is(a, "storedist") && i + 1 < remaining && (flags & NOSTORE) == 0 && !search) {
                storeKey = ctx.arg(baseArgs + i + 1);
                storeDist = true;
                i++;
            } else if (Args.is(a, "storedist") && search && (flags & SEARCHSTORE) != 0) {
                storeDist = true;
            } else if (Args.is(a, "frommember") && i + 1 < remaining && search && !fromLoc) {
                if (z != null && !memberLonLat(z, ctx.arg(baseArgs + i + 1), shape)) {
                    throw new KvException("ERR could not decode requested zset member");
                }
                fromMember = true;
                i++;
            } else if (Args.is(a, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = lonLat(ctx, baseArgs + i + 1);
                shape.lon = xy[0];
                shape.lat = xy[1];
                fromLoc = true;
                i += 2;
            } else if (Args.is(a, "byradius") && i + 2 < remaining && search && !byBox) {
                distance(ctx, baseArgs + i + 1, shape);
                shape.circle = true;
                byRadius = true;
                i += 2;
            } else if (Args.is(a, "bybox") && i + 3 < remaining && search && !byRadius) {
                double w = Strtod.parseStrict(ctx.arg(baseArgs + i + 1));
                if (w != w) {
                    throw new KvException("ERR need numeric width");
                }
                double h = Strtod.parseStrict(ctx.arg(baseArgs + i + 2));
                if (h != h) {
                    throw new KvException("ERR need numeric height");
                }
                if (h < 0 || w < 0) {
                    throw new KvException("ERR height or width cannot be negative");
                }
                shape.width = w;
                shape.height = h;
                shape.conversion = unit(ctx.arg(baseArgs + i + 3));
                shape.circle = false;
                byBox = true;
                i += 3;
            } else {
                throw new KvException(KvException.SYNTAX);
            }
        }
        if (storeKey != null && (withDist || withHash || withCoords)) {
            throw new KvException("ERR " + ((flags & SEARCHSTORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        if (search && !(fromMember || fromLoc)) {
            throw new KvException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
                    + Args.cString(ctx.arg(0)));
        }
        if (search && !(byRadius || byBox)) {
            throw new KvException("ERR exactly one of BYRADIUS and BYBOX can be specified for "
                    + Args.cString(ctx.arg(0)));
        }
        if (any && count == 0) {
            throw new KvException("ERR the ANY argument requires COUNT argument");
        }
        ReplyWriter w = ctx.reply();
        if (z == null) {
            if (storeKey != null) {
                if (ctx.db().delete(storeKey)) {
                    ctx.notify(EventClass.GENERIC, "del", storeKey);
                }
                w.integer(0);
            } else {
                w.array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        List<Point> found = collect(z, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            w.array(0);
            return;
        }
        int resultLength = found.size();
        int returned = (int) (count == 0 || resultLength < count ? resultLength : count);
        // a stable sort by distance, as glibc's qsort (a merge sort) orders Redis's results
        if (sort == 1) {
            found.sort((a, b) -> a.dist == b.dist ? 0 : (a.dist > b.dist ? 1 : -1));
        } else if (sort == -1) {
            found.sort((a, b) -> a.dist == b.dist ? 0 : (a.dist < b.dist ? 1 : -1));
        }
        if (storeKey == null) {
            int options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
            w.array(returned);
            for (int i = 0; i < returned; i++) {
                Point p = found.get(i);
                double dist = p.dist / shape.conversion;
                if (options > 0) {
                    w.array(options + 1);
                }
                w.bulk(p.member);
                if (withDist) {
                    distanceReply(w, dist);
                }
                if (withHash) {
                    w.integer((long) p.score);
                }
                if (withCoords) {
                    coords(w, p.lon, p.lat);
                }
            }
            return;
        }
        ZSetValue.Builder b = ZSetValue.builder();
        for (int i = 0; i < returned; i++) {
            Point p = found.get(i);
            double dist = p.dist / shape.conversion;
            b.add(p.member, storeDist ? dist : p.score);
        }
        if (returned > 0) {
            ctx.db().put(storeKey, b.build(ZSetLimits.of(ctx)));
            ctx.notify(EventClass.ZSET, search ? "geosearchstore" : "georadiusstore", storeKey);
        } else if (ctx.db().delete(storeKey)) {
            ctx.notify(EventClass.GENERIC, "del", storeKey);
        }
        w.integer(returned);
    }

    /** membersOfAllNeighbors: the points inside the shape, box by box in Redis's order. */
    private static List<Point> collect(ZSetValue z, GeoShape shape, long limit) {
        long[][] boxes = GeoHash.searchAreas(shape);
        List<Point> out = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < boxes.length; i++) {
            long bits = boxes[i][0];
            int step = (int) boxes[i][1];
            if (bits == 0 && step == 0) {
                continue;
            }
            if (lastProcessed != 0 && bits == boxes[lastProcessed][0] && step == boxes[lastProcessed][1]) {
                continue;
            }
            if (!out.isEmpty() && limit != 0 && out.size() >= limit) {
                break;
            }
            double min = GeoHash.align52(bits, step);
            double max = GeoHash.align52(bits + 1, step);
            int lo = z.countBelow(min, false);
            int hi = z.countBelow(max, false);
            if (lo < hi) {
                boolean[] stop = {false};
                final int lim = (int) Math.min(limit, Integer.MAX_VALUE);
                z.visit(lo, hi - 1, false, (buf, off, len, score) -> {
                    if (stop[0]) {
                        return;
                    }
                    double[] xy = GeoHash.decodeScore(score);
                    double d = shape.distanceIfInside(xy[0], xy[1]);
                    if (d < 0) {
                        return;
                    }
                    Point p = new Point();
                    p.member = java.util.Arrays.copyOfRange(buf, off, off + len);
                    p.score = score;
                    p.lon = xy[0];
                    p.lat = xy[1];
                    p.dist = d;
                    out.add(p);
                    if (lim != 0 && out.size() >= lim) {
                        stop[0] = true;
                    }
                });
            }
            lastProcessed = i;
        }
        return out;
    }

    /** C's {@code %f}: six decimals, and {@code inf}/{@code -inf}/{@code nan} where Java would print Infinity. */
    static String cFixed(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%f", v);
    }
}
