package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RedisServerProcess;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DEBUG and MODULE LOAD/LOADEX/UNLOAD with their guards at Redis's default ({@code no}), compared
 * byte for byte with redis-server: the refusal text, that the arity check comes first and the
 * guard before authentication, and that MODULE LIST and HELP stay allowed.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ProtectedCommandsDifferentialTest {
    private static final List<List<String>> COMMANDS = List.of(
            List.of("DEBUG", "SLEEP", "0"),
            List.of("DEBUG", "HELP"),
            List.of("DEBUG"),
            List.of("MODULE", "LOAD", "/nonexistent.so"),
            List.of("MODULE", "UNLOAD", "nosuch"),
            List.of("MODULE", "LOADEX", "/nonexistent.so"),
            List.of("MODULE", "HELP"),
            List.of("MULTI"),
            List.of("DEBUG", "SLEEP", "0"),
            List.of("EXEC"));

    private static void compare(RedisServerProcess redis, EmbeddedServer kv, List<List<String>> commands) throws Exception {
        try (RespClient r = new RespClient(redis.port()); RespClient k = new RespClient(kv.port())) {
            for (List<String> c : commands) {
                String[] args = c.toArray(new String[0]);
                assertEquals(r.callText(args), k.callText(args), String.join(" ", c));
            }
        }
    }

    @Test
    void guardsAtTheirDefaultsMatchRedis() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--enable-debug-command", "no");
             EmbeddedServer kv = EmbeddedServer.start()) {
            compare(redis, kv, COMMANDS);
        }
    }

    @Test
    void theGuardComesBeforeAuthentication() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start("--enable-debug-command", "no", "--requirepass", "pw");
             EmbeddedServer kv = EmbeddedServer.start("--requirepass", "pw")) {
            compare(redis, kv, List.of(List.of("DEBUG", "SLEEP", "0"), List.of("DEBUG"), List.of("GET", "k"),
                    List.of("MODULE", "LIST")));
        }
    }
}
