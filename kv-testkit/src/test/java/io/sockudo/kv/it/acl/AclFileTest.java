package io.sockudo.kv.it.acl;

import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aclfile}: users loaded at start-up, ACL SAVE writing them in Redis's format, ACL LOAD
 * replacing them (all or nothing, with Redis's error text), and the start-up refusals.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AclFileTest {

    @Test
    void loadSaveAndReload(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "user alice on >pw ~a* +get\n\n  user bob off  \n");
        try (EmbeddedServer kv = EmbeddedServer.start("--aclfile", file.toString());
             Jedis admin = new Jedis("127.0.0.1", kv.port())) {
            assertEquals(List.of(
                    "user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* "
                            + "resetchannels -@all +get",
                    "user bob off resetchannels -@all",
                    "user default on nopass ~* &* +@all"), admin.aclList());
            admin.aclSetUser("carol", "on", "nopass", "~c", "+@all");
            assertEquals("OK", admin.aclSave());
            assertEquals("user alice on #30c952fab122c3f9759f02a6d95c3758b246b4fee239957b2d4fee46e26170c4 ~a* "
                    + "resetchannels -@all +get\nuser bob off resetchannels -@all\n"
                    + "user carol on nopass ~c resetchannels +@all\nuser default on nopass ~* &* +@all\n",
                    Files.readString(file, StandardCharsets.UTF_8));

            // A bad file changes nothing and says why, line by line.
            Files.writeString(file, "user alice on >pw ~a* +nosuch\nuser bob off\nuser bob on\nfoo bar\n");
            JedisDataException e = assertThrows(JedisDataException.class, admin::aclLoad);
            assertEquals("ERR " + file + ":1: Error in applying operation '+nosuch': Unknown command or category "
                    + "name in ACL. WARNING: Duplicate user 'bob' found on line 3. " + file + ":4 should start "
                    + "with user keyword followed by the username. WARNING: ACL errors detected, no change to the "
                    + "previously active ACL rules was performed", e.getMessage());
            assertEquals(4, admin.aclList().size());

            // A good one replaces every user; their clients are disconnected.
            Jedis carol = new Jedis(new HostAndPort("127.0.0.1", kv.port()),
                    DefaultJedisClientConfig.builder().user("carol").password("x").build());
            assertEquals("carol", carol.aclWhoAmI());
            Files.writeString(file, "user dave on nopass ~d* +@read\n");
            assertEquals("OK", admin.aclLoad());
            assertEquals(List.of("user dave on nopass ~d* resetchannels -@all +@read",
                    "user default on nopass ~* &* +@all"), admin.aclList());
            assertThrows(RuntimeException.class, carol::ping);
            carol.close();
        }
    }

    @Test
    void requirepassIsTheDefaultUsersPassword() {
        try (EmbeddedServer kv = EmbeddedServer.start("--requirepass", "s3cret");
             Jedis c = new Jedis("127.0.0.1", kv.port())) {
            JedisDataException e = assertThrows(JedisDataException.class, c::ping);
            assertTrue(e.getMessage().startsWith("NOAUTH"), e.getMessage());
            assertEquals("OK", c.auth("s3cret"));
            assertTrue(c.aclList().get(0).startsWith("user default on #"), c.aclList().toString());
            c.configSet("requirepass", "");
            assertEquals(List.of("user default on nopass ~* &* +@all"), c.aclList());
        }
    }

    @Test
    void userLinesAndAclFileTogetherRefuseToStart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users.acl");
        Files.writeString(file, "");
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> EmbeddedServer.start("--aclfile", file.toString(), "--user", "x on"));
        assertTrue(String.valueOf(e.getMessage()).contains("users defined in redis.conf and at the same setting an "
                + "ACL file path is invalid") || String.valueOf(e.getCause()).contains("ACL file path is invalid"),
                String.valueOf(e));
    }
}
