package io.sockudo.kv.kernel.pubsub;

import io.sockudo.kv.kernel.resp.RespWriter;
import io.sockudo.kv.spi.Decimal;

import java.nio.charset.StandardCharsets;

/**
 * Encodes the messages pub/sub pushes to subscribers, in RESP2 (an array) or RESP3 (a push):
 * {@code message channel payload}, {@code pmessage pattern channel payload},
 * {@code smessage channel payload}. Encoded once per protocol per publish into an array of
 * exactly the message's size, shared by every subscriber of that protocol (an array needs no
 * reference count and no pooled buffer, which cost more than the encoding for small messages).
 */
final class PubSubMessages {
    static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PMESSAGE = "pmessage".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SMESSAGE = "smessage".getBytes(StandardCharsets.US_ASCII);

    private PubSubMessages() {
    }

    /** {@code kind channel payload} (kind: message or smessage). */
    static byte[] message(int protocol, byte[] kind, byte[] channel, byte[] payload) {
        byte[] out = new byte[4 + bulkSize(kind) + bulkSize(channel) + bulkSize(payload)];
        int p = header(out, protocol, 3);
        p = bulk(out, p, kind);
        p = bulk(out, p, channel);
        bulk(out, p, payload);
        return out;
    }

    /** {@code pmessage pattern channel payload}. */
    static byte[] patternMessage(int protocol, byte[] pattern, byte[] channel, byte[] payload) {
        byte[] out = new byte[4 + bulkSize(PMESSAGE) + bulkSize(pattern) + bulkSize(channel) + bulkSize(payload)];
        int p = header(out, protocol, 4);
        p = bulk(out, p, PMESSAGE);
        p = bulk(out, p, pattern);
        p = bulk(out, p, channel);
        bulk(out, p, payload);
        return out;
    }

    private static int header(byte[] out, int protocol, int n) {
        out[0] = (byte) (protocol >= 3 ? '>' : '*');
        out[1] = (byte) ('0' + n);
        out[2] = '\r';
        out[3] = '\n';
        return 4;
    }

    /** {@code $<len>\r\n<bytes>\r\n}. */
    private static int bulkSize(byte[] v) {
        return 5 + Decimal.length(v.length) + v.length;
    }

    private static int bulk(byte[] out, int p, byte[] v) {
        p = RespWriter.putHeader(out, p, '$', v.length);
        System.arraycopy(v, 0, out, p, v.length);
        p += v.length;
        out[p++] = '\r';
        out[p++] = '\n';
        return p;
    }
}
