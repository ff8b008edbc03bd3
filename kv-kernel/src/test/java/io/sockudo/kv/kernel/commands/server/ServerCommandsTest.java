package io.sockudo.kv.kernel.commands.server;

import io.sockudo.kv.kernel.CommandHarness;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Server commands through the dispatcher, in RESP2 and RESP3. */
class ServerCommandsTest {
    private final CommandHarness h = new CommandHarness();

    private static final class Blob implements KvValue {
        @Override
        public ValueType type() {
            return null;
        }

        @Override
        public String encoding() {
            return "raw";
        }

        @Override
        public long memoryUsage() {
            return 100;
        }

        @Override
        public KvValue copy() {
            return this;
        }
    }

    @Test
    void infoIsVerbatimInResp3AndBulkInResp2() {
        String r3 = h.run(3, "INFO", "keyspace");
        assertEquals("=16\r\ntxt:# Keyspace\r\n\r\n", r3);
        assertEquals("$12\r\n# Keyspace\r\n\r\n", h.run(2, "INFO", "keyspace"));
        assertEquals("=4\r\ntxt:\r\n", h.run(3, "INFO", "nosuch"));
        assertEquals("$0\r\n\r\n", h.run(2, "INFO", "nosuch"));
    }

    @Test
    void infoSectionsSelection() {
        String dflt = h.run("INFO");
        for (String s : new String[]{"Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
            "Modules", "Errorstats", "Cluster", "Keyspace"}) {
            assertTrue(dflt.contains("# " + s + "\r\n"), s);
        }
        assertFalse(dflt.contains("# Commandstats"));
        assertTrue(h.run("INFO", "all").contains("# Commandstats\r\n"));
        assertTrue(h.run("INFO", "all").contains("# Latencystats\r\n"));
        assertTrue(h.run("INFO", "default", "commandstats").contains("# Commandstats\r\n"));
        String two = h.run("INFO", "KEYSPACE", "server");
        assertTrue(two.indexOf("# Server") < two.indexOf("# Keyspace"), "sections keep Redis's order");
        assertTrue(two.contains("redis_version:7.0.15\r\n"));
        assertTrue(two.contains("\r\n\r\n# Keyspace\r\n"), "one blank line between sections");
        assertTrue(h.run("INFO", "module_list").contains("# Modules\r\n"));
    }

    @Test
    void keyspaceAndCommandStatsMove() {
        h.kernel.db(0).put("k".getBytes(StandardCharsets.UTF_8), new Blob());
        h.kernel.db(3).put("a".getBytes(StandardCharsets.UTF_8), new Blob(), System.currentTimeMillis() + 100_000);
        String ks = h.run("INFO", "keyspace");
        assertTrue(ks.contains("db0:keys=1,expires=0,avg_ttl=0\r\n"), ks);
        assertTrue(ks.contains("db3:keys=1,expires=1,avg_ttl=0\r\n"), ks);
        h.run("TIME");
        h.run("TIME");
        h.run("TIME", "extra");
        String cs = h.run("INFO", "commandstats");
        assertTrue(cs.matches("(?s).*cmdstat_time:calls=2,usec=\\d+,usec_per_call=\\d+\\.\\d\\d,rejected_calls=1,"
                + "failed_calls=0\r\n.*"), cs);
        assertTrue(h.run("INFO", "errorstats").contains("errorstat_ERR:count=1\r\n"));
        assertEquals("+OK\r\n", h.run("CONFIG", "RESETSTAT"));
        assertFalse(h.run("INFO", "commandstats").contains("cmdstat_time"));
        assertFalse(h.run("INFO", "errorstats").contains("errorstat_ERR"));
    }

    @Test
    void memoryUsage() {
        h.kernel.db(0).put("key".getBytes(StandardCharsets.UTF_8), new Blob());
        String r = h.run("MEMORY", "USAGE", "key");
        long usage = Long.parseLong(r.substring(1, r.length() - 2));
        assertTrue(usage > 100, r);
        assertEquals(r, h.run("MEMORY", "USAGE", "key", "SAMPLES", "0"));
        assertEquals("$-1\r\n", h.run("MEMORY", "USAGE", "nosuch"));
        assertEquals("_\r\n", h.run(3, "MEMORY", "USAGE", "nosuch"));
        assertEquals("-ERR syntax error\r\n", h.run("MEMORY", "USAGE", "key", "SAMPLES"));
        assertTrue(h.run(3, "MEMORY", "DOCTOR").startsWith("=")
                && h.run(3, "MEMORY", "DOCTOR").contains("this instance is empty or is using very little memory"),
                "under 5 MB used, Redis's doctor declines");
        String stats = h.run(3, "MEMORY", "STATS");
        assertTrue(stats.startsWith("%28\r\n$14\r\npeak.allocated\r\n:"), stats);
        assertTrue(stats.contains("$4\r\ndb.0\r\n%3\r\n"), stats);
        assertTrue(stats.contains("$18\r\ndataset.percentage\r\n,"), stats);
    }

