package io.sockudo.kv.it.server;

import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.KvModule;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lock-safety test mode ({@code -Dsockudo.kv.lockCheck=true}, the CI pass that runs the
 * integration suite with it): a command whose key specs miss a key it touches fails at once with
 * an internal error instead of racing other event loops silently.
 */
@EnabledIfSystemProperty(named = "sockudo.kv.lockCheck", matches = "true")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockSafetyModeTest {
    /** BADCOPY src dst: declares only src as a key, but writes dst. */
    static final class BadModule implements KvModule {
        @Override
        public String name() {
            return "badkeys";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public void register(ModuleRegistry r, List<String> args) {
            r.command(CommandSpec.builder("badcopy").arity(3).flags(CommandFlag.WRITE).keys(1, 1, 1, "RW")
                    .handler(ctx -> {
                        ctx.db().put(ctx.arg(2), ctx.db().get(ctx.arg(1)));
                        ctx.reply().ok();
                    }).build());
        }
    }

    @Test
    void aCommandTouchingAnUndeclaredKeyFailsInThisMode() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start(); RespClient c = new RespClient(kv.port())) {
            kv.server().registerModule(new BadModule());
            c.callText("SET", "a", "1");
            // find a destination in another shard than "a" (16 shards by slot)
            String reply = null;
            for (int i = 0; i < 64; i++) {
                reply = c.callText("BADCOPY", "a", "dst" + i);
                if (!reply.equals("+OK\r\n")) {
                    break;
                }
            }
            assertTrue(reply.startsWith("-ERR internal error while running 'badcopy'"), reply);
            assertEquals("+PONG\r\n", c.callText("PING"));
        }
    }
}
