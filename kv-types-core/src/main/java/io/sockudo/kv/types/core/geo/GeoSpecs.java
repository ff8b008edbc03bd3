package io.sockudo.kv.types.core.geo;

import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import io.sockudo.kv.spi.ModuleRegistry;

import java.util.List;

/** The command specs of the geo family, exactly as redis-server 7.0.15 reports them. */
final class GeoSpecs {
    private GeoSpecs() {
    }

    static void register(ModuleRegistry r) {
        r.command(CommandSpec.builder("geoadd").arity(-5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "geo", "slow").group("geo")
                .summary("Add one or more geospatial items in the geospatial index represented using a sorted set").since("3.2.0")
                .complexity("O(log(N)) for each item added, where N is the number of elements in the sorted set.")
                .history("6.2.0", "Added the `CH`, `NX` and `XX` options.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.oneOf("condition",
                        ArgSpec.pureToken("nx", "NX"),
                        ArgSpec.pureToken("xx", "XX")).since("6.2.0").optional(),
                    ArgSpec.pureToken("change", "CH").since("6.2.0").optional(),
                    ArgSpec.block("longitude_latitude_member",
                        ArgSpec.doubleArg("longitude"),
                        ArgSpec.doubleArg("latitude"),
                        ArgSpec.string("member")).multiple())
                .handler(GeoCommands::geoadd).build());
        r.command(CommandSpec.builder("geopos").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("Returns longitude and latitude of members of a geospatial index").since("3.2.0")
                .complexity("O(N) where N is the number of members requested.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member").multiple())
                .handler(GeoCommands::geopos).build());
        r.command(CommandSpec.builder("geodist").arity(-4).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("Returns the distance between two members of a geospatial index").since("3.2.0")
                .complexity("O(log(N))")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member1"),
                    ArgSpec.string("member2"),
                    ArgSpec.oneOf("unit",
                        ArgSpec.pureToken("m", "M"),
                        ArgSpec.pureToken("km", "KM"),
                        ArgSpec.pureToken("ft", "FT"),
                        ArgSpec.pureToken("mi", "MI")).optional())
                .handler(GeoCommands::geodist).build());
        r.command(CommandSpec.builder("geohash").arity(-2).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("Returns members of a geospatial index as standard geohash strings").since("3.2.0")
                .complexity("O(log(N)) for each member requested, where N is the number of elements in the sorted set.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member").multiple())
                .handler(GeoCommands::geohash).build());
        r.command(CommandSpec.builder("georadius").arity(-6).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 0, "STORE", 6, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 0, "STOREDIST", 6, 0, 1, 0, -1, 0))
                .acl("write", "geo", "slow").group("geo")
                .summary("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point").since("3.2.0")
                .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
                .history("6.2.0", "Added the `ANY` option for `COUNT`.")
                .history("7.0.0", "Added support for uppercase unit names.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("longitude"),
                    ArgSpec.doubleArg("latitude"),
                    ArgSpec.doubleArg("radius"),
                    ArgSpec.oneOf("unit",
                        ArgSpec.pureToken("m", "M"),
                        ArgSpec.pureToken("km", "KM"),
                        ArgSpec.pureToken("ft", "FT"),
                        ArgSpec.pureToken("mi", "MI")),
                    ArgSpec.pureToken("withcoord", "WITHCOORD").optional(),
                    ArgSpec.pureToken("withdist", "WITHDIST").optional(),
                    ArgSpec.pureToken("withhash", "WITHHASH").optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").since("6.2.0").optional()).optional(),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional(),
                    ArgSpec.key("key", 1).token("STORE").optional(),
                    ArgSpec.key("key", 2).token("STOREDIST").optional())
                .keyFinder(GeoKeyFinders.GEORADIUS)
                .handler(GeoCommands::georadius).build());
        r.command(CommandSpec.builder("georadius_ro").arity(-6).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("A read-only variant for GEORADIUS").since("3.2.10")
                .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
                .history("6.2.0", "Added the `ANY` option for `COUNT`.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`GEOSEARCH` with the `BYRADIUS` argument")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.doubleArg("longitude"),
                    ArgSpec.doubleArg("latitude"),
                    ArgSpec.doubleArg("radius"),
                    ArgSpec.oneOf("unit",
                        ArgSpec.pureToken("m", "M"),
                        ArgSpec.pureToken("km", "KM"),
                        ArgSpec.pureToken("ft", "FT"),
                        ArgSpec.pureToken("mi", "MI")),
                    ArgSpec.pureToken("withcoord", "WITHCOORD").optional(),
                    ArgSpec.pureToken("withdist", "WITHDIST").optional(),
                    ArgSpec.pureToken("withhash", "WITHHASH").optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").since("6.2.0").optional()).optional(),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional())
                .handler(GeoCommands::georadiusRo).build());
        r.command(CommandSpec.builder("georadiusbymember").arity(-5).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 0, "STORE", 5, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 0, "STOREDIST", 5, 0, 1, 0, -1, 0))
                .acl("write", "geo", "slow").group("geo")
                .summary("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member").since("3.2.0")
                .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
                .history("7.0.0", "Added support for uppercase unit names.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member"),
                    ArgSpec.doubleArg("radius"),
                    ArgSpec.oneOf("unit",
                        ArgSpec.pureToken("m", "M"),
                        ArgSpec.pureToken("km", "KM"),
                        ArgSpec.pureToken("ft", "FT"),
                        ArgSpec.pureToken("mi", "MI")),
                    ArgSpec.pureToken("withcoord", "WITHCOORD").optional(),
                    ArgSpec.pureToken("withdist", "WITHDIST").optional(),
                    ArgSpec.pureToken("withhash", "WITHHASH").optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").optional()).optional(),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional(),
                    ArgSpec.key("key", 1).token("STORE").optional(),
                    ArgSpec.key("key", 2).token("STOREDIST").optional())
                .keyFinder(GeoKeyFinders.GEORADIUSBYMEMBER)
                .handler(GeoCommands::georadiusbymember).build());
        r.command(CommandSpec.builder("georadiusbymember_ro").arity(-5).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("A read-only variant for GEORADIUSBYMEMBER").since("3.2.10")
                .complexity("O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.")
                .docFlags("deprecated")
                .deprecatedSince("6.2.0")
                .replacedBy("`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.string("member"),
                    ArgSpec.doubleArg("radius"),
                    ArgSpec.oneOf("unit",
                        ArgSpec.pureToken("m", "M"),
                        ArgSpec.pureToken("km", "KM"),
                        ArgSpec.pureToken("ft", "FT"),
                        ArgSpec.pureToken("mi", "MI")),
                    ArgSpec.pureToken("withcoord", "WITHCOORD").optional(),
                    ArgSpec.pureToken("withdist", "WITHDIST").optional(),
                    ArgSpec.pureToken("withhash", "WITHHASH").optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").optional()).optional(),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional())
                .handler(GeoCommands::georadiusbymemberRo).build());
        r.command(CommandSpec.builder("geosearch").arity(-7).flags(CommandFlag.READONLY)
                .keys(1, 1, 1)
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 1, null, 0, 0, 1, 0, -1, 0))
                .acl("read", "geo", "slow").group("geo")
                .summary("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.").since("6.2.0")
                .complexity("O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape")
                .history("7.0.0", "Added support for uppercase unit names.")
                .args(
                    ArgSpec.key("key", 0),
                    ArgSpec.oneOf("from",
                        ArgSpec.string("member").token("FROMMEMBER"),
                        ArgSpec.block("longitude_latitude",
                            ArgSpec.doubleArg("longitude"),
                            ArgSpec.doubleArg("latitude")).token("FROMLONLAT")),
                    ArgSpec.oneOf("by",
                        ArgSpec.block("circle",
                            ArgSpec.doubleArg("radius").token("BYRADIUS"),
                            ArgSpec.oneOf("unit",
                                ArgSpec.pureToken("m", "M"),
                                ArgSpec.pureToken("km", "KM"),
                                ArgSpec.pureToken("ft", "FT"),
                                ArgSpec.pureToken("mi", "MI"))),
                        ArgSpec.block("box",
                            ArgSpec.doubleArg("width").token("BYBOX"),
                            ArgSpec.doubleArg("height"),
                            ArgSpec.oneOf("unit",
                                ArgSpec.pureToken("m", "M"),
                                ArgSpec.pureToken("km", "KM"),
                                ArgSpec.pureToken("ft", "FT"),
                                ArgSpec.pureToken("mi", "MI")))),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").optional()).optional(),
                    ArgSpec.pureToken("withcoord", "WITHCOORD").optional(),
                    ArgSpec.pureToken("withdist", "WITHDIST").optional(),
                    ArgSpec.pureToken("withhash", "WITHHASH").optional())
                .handler(GeoCommands::geosearch).build());
        r.command(CommandSpec.builder("geosearchstore").arity(-8).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .keys(1, 2, 1)
                .keySpec(new KeySpec(List.of("OW", "UPDATE"), 1, null, 0, 0, 1, 0, -1, 0))
                .keySpec(new KeySpec(List.of("RO", "ACCESS"), 2, null, 0, 0, 1, 0, -1, 0))
                .acl("write", "geo", "slow").group("geo")
                .summary("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.").since("6.2.0")
                .complexity("O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape")
                .history("7.0.0", "Added support for uppercase unit names.")
                .args(
                    ArgSpec.key("destination", 0),
                    ArgSpec.key("source", 1),
                    ArgSpec.oneOf("from",
                        ArgSpec.string("member").token("FROMMEMBER"),
                        ArgSpec.block("longitude_latitude",
                            ArgSpec.doubleArg("longitude"),
                            ArgSpec.doubleArg("latitude")).token("FROMLONLAT")),
                    ArgSpec.oneOf("by",
                        ArgSpec.block("circle",
                            ArgSpec.doubleArg("radius").token("BYRADIUS"),
                            ArgSpec.oneOf("unit",
                                ArgSpec.pureToken("m", "M"),
                                ArgSpec.pureToken("km", "KM"),
                                ArgSpec.pureToken("ft", "FT"),
                                ArgSpec.pureToken("mi", "MI"))),
                        ArgSpec.block("box",
                            ArgSpec.doubleArg("width").token("BYBOX"),
                            ArgSpec.doubleArg("height"),
                            ArgSpec.oneOf("unit",
                                ArgSpec.pureToken("m", "M"),
                                ArgSpec.pureToken("km", "KM"),
                                ArgSpec.pureToken("ft", "FT"),
                                ArgSpec.pureToken("mi", "MI")))),
                    ArgSpec.oneOf("order",
                        ArgSpec.pureToken("asc", "ASC"),
                        ArgSpec.pureToken("desc", "DESC")).optional(),
                    ArgSpec.block("count",
                        ArgSpec.integer("count").token("COUNT"),
                        ArgSpec.pureToken("any", "ANY").optional()).optional(),
                    ArgSpec.pureToken("storedist", "STOREDIST").optional())
                .handler(GeoCommands::geosearchstore).build());
    }
}
