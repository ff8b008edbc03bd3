package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.CommandContext;

import java.nio.charset.StandardCharsets;

/**
 * What consumer-group reads and claims propagate instead of themselves, as Redis 7.0 does: each
 * delivered or claimed pending entry as an idempotent {@code XCLAIM ... FORCE JUSTID LASTID}, and a
 * group's moved last ID as {@code XGROUP SETID ... ENTRIESREAD}. A replica or an AOF replay then
 * rebuilds the same PEL without reading the entries again.
 */
final class StreamPropagation {
    private static final byte[] XCLAIM = ascii("XCLAIM");
    private static final byte[] XGROUP = ascii("XGROUP");
    private static final byte[] SETID = ascii("SETID");
    private static final byte[] ENTRIESREAD = ascii("ENTRIESREAD");
    private static final byte[] ZERO = ascii("0");
    private static final byte[] TIME = ascii("TIME");
    private static final byte[] RETRYCOUNT = ascii("RETRYCOUNT");
    private static final byte[] FORCE = ascii("FORCE");
    private static final byte[] JUSTID = ascii("JUSTID");
    private static final byte[] LASTID = ascii("LASTID");

    private StreamPropagation() {
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** {@code XCLAIM key group consumer 0 id TIME t RETRYCOUNT n FORCE JUSTID LASTID last}. */
    static void claim(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup g, PendingEntry p) {
        ctx.dirty();
        ctx.propagateAs(XCLAIM, key, groupName, p.consumer.name, ZERO, p.id.bytes(),
                TIME, ascii(Long.toString(p.deliveryTime)), RETRYCOUNT, ascii(Long.toString(p.deliveryCount)),
                FORCE, JUSTID, LASTID, g.lastId.bytes());
    }

    /** {@code XGROUP SETID key group last ENTRIESREAD n}. */
    static void groupId(CommandContext ctx, byte[] key, byte[] groupName, ConsumerGroup g) {
        ctx.dirty();
        ctx.propagateAs(XGROUP, SETID, key, groupName, g.lastId.bytes(), ENTRIESREAD,
                ascii(Long.toString(g.entriesRead)));
    }
}
