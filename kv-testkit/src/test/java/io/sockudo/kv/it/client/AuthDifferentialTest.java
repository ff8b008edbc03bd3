package io.sockudo.kv.it.client;

import io.sockudo.kv.testkit.DifferentialScript;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AUTH, HELLO AUTH, NOAUTH and RESET with requirepass, compared byte for byte with a real
 * redis-server started with the same password.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class AuthDifferentialTest {
    private static RedisServerProcess redis;
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start("--requirepass", "secret");
        kv = EmbeddedServer.start("--requirepass", "secret");
    }

    @AfterAll
    static void stop() {
        if (kv != null) {
            kv.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static void check(String name, String script) throws Exception {
        List<String> mismatches = DifferentialScript.run(name, DifferentialScript.parse(script), redis.port(), kv.port());
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void authenticationFlow() throws Exception {
        check("auth", """
                GET auth:x
                PING
                CLIENT ID
                SELECT 1
                HELLO
                HELLO 3
                HELLO 4
                HELLO 3 FOO
                HELLO 2 AUTH default wrong
                HELLO 3 AUTH foo secret
                HELLO 3 AUTH DEFAULT secret
                MULTI
                EXEC
                DISCARD
                AUTH
                AUTH a b c
                AUTH wrong
                AUTH default wrong
                GET auth:x
                AUTH secret
                GET auth:x
                AUTH wrong
                GET auth:x
                AUTH default secret
                AUTH foo secret
                RESET
                GET auth:x
                QUIT
                """);
    }

    @Test
    void helloAuthenticates() throws Exception {
        check("hello-auth", """
                HELLO 3 AUTH default secret SETNAME "bad name"
                CLIENT GETNAME
                GET auth:x
                RESET
                @type HELLO 3 AUTH default secret SETNAME named
                CLIENT GETNAME
                GET auth:x
                @type HELLO 2
                GET auth:x
                """);
    }

    @Test
    void rejectedCommandsInsideTransactions() throws Exception {
        check("auth-multi", """
                AUTH secret
                MULTI
                SET auth:k 1
                RESET
                EXEC
                MULTI
                EXEC
                AUTH secret
                MULTI
                NOSUCH
                EXEC
                """);
    }
}
