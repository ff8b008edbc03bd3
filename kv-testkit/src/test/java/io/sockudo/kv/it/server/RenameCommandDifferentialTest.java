package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.DifferentialScript;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rename-command}: a renamed command answers to its new name only, a command renamed to
 * "" to none; COMMAND INFO and ACL rules keep its own name. Compared with redis-server started
 * with the same directives.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RenameCommandDifferentialTest {

    @Test
    void renamedAndDisabledCommands() throws Exception {
        String[] args = {"--rename-command", "config", "cfg", "--rename-command", "flushall", ""};
        try (RedisServerProcess redis = RedisServerProcess.start(args); EmbeddedServer kv = EmbeddedServer.start(args)) {
            List<String> mismatches = DifferentialScript.run("rename-command", DifferentialScript.parse("""
                    CONFIG GET maxmemory
                    CFG GET maxmemory
                    cfg get maxmemory
                    FLUSHALL
                    @type COMMAND INFO cfg
                    COMMAND INFO config
                    COMMAND INFO flushall
                    ACL SETUSER r on nopass ~* +cfg
                    ACL SETUSER r on nopass ~* +config -config|set
                    ACL GETUSER r
                    ACL SETUSER r2 on nopass ~* +flushall
                    ACL GETUSER r2
                    ACL DELUSER r2
                    ACL DRYRUN r cfg get maxmemory
                    ACL DRYRUN r cfg set maxmemory 0
                    ACL DRYRUN r config get maxmemory
                    ACL DELUSER r
                    """), redis.port(), kv.port());
            assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
        }
    }

    @Test
    void unknownCommandStopsTheStart() {
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> EmbeddedServer.start("--rename-command", "nosuch", "x"));
        assertTrue(String.valueOf(e).contains("No such command in rename-command")
                || String.valueOf(e.getCause()).contains("No such command in rename-command"), String.valueOf(e));
    }
}
