package io.sockudo.kv.kernel.commands.introspection;

import io.sockudo.kv.kernel.CommandHarness;
import io.sockudo.kv.spi.ArgSpec;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KeySpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** COMMAND rendering checked against bytes captured from redis-server 7.0.15. */
class CommandCommandsTest {
    /** GET as types-core declares it (flags and categories deliberately out of Redis's order). */
    private static final CommandSpec GET = CommandSpec.builder("get").arity(2)
            .flags(CommandFlag.FAST, CommandFlag.READONLY).keys(1, 1, 1, "ACCESS", "RO")
            .acl("fast", "string", "read").group("string").summary("Get the value of a key")
            .complexity("O(1)").args(ArgSpec.key("key", 0)).handler(ctx -> ctx.reply().ok()).build();

    /** A keynum command in the shape of ZUNIONSTORE: destination, numkeys, keys. */
    private static final CommandSpec ZUS = CommandSpec.builder("zus").arity(-4)
            .flags(CommandFlag.WRITE, CommandFlag.DENYOOM).keys(1, 1, 1, "OW", "UPDATE")
            .keySpec(KeySpec.range(1, 1, 1, "OW", "UPDATE"))
            .keySpec(KeySpec.keyNum(2, 1, "RO", "ACCESS")).acl("write", "sortedset", "slow")
            .handler(ctx -> ctx.reply().ok()).build();

    /** A keyword command: keys after STREAMS, half of the remaining arguments (XREAD's shape). */
    private static final CommandSpec XR = CommandSpec.builder("xr").arity(-4)
            .flags(CommandFlag.READONLY)
            .keySpec(new KeySpec(List.of("RO", "ACCESS"), 0, "STREAMS", 1, -1, 1, 2, -1, 0))
            .acl("read", "stream", "slow").handler(ctx -> ctx.reply().ok()).build();

