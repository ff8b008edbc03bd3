package io.sockudo.kv.kernel.pubsub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the messages pub/sub pushes to subscribers, in RESP2 (an array) or RESP3 (a push):
 * {@code message channel payload}, {@code pmessage pattern channel payload},
 * {@code smessage channel payload}. Encoded once per protocol per publish and shared by every
 * subscriber of that protocol (retained duplicates), not once per subscriber.
 */
final class PubSubMessages {
    static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    private PubSubMessages() {
    }

    /** {@code kind channel payload} (kind: message or smessage). */
    static ByteBuf message(int protocol, byte[] kind, byte[] channel, byte[] payload) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(32 + kind.length + channel.length + payload.length);
        header(b, protocol, 3);
        bulk(b, kind);
        bulk(b, channel);
        bulk(b, payload);
        return b;
    }

    /** {@code pmessage pattern channel payload}. */
    static ByteBuf patternMessage(int protocol, byte[] pattern, byte[] channel, byte[] payload) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(48 + pattern.length + channel.length + payload.length);
        header(b, protocol, 4);
        bulk(b, PMESSAGE);
        bulk(b, pattern);
        bulk(b, channel);
        bulk(b, payload);
        return b;
    }

    private static void header(ByteBuf b, int protocol, int n) {
        b.writeByte(protocol >= 3 ? '>' : '*');
        b.writeByte('0' + n);
        b.writeByte('\r').writeByte('\n');
    }

    private static void bulk(ByteBuf b, byte[] v) {
        b.writeByte('$');
        b.writeCharSequence(Integer.toString(v.length), StandardCharsets.US_ASCII);
        b.writeByte('\r').writeByte('\n');
        b.writeBytes(v);
        b.writeByte('\r').writeByte('\n');
    }
}