    @Test
    void moduleSectionsAreShownOnRequest() {
        h.kernel.modules().register(new io.sockudo.kv.spi.KvModule() {
            @Override
            public String name() {
                return "mymod";
            }

            @Override
            public int version() {
                return 10203;
            }

            @Override
            public void register(io.sockudo.kv.spi.ModuleRegistry r, java.util.List<String> args) {
                r.infoSection("mymod_stats", f -> f.accept("widgets", "3"));
            }
        }, "/plugins/mymod.jar", java.util.List.of(), () -> { });
        String section = "# mymod_stats\r\nwidgets:3\r\n";
        assertFalse(h.run("INFO").contains(section));
        assertFalse(h.run("INFO", "all").contains(section));
        assertTrue(h.run("INFO", "everything").contains(section));
        assertTrue(h.run("INFO", "modules").contains(section));
        assertTrue(h.run("INFO", "modules").contains("module:name=mymod,ver=10203,api=1,filters=0,"
                + "usedby=[],using=[],options=[]\r\n"));
        assertEquals("$" + (section.length()) + "\r\n" + section + "\r\n", h.run("INFO", "MYMOD_STATS"));
    }

    @Test
    void timeAndLastSave() {
        String t = h.run("TIME");
        assertTrue(t.matches("\\*2\r\n\\$10\r\n\\d{10}\r\n\\$\\d\r\n\\d{1,6}\r\n"), t);
        String ls = h.run("LASTSAVE");
        assertEquals(":" + h.kernel.stats().startMillis / 1000 + "\r\n", ls);
    }

    @Test
    void debugSubcommands() {
        assertEquals("+OK\r\n", h.run("DEBUG", "SET-ACTIVE-EXPIRE", "0"));
        assertFalse(h.kernel.activeExpire().enabled());
        assertEquals("+OK\r\n", h.run("DEBUG", "set-active-expire", "1"));
        assertTrue(h.kernel.activeExpire().enabled());
        assertEquals("+OK\r\n", h.run("DEBUG", "SLEEP", "0"));
        String help = h.run("DEBUG", "HELP");
        assertTrue(help.matches("(?s)\\*\\d+\r\n\\+DEBUG <subcommand> \\[<arg> \\[value\\] \\[opt\\] \\.\\.\\.\\]\\..*"), help);
        assertTrue(help.contains("+DIGEST"), help);
        assertEquals("-ERR unknown subcommand or wrong number of arguments for 'Nope'. Try DEBUG HELP.\r\n",
                h.run("debug", "Nope"));
        assertEquals(0.25, DebugCommands.strtod(" 0.25s"));
        assertEquals(1000.0, DebugCommands.strtod("1e3"));
        assertEquals(1.0, DebugCommands.strtod("1e"));
        assertEquals(0.0, DebugCommands.strtod("abc"));
        assertEquals(2.0, DebugCommands.strtod("2d"));
        assertEquals(-12, DebugCommands.atoi(" -12abc"));
        assertEquals(0, DebugCommands.atoi("x1"));
    }

    @Test
    void shutdownRunsTheHookAndRepliesNothing() throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        h.kernel.onShutdownRequest(ran::countDown);
        assertEquals("-ERR No shutdown in progress.\r\n", h.run("SHUTDOWN", "ABORT"));
        assertEquals("-ERR syntax error\r\n", h.run("SHUTDOWN", "NOSAVE", "SAVE"));
        assertEquals(1, ran.getCount());
        assertEquals("", h.run("SHUTDOWN", "NOSAVE", "NOW", "FORCE"));
        assertTrue(ran.await(10, TimeUnit.SECONDS));
    }

    @Test
    void configGetIsAMapInResp3() {
        assertEquals("%2\r\n$2\r\nhz\r\n$2\r\n10\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
                h.run(3, "CONFIG", "GET", "hz", "maxmemory"));
        assertEquals("*4\r\n$2\r\nhz\r\n$2\r\n10\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n",
                h.run(2, "CONFIG", "GET", "hz", "maxmemory"));
        assertEquals("%0\r\n", h.run(3, "CONFIG", "GET", "nosuch"));
        assertEquals("-ERR The server is running without a config file\r\n", h.run("CONFIG", "REWRITE"));
    }
}