    private static final CommandSpec NOTES = CommandSpec.builder("noted").arity(-3)
            .flags(CommandFlag.WRITE).keys(1, 1, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS")
            .keySpecNotes("RW and ACCESS due to the optional `GET` argument")
            .acl("write", "string", "slow").handler(ctx -> ctx.reply().ok()).build();

    private final CommandHarness h = new CommandHarness(GET, ZUS, XR, NOTES);

    @Test
    void infoResp3MatchesRedis() {
        String expected = "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n"
                + "+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n"
                + "$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n"
                + "$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n"
                + "$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n";
        assertEquals(CommandHarness.show(expected), CommandHarness.show(h.run(3, "COMMAND", "INFO", "get")));
    }

    @Test
    void subcommandInfoAndUnknownResp3() {
        String expected = "*2\r\n*10\r\n$10\r\nconfig|get\r\n:-3\r\n~4\r\n+admin\r\n+noscript\r\n+loading\r\n"
                + "+stale\r\n:0\r\n:0\r\n:0\r\n~3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n~0\r\n~0\r\n~0\r\n_\r\n";
        assertEquals(CommandHarness.show(expected),
                CommandHarness.show(h.run(3, "COMMAND", "INFO", "config|get", "nosuch")));
        assertEquals("*1\r\n$-1\r\n", h.run(2, "COMMAND", "INFO", "nosuch"));
    }

    @Test
    void docsResp3MatchesRedis() {
        String expected = "%1\r\n$10\r\nconfig|set\r\n%6\r\n$7\r\nsummary\r\n$48\r\nSet configuration parameters "
                + "to the given values\r\n$5\r\nsince\r\n$5\r\n2.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\n"
                + "complexity\r\n$62\r\nO(N) when N is the number of configuration parameters provided\r\n$7\r\n"
                + "history\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$57\r\nAdded the ability to set multiple parameters in "
                + "one call.\r\n$9\r\narguments\r\n*1\r\n%4\r\n$4\r\nname\r\n$15\r\nparameter_value\r\n$4\r\ntype"
                + "\r\n$5\r\nblock\r\n$5\r\nflags\r\n~1\r\n+multiple\r\n$9\r\narguments\r\n*2\r\n%2\r\n$4\r\nname"
                + "\r\n$9\r\nparameter\r\n$4\r\ntype\r\n$6\r\nstring\r\n%2\r\n$4\r\nname\r\n$5\r\nvalue\r\n$4\r\n"
                + "type\r\n$6\r\nstring\r\n";
        assertEquals(CommandHarness.show(expected), CommandHarness.show(h.run(3, "COMMAND", "DOCS", "config|set")));
        String usage = "%1\r\n$12\r\nmemory|usage\r\n%5\r\n$7\r\nsummary\r\n$34\r\nEstimate the memory usage of a "
                + "key\r\n$5\r\nsince\r\n$5\r\n4.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$38\r\n"
                + "O(N) where N is the number of samples.\r\n$9\r\narguments\r\n*2\r\n%3\r\n$4\r\nname\r\n$3\r\nkey"
                + "\r\n$4\r\ntype\r\n$3\r\nkey\r\n$14\r\nkey_spec_index\r\n:0\r\n%4\r\n$4\r\nname\r\n$5\r\ncount\r\n"
                + "$4\r\ntype\r\n$7\r\ninteger\r\n$5\r\ntoken\r\n$7\r\nSAMPLES\r\n$5\r\nflags\r\n~1\r\n+optional\r\n";
        assertEquals(CommandHarness.show(usage), CommandHarness.show(h.run(3, "COMMAND", "DOCS", "memory|usage")));
        assertEquals("%0\r\n", h.run(3, "COMMAND", "DOCS", "nosuch"));
    }

    @Test
    void keySpecNotesAndFlagOrder() {
        String r = h.run(2, "COMMAND", "INFO", "noted");
        assertTrue(r.contains("*8\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n"
                + "$5\r\nflags\r\n*4\r\n+RW\r\n+access\r\n+update\r\n+variable_flags\r\n"), r);
    }

    @Test
    void keynumAndKeywordSpecsRenderAndMarkMovableKeys() {
        String zus = h.run(2, "COMMAND", "INFO", "zus");
        assertTrue(zus.contains("*3\r\n+write\r\n+denyoom\r\n+movablekeys\r\n"), zus);
        assertTrue(zus.contains("$4\r\ntype\r\n$6\r\nkeynum\r\n$4\r\nspec\r\n*6\r\n$9\r\nkeynumidx\r\n:0\r\n"
                + "$8\r\nfirstkey\r\n:1\r\n$7\r\nkeystep\r\n:1\r\n"), zus);
        String xr = h.run(2, "COMMAND", "INFO", "xr");
        assertTrue(xr.contains("$4\r\ntype\r\n$7\r\nkeyword\r\n$4\r\nspec\r\n*4\r\n$7\r\nkeyword\r\n$7\r\n"
                + "STREAMS\r\n$9\r\nstartfrom\r\n:1\r\n"), xr);
        assertTrue(xr.contains("$5\r\nlimit\r\n:2\r\n"), xr);
    }

    @Test
    void getKeysFromKeynumAndKeywordSpecs() {
        assertEquals("*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n", h.run("COMMAND", "GETKEYS", "zus", "d", "2", "a", "b"));
        assertEquals("-ERR Invalid arguments specified for command\r\n",
                h.run("COMMAND", "GETKEYS", "zus", "d", "5", "a", "b"));
        assertEquals("-ERR Invalid arguments specified for command\r\n",
                h.run("COMMAND", "GETKEYS", "zus", "d", "x", "a"));
        assertEquals("*2\r\n$2\r\ns1\r\n$2\r\ns2\r\n",
                h.run("COMMAND", "GETKEYS", "xr", "COUNT", "1", "STREAMS", "s1", "s2", "0", "0"));
        assertEquals("*2\r\n*2\r\n$1\r\nd\r\n*2\r\n+OW\r\n+update\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n",
                h.run("COMMAND", "GETKEYSANDFLAGS", "zus", "d", "1", "a"));
        assertEquals("*1\r\n*2\r\n$1\r\nk\r\n~1\r\n+RO\r\n",
                h.run(3, "COMMAND", "GETKEYSANDFLAGS", "memory", "usage", "k"));
    }

    @Test
    void countListAndBareCommand() {
        int count = h.kernel.commands().size();
        assertEquals(":" + count + "\r\n", h.run("COMMAND", "COUNT"));
        assertTrue(h.run("COMMAND").startsWith("*" + count + "\r\n"));
        assertTrue(h.run("COMMAND", "INFO").startsWith("*" + count + "\r\n"));
        assertTrue(h.run(3, "COMMAND", "DOCS").startsWith("%" + count + "\r\n"));
        assertTrue(h.run(2, "COMMAND", "DOCS").startsWith("*" + 2 * count + "\r\n"));
        String list = h.run("COMMAND", "LIST");
        assertTrue(list.contains("$10\r\nconfig|get\r\n") && list.contains("$3\r\nget\r\n"), list);
        String mod = h.run("COMMAND", "LIST", "FILTERBY", "MODULE", "test");
        assertTrue(mod.startsWith("*4\r\n") && mod.contains("$3\r\nget\r\n"), mod);
        assertEquals("*0\r\n", h.run("COMMAND", "LIST", "FILTERBY", "MODULE", "server"));
        assertEquals("*0\r\n", h.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "@admin"));
        String admin = h.run("COMMAND", "LIST", "FILTERBY", "ACLCAT", "ADMIN");
        assertTrue(admin.contains("$10\r\nconfig|set\r\n") && !admin.contains("$3\r\nget\r\n"), admin);
    }
}
