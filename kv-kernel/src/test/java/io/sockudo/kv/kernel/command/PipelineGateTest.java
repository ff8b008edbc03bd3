package io.sockudo.kv.kernel.command;

import io.sockudo.kv.kernel.KernelHarness;
import io.sockudo.kv.kernel.KernelHarness.Conn;
import io.sockudo.kv.kernel.client.Client;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static io.sockudo.kv.kernel.KernelHarness.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pipeline's "all clear" gate: the gated stages are skipped only while neither the server
 * (engaged stages) nor the client (holds) nor the command (protected) needs them, and every
 * state change that matters turns the gate back on at once — checked both on the gate and on the
 * refusal the stage then gives.
 */
class PipelineGateTest {
    private final KernelHarness h = new KernelHarness();
    private final CommandPipeline pipeline = h.kernel.pipeline();

    private RegisteredCommand cmd(String name) {
        return h.kernel.commands().lookup(bytes(name));
    }

    private Set<CommandPipeline.Stage> engaged() {
        return pipeline.engaged();
    }

    @Test
    void aFreshServerAndClientAreAllClear() {
        Conn c = h.connect();
        assertEquals(Set.of(), engaged());
        assertEquals(0, c.client.admissionHolds());
        assertTrue(pipeline.allClear(c.client, cmd("ping")));
        assertEquals("+PONG\r\n", c.call("PING"));
    }

    @Test
    void protectedCommandsAlwaysPassTheStages() {
        Conn c = h.connect();
        assertFalse(pipeline.allClear(c.client, cmd("debug")));
        assertTrue(c.call("DEBUG", "HELP").startsWith("-ERR DEBUG command not allowed"), c.call("DEBUG", "HELP"));
    }

    @Test
    void minReplicasEngagesWithConfigSetAndDisengages() {
        Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "min-replicas-to-write", "1"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.MIN_REPLICAS), engaged());
        assertTrue(c.call("DEL", "k").startsWith("-NOREPLICAS"));
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "min-replicas-max-lag", "0"));
        assertEquals(Set.of(), engaged()); // no lag bound: Redis does not enforce it
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "min-replicas-max-lag", "10"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.MIN_REPLICAS), engaged());
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "min-replicas-to-write", "0"));
        assertEquals(Set.of(), engaged());
        assertEquals(":0\r\n", c.call("DEL", "k"));
    }

    @Test
    void clientPauseEngagesUntilUnpause() {
        Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("CLIENT", "PAUSE", "100000", "WRITE"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.PAUSE), engaged());
        c.call("DEL", "k");
        assertTrue(c.client.postponed(), "a write is held during CLIENT PAUSE WRITE");
        c.client.postponed(false);
        assertEquals("+OK\r\n", c.call("CLIENT", "UNPAUSE"));
        assertEquals(Set.of(), engaged());
    }

    @Test
    void multiHoldsTheClientUntilExecOrDiscard() {
        Conn c = h.connect();
        Conn other = h.connect();
        assertEquals("+OK\r\n", c.call("MULTI"));
        assertEquals(Client.HOLD_MULTI, c.client.admissionHolds());
        assertFalse(pipeline.allClear(c.client, cmd("ping")));
        assertTrue(pipeline.allClear(other.client, cmd("ping")), "another client is not held");
        assertEquals("+QUEUED\r\n", c.call("PING"));
        assertEquals("*1\r\n+PONG\r\n", c.call("EXEC"));
        assertEquals(0, c.client.admissionHolds());
        assertEquals("+OK\r\n", c.call("MULTI"));
        assertEquals("+OK\r\n", c.call("DISCARD"));
        assertEquals(0, c.client.admissionHolds());
        assertEquals("+OK\r\n", c.call("MULTI"));
        assertEquals("+RESET\r\n", c.call("RESET"));
        assertEquals(0, c.client.admissionHolds());
    }

    @Test
    void subscriptionsHoldTheClient() {
        Conn c = h.connect();
        c.client.subscriptions(1);
        assertEquals(Client.HOLD_SUBSCRIBED, c.client.admissionHolds());
        assertTrue(c.call("DEL", "k").startsWith("-ERR Can't execute 'del'"));
        c.client.subscriptions(0);
        assertEquals(0, c.client.admissionHolds());
        assertEquals(":0\r\n", c.call("DEL", "k"));
    }

    @Test
    void aRestrictedAclUserEngagesTheAclStage() {
        Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("ACL", "SETUSER", "alice", "on", "nopass", "~a*", "+ping", "+auth"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.ACL), engaged());
        Conn a = h.connect();
        assertEquals("+OK\r\n", a.call("AUTH", "alice", "x"));
        assertTrue(a.call("DEL", "k").startsWith("-NOPERM"));
        assertEquals("+OK\r\n", c.call("ACL", "SETUSER", "alice", "allcommands", "allkeys", "allchannels"));
        assertEquals(Set.of(), engaged(), "alice may do anything now");
        assertEquals("+OK\r\n", c.call("ACL", "SETUSER", "alice", "-del"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.ACL), engaged());
        assertEquals(":1\r\n", c.call("ACL", "DELUSER", "alice"));
        assertEquals(Set.of(), engaged());
        assertEquals("+OK\r\n", c.call("ACL", "SETUSER", "default", "-del"));
        assertEquals(EnumSet.of(CommandPipeline.Stage.ACL), engaged());
        assertTrue(c.call("DEL", "k").startsWith("-NOPERM"));
    }

    @Test
    void aClientThatMustAuthenticateIsHeld() {
        Conn admin = h.connect();
        assertEquals("+OK\r\n", admin.call("CONFIG", "SET", "requirepass", "secret"));
        Conn c = h.connect();
        assertEquals(Client.HOLD_AUTH, c.client.admissionHolds());
        assertTrue(c.call("PING").startsWith("-NOAUTH"));
        assertEquals("+OK\r\n", c.call("AUTH", "secret"));
        assertEquals(0, c.client.admissionHolds());
        assertEquals("+PONG\r\n", c.call("PING"));
    }

    @Test
    void maxmemoryIsCheckedEvenWhenAllClear() {
        Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", "1"));
        RegisteredCommand restore = cmd("restore");
        assertTrue(restore.hasFlag(io.sockudo.kv.spi.CommandFlag.DENYOOM));
        assertTrue(pipeline.allClear(c.client, restore));
        // MEMORY is not gated: a denyoom command is refused over the limit all the same
        assertTrue(c.call("RESTORE", "k", "0", "v").startsWith("-OOM"), c.call("RESTORE", "k", "0", "v"));
        assertEquals("+OK\r\n", c.call("CONFIG", "SET", "maxmemory", "0"));
    }

    @Test
    void theReplicaRoleEngagesTheReplicaStages() {
        Conn c = h.connect();
        assertEquals("+OK\r\n", c.call("REPLICAOF", "127.0.0.1", "1"));
        assertTrue(engaged().containsAll(EnumSet.of(CommandPipeline.Stage.READ_ONLY_REPLICA,
                CommandPipeline.Stage.STALE_REPLICA)), engaged().toString());
        assertTrue(c.call("DEL", "k").startsWith("-READONLY"));
        assertEquals("+OK\r\n", c.call("REPLICAOF", "NO", "ONE"));
        assertEquals(Set.of(), engaged());
    }
}
