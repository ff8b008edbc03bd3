package io.sockudo.kv.types.core.bitmaps;

import io.sockudo.kv.types.core.hll.HllCommandsAccess;
import io.sockudo.kv.types.core.strings.FakeContext;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Keyspace events as redis-server 7.0.15 emits them (checked by hand with PSUBSCRIBE): SETBIT and
 * BITFIELD only when a bit changed or the string was created or grown, BITOP set/del, PFADD and
 * PFMERGE pfadd.
 */
class BitmapEventsTest {
    private final FakeContext ctx = new FakeContext();

    {
        ctx.config.put("hll-sparse-max-bytes", "3000");
    }

    private List<String> events(io.sockudo.kv.spi.CommandHandler h, String... words) {
        ctx.run(h, words);
        return ctx.events.stream().filter(e -> !e.startsWith("KEY_MISS")).toList();
    }

    @Test
    void setbitNotifiesOnlyRealChanges() {
        assertEquals(List.of("STRING:setbit:k"), events(BitmapCommands::setbit, "setbit", "k", "0", "1"));
        assertEquals(List.of(), events(BitmapCommands::setbit, "setbit", "k", "0", "1"));
        assertEquals(List.of(), events(BitmapCommands::setbit, "setbit", "k", "3", "0"));
        assertEquals(List.of("STRING:setbit:k"), events(BitmapCommands::setbit, "setbit", "k", "100", "0"));
    }

    @Test
    void bitfieldNotifiesOnlyRealChanges() {
        events(BitmapCommands::setbit, "setbit", "k", "0", "1");
        assertEquals(List.of(), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "k", "SET", "u8", "0", "128"));
        assertEquals(List.of(), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "k", "OVERFLOW", "FAIL",
                "INCRBY", "u2", "0", "10"));
        assertEquals(List.of(), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "nk", "OVERFLOW", "FAIL",
                "INCRBY", "u2", "0", "10"));
        assertEquals(List.of("STRING:setbit:k"), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "k",
                "SET", "u8", "1000", "0"));
        assertEquals(List.of("STRING:setbit:k3"), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "k3",
                "SET", "u2", "0", "0"));
        assertEquals(List.of("STRING:setbit:k"), events(ctx2 -> BitfieldCommand.run(ctx2, false), "bitfield", "k",
                "INCRBY", "u8", "0", "1"));
    }

    @Test
    void bitopAndHllEvents() {
        events(BitmapCommands::setbit, "setbit", "k", "0", "1");
        assertEquals(List.of("STRING:set:d"), events(BitmapCommands::bitop, "bitop", "and", "d", "k"));
        assertEquals(List.of("GENERIC:del:d"), events(BitmapCommands::bitop, "bitop", "and", "d", "nothing"));
        assertEquals(List.of(), events(BitmapCommands::bitop, "bitop", "and", "d", "nothing"));
        assertEquals(List.of("STRING:pfadd:h"), events(HllCommandsAccess.PFADD, "pfadd", "h", "a"));
        assertEquals(List.of(), events(HllCommandsAccess.PFADD, "pfadd", "h", "a"));
        assertEquals(List.of(), events(HllCommandsAccess.PFADD, "pfadd", "h"));
        assertEquals(List.of(), events(HllCommandsAccess.PFCOUNT, "pfcount", "h"));
        assertEquals(List.of("STRING:pfadd:h"), events(HllCommandsAccess.PFMERGE, "pfmerge", "h"));
        assertEquals(List.of("STRING:pfadd:h2"), events(HllCommandsAccess.PFMERGE, "pfmerge", "h2"));
    }
}
