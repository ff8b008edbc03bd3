package io.sockudo.kv.kernel.acl;

import io.sockudo.kv.kernel.CommandHarness;
import io.sockudo.kv.kernel.command.RegisteredCommand;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ACL model without a network: key permissions from key-spec flags (resolved per call for a
 * VARIABLE_FLAGS spec), categories derived from a plugin command's flags, all-or-nothing rule
 * sets, and the fast prefix match agreeing with the glob.
 */
class AclTest {
    private static final List<String> OVERWRITE = List.of("OW", "UPDATE");
    private static final List<String> READ_WRITE = List.of("RW", "ACCESS", "UPDATE");

    private final CommandHarness h = new CommandHarness(
            CommandSpec.builder("t.set").arity(-3).flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                    .keys(1, 1, 1, "RW", "ACCESS", "UPDATE", "VARIABLE_FLAGS")
                    .variableKeyFlags((argv, argc, i) -> argc > 3 ? READ_WRITE : OVERWRITE)
                    .handler(ctx -> ctx.reply().ok()).build(),
            CommandSpec.builder("t.get").arity(2).flags(CommandFlag.READONLY, CommandFlag.FAST)
                    .keys(1, 1, 1, "RO", "ACCESS").handler(ctx -> ctx.reply().ok()).build(),
            CommandSpec.builder("t.admin").arity(1).flags(CommandFlag.ADMIN)
                    .handler(ctx -> ctx.reply().ok()).build());
    private final Acl acl = h.kernel.acl();

    private String dry(String user, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            argv[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        RegisteredCommand cmd = h.kernel.commands().lookup(argv[0]);
        return acl.dryRun(user, cmd, argv);
    }

    @Test
    void keyPermissionsFollowTheKeySpecFlags() {
        assertNull(acl.setUser("u", List.of("on", "nopass", "%R~r:*", "%W~w:*", "~rw:*", "+@all")));
        assertNull(dry("u", "t.get", "r:1"));
        assertNull(dry("u", "t.get", "rw:1"));
        assertEquals("This user has no permissions to access the 'w:1' key", dry("u", "t.get", "w:1"));
        // overwriting needs write permission only; with the extra argument the key is also read
        assertNull(dry("u", "t.set", "w:1", "v"));
        assertEquals("This user has no permissions to access the 'w:1' key", dry("u", "t.set", "w:1", "v", "GET"));
        assertNull(dry("u", "t.set", "rw:1", "v", "GET"));
        assertEquals("This user has no permissions to access the 'r:1' key", dry("u", "t.set", "r:1", "v"));
        assertEquals("%R~r:* %W~w:* ~rw:*", acl.getUser("u").root().keys());
    }

    @Test
    void aRuleSetIsAllOrNothing() {
        assertNull(acl.setUser("u", List.of("on", "nopass", "~k:*", "+@all")));
        assertEquals("ERR Error in ACL SETUSER modifier '+nosuch': Unknown command or category name in ACL",
                acl.setUser("u", List.of("resetkeys", "+nosuch")));
        assertEquals("~k:*", acl.getUser("u").root().keys());
        assertNull(dry("u", "t.get", "k:1"));
    }

    @Test
    void pluginCommandsGetCategoriesFromTheirFlags() {
        assertTrue(acl.commandsIn("write").contains("t.set"));
        assertTrue(acl.commandsIn("slow").contains("t.set"));
        assertTrue(acl.commandsIn("read").contains("t.get"));
        assertTrue(acl.commandsIn("fast").contains("t.get"));
        assertFalse(acl.commandsIn("slow").contains("t.get"));
        assertTrue(acl.commandsIn("dangerous").contains("t.admin"));
        assertNull(acl.setUser("w", List.of("on", "nopass", "~*", "+@all", "-@write")));
        assertEquals("This user has no permissions to run the 't.set' command", dry("w", "t.set", "k", "v"));
        assertNull(dry("w", "t.get", "k"));
        assertNull(acl.setUser("w", List.of("-@all", "+@read", "-@fast")));
        assertEquals("This user has no permissions to run the 't.get' command", dry("w", "t.get", "k"));
    }

    @Test
    void prefixPatternsMatchAsTheGlobDoes() {
        String[] patterns = {"k:*", "*", "", "k", "k\\*", "k?*", "k[ab]*", "abc*"};
        String[] keys = {"k:", "k:1", "k", "k*", "kab", "ka", "abc", "ab", "", "abcd"};
        for (String p : patterns) {
            Selector.KeyPattern kp = new Selector.KeyPattern(p.getBytes(StandardCharsets.UTF_8), 3);
            for (String k : keys) {
                byte[] key = k.getBytes(StandardCharsets.UTF_8);
                assertEquals(io.sockudo.kv.spi.Glob.matches(kp.pattern, key), kp.matches(key), p + " vs " + k);
            }
        }
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        h.kernel.config().set("requirepass", "pw");
        assertTrue(h.kernel.authentication().required());
        // SHA-256 of "pw", as ACL LIST shows it; the password itself is kept nowhere
        assertEquals(List.of("30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4"),
                acl.getUser("default").passwords());
        h.kernel.config().set("requirepass", "");
        assertFalse(h.kernel.authentication().required());
        assertEquals(List.of("on", "nopass"), acl.getUser("default").flags());
    }

    @Test
    void configRewriteWritesTheUsers() {
        assertNull(acl.setUser("alice", List.of("on", ">pw", "~a:*", "+t.get")));
        String content = io.sockudo.kv.kernel.config.ConfigRewriter.render(
                List.of("port 6379", "user old on nopass", "user older off", "# end"), h.kernel.config());
        String expected = "port 6379\n"
                + "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a:* "
                + "resetchannels -@all +t.get\n"
                + "user default on nopass ~* &* +@all\n"
                + "# end\n";
        assertTrue(content.startsWith(expected), content);
    }
}
