package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.strings.FakeContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;
import io.sockudo.kv.types.core.geo.GeoCommands;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace events (Redis's names and order) and the commands propagated instead of the ones
 * received (BZPOPMIN/ZMPOP as ZPOPMIN, GEOADD as ZADD), through the registered handlers.
 */
class ZSetEventsTest {
    private final Map<String, CommandHandler> handlers = new HashMap<>();
    private final FakeContext ctx = new FakeContext();

    ZSetEventsTest() {
        ModuleRegistry r = new ModuleRegistry() {
            @Override
            public void command(CommandSpec spec) {
                handlers.put(spec.name(), spec.handler());
            }

            @Override
            public void valueType(ValueType type) {
            }

            @Override
            public void configOption(io.sockudo.kv.spi.ConfigOption option) {
            }

            @Override
            public ServerConfigView config() {
                return null;
            }
        };
        ZSetCommands.register(r);
        GeoCommands.register(r);
    }

    private String run(String... words) {
        return ctx.run(handlers.get(words[0].toLowerCase()), words);
    }

    @Test
    void eventsAndPropagation() {
        run("zadd", "z", "1", "a", "2", "b", "3", "c");
        assertEquals(List.of("ZSET:zadd:z"), ctx.events);
        run("zadd", "z", "nx", "1", "a");
        assertEquals(List.of(), ctx.events);
        run("zincrby", "z", "1", "a");
        assertEquals(List.of("ZSET:zincr:z"), ctx.events);
        run("zadd", "z", "incr", "1", "a");
        assertEquals(List.of("ZSET:zincr:z"), ctx.events);
        run("zpopmin", "z");
        assertEquals(List.of("ZSET:zpopmin:z"), ctx.events);
        run("bzpopmax", "none", "z", "0");
        assertEquals(List.of("ZSET:zpopmax:z"), ctx.events);
        assertEquals(List.of("ZPOPMAX z"), ctx.propagated);
        run("zmpop", "1", "z", "min", "count", "5"); // one member left: propagated with the number popped
        assertEquals(List.of("ZSET:zpopmin:z", "GENERIC:del:z"), ctx.events);
        assertEquals(List.of("ZPOPMIN z 1"), ctx.propagated);
        run("zadd", "z", "1", "a", "2", "b");
        run("zrem", "z", "a", "b");
        assertEquals(List.of("ZSET:zrem:z", "GENERIC:del:z"), ctx.events);
        run("zadd", "z", "1", "a", "2", "b", "3", "c");
        run("zremrangebyscore", "z", "1", "1");
        assertEquals(List.of("ZSET:zremrangebyscore:z"), ctx.events);
        run("zremrangebyrank", "z", "0", "0");
        assertEquals(List.of("ZSET:zremrangebyrank:z"), ctx.events);
        run("zrangestore", "d", "z", "0", "-1");
        assertEquals(List.of("ZSET:zrangestore:d"), ctx.events);
        run("zunionstore", "d", "1", "nokey");
        assertEquals(List.of("GENERIC:del:d"), ctx.events);
        run("zinterstore", "d2", "1", "z");
        assertEquals(List.of("ZSET:zinterstore:d2"), ctx.events);
        run("geoadd", "g", "13.361389", "38.115556", "Palermo");
        assertEquals(List.of("ZSET:zadd:g"), ctx.events);
        assertEquals(List.of("zadd g 3479099956230698 Palermo"), ctx.propagated);
        run("geosearchstore", "gd", "g", "fromlonlat", "13", "38", "byradius", "100", "km");
        assertEquals(List.of("ZSET:geosearchstore:gd"), ctx.events);
        run("georadius", "g", "13", "38", "100", "km", "store", "gd2");
        assertEquals(List.of("ZSET:georadiusstore:gd2"), ctx.events);
        // blocking pops answer at once when the client cannot block (MULTI, scripts)
        assertEquals("*-1\r\n", run("bzpopmin", "nokey", "1"));
    }
}
