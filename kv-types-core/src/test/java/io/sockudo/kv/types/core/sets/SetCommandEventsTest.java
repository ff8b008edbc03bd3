package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.types.core.strings.FakeContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyspace events and propagation of the set commands (what the differential scripts cannot see). */
class SetCommandEventsTest {
    private final FakeContext ctx = new FakeContext();

    SetCommandEventsTest() {
        ctx.config.put(SetCommands.MAX_INTSET_ENTRIES, "512");
    }

    @Test
    void saddAndSremEvents() {
        assertEquals(":2\r\n", ctx.run(SetMemberCommands::sadd, "SADD", "k", "a", "b"));
        assertEquals(List.of("SET:sadd:k"), ctx.events);
        assertEquals(":0\r\n", ctx.run(SetMemberCommands::sadd, "SADD", "k", "a"));
        assertEquals(List.of(), ctx.events);
        assertEquals(":1\r\n", ctx.run(SetMemberCommands::srem, "SREM", "k", "a", "x"));
        assertEquals(List.of("SET:srem:k"), ctx.events);
        assertEquals(":1\r\n", ctx.run(SetMemberCommands::srem, "SREM", "k", "b"));
        assertEquals(List.of("SET:srem:k", "GENERIC:del:k"), ctx.events);
        assertEquals(":0\r\n", ctx.run(SetMemberCommands::scard, "SCARD", "k"));
    }

    @Test
    void spopPropagatesSremOrDel() {
        ctx.run(SetMemberCommands::sadd, "SADD", "k", "1", "2", "3");
        String one = ctx.run(SetRandomCommands::spop, "SPOP", "k");
        String member = one.substring(one.indexOf("\r\n") + 2, one.length() - 2);
        assertEquals(List.of("SREM k " + member), ctx.propagated);
        assertEquals(List.of("SET:spop:k"), ctx.events);
        ctx.run(SetRandomCommands::spop, "SPOP", "k", "1");
        assertEquals(1, ctx.propagated.size());
        assertTrue(ctx.propagated.get(0).startsWith("SREM k "));
        assertEquals(List.of("SET:spop:k"), ctx.events);
        ctx.run(SetRandomCommands::spop, "SPOP", "k", "5");
        assertEquals(List.of("DEL k"), ctx.propagated);
        assertEquals(List.of("SET:spop:k", "GENERIC:del:k"), ctx.events);
    }

    @Test
    void smoveAndStoreEvents() {
        ctx.run(SetMemberCommands::sadd, "SADD", "a", "1");
        ctx.run(SetMemberCommands::sadd, "SADD", "b", "2");
        assertEquals(":1\r\n", ctx.run(SetMemberCommands::smove, "SMOVE", "a", "b", "1"));
        assertEquals(List.of("SET:srem:a", "GENERIC:del:a", "SET:sadd:b"), ctx.events);
        assertEquals(":2\r\n", ctx.run(SetAlgebraCommands::sinterstore, "SINTERSTORE", "d", "b", "b"));
        assertEquals(List.of("SET:sinterstore:d"), ctx.events);
        assertEquals(":0\r\n", ctx.run(SetAlgebraCommands::sinterstore, "SINTERSTORE", "d", "b", "none"));
        assertEquals(List.of("GENERIC:del:d"), ctx.events);
        assertEquals(":0\r\n", ctx.run(SetAlgebraCommands::sinterstore, "SINTERSTORE", "d", "b", "none"));
        assertEquals(List.of(), ctx.events);
        assertEquals(":2\r\n", ctx.run(c -> SetAlgebraCommands.unionDiff(c, 0, true), "SUNIONSTORE", "u", "b"));
        assertEquals(List.of("SET:sunionstore:u"), ctx.events);
        assertEquals(":2\r\n", ctx.run(c -> SetAlgebraCommands.unionDiff(c, 1, true), "SDIFFSTORE", "u", "b", "none"));
        assertEquals(List.of("SET:sdiffstore:u"), ctx.events);
    }

    @Test
    void thresholdFollowsConfig() {
        ctx.config.put(SetCommands.MAX_INTSET_ENTRIES, "2");
        ctx.run(SetMemberCommands::sadd, "SADD", "k", "1", "2");
        assertEquals("intset", ctx.db.get("k".getBytes()).encoding());
        ctx.run(SetMemberCommands::sadd, "SADD", "k", "3");
        assertEquals("hashtable", ctx.db.get("k".getBytes()).encoding());
        ctx.config.put(SetCommands.MAX_INTSET_ENTRIES, "512");
        ctx.run(SetMemberCommands::sadd, "SADD", "j", "1", "2", "3");
        assertEquals("intset", ctx.db.get("j".getBytes()).encoding());
    }
}
