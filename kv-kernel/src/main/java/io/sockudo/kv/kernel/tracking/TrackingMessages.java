package io.sockudo.kv.kernel.tracking;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The messages of client-side caching, as Redis's {@code sendTrackingMessage} writes them: an
 * {@code invalidate} push with the keys (RESP3), the same as a pub/sub message on
 * {@code __redis__:invalidate} (a RESP2 redirect target), a null instead of keys after a flush,
 * and {@code tracking-redir-broken}.
 */
final class TrackingMessages {
    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);

    private TrackingMessages() {
    }

    /**
     * An invalidation for a RESP3 client (a push) or a RESP2 redirect target (a pub/sub message);
     * {@code keys} null means everything (a flush).
     */
    static ByteBuf invalidate(int protocol, List<byte[]> keys) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(64);
        if (protocol >= 3) {
            b.writeBytes(">2\r\n".getBytes(StandardCharsets.US_ASCII));
            bulk(b, INVALIDATE);
        } else {
            b.writeBytes("*3\r\n".getBytes(StandardCharsets.US_ASCII));
            bulk(b, MESSAGE);
            bulk(b, CHANNEL);
        }
        if (keys == null) {
            b.writeBytes((protocol >= 3 ? "_\r\n" : "$-1\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
            b.writeByte('*');
            b.writeCharSequence(Integer.toString(keys.size()), StandardCharsets.US_ASCII);
            b.writeByte('\r').writeByte('\n');
            for (byte[] k : keys) {
                bulk(b, k);
            }
        }
        return b;
    }

    /** {@code tracking-redir-broken <id>}: the redirect target is gone (RESP3 only). */
    static ByteBuf redirectBroken(long id) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(48);
        b.writeBytes(">2\r\n".getBytes(StandardCharsets.US_ASCII));
        bulk(b, REDIR_BROKEN);
        b.writeByte(':');
        b.writeCharSequence(Long.toString(id), StandardCharsets.US_ASCII);
        b.writeByte('\r').writeByte('\n');
        return b;
    }

    private static void bulk(ByteBuf b, byte[] v) {
        b.writeByte('$');
        b.writeCharSequence(Integer.toString(v.length), StandardCharsets.US_ASCII);
        b.writeByte('\r').writeByte('\n');
        b.writeBytes(v);
        b.writeByte('\r').writeByte('\n');
    }
}
