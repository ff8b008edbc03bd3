package io.sockudo.kv.types.core.geo;

/** A search area: a circle (radius) or a box (width x height) around a centre, in the unit {@code conversion} converts to meters. */
final class GeoShape {
    boolean circle;
    double lon;
    double lat;
    double radius;
    double width;
    double height;
    double conversion = 1;

    /** Distance from the centre to (lon, lat) if inside the shape, else -1. */
    double distanceIfInside(double plon, double plat) {
        if (circle) {
            double d = GeoHash.distance(lon, lat, plon, plat);
            return d > radius * conversion ? -1 : d;
        }
        double widthM = width * conversion;
        double heightM = height * conversion;
        double latDistance = GeoHash.latDistance(plat, lat);
        if (latDistance > heightM / 2) {
            return -1;
        }
        double lonDistance = GeoHash.distance(plon, plat, lon, plat);
        if (lonDistance > widthM / 2) {
            return -1;
        }
        return GeoHash.distance(lon, lat, plon, plat);
    }
}
