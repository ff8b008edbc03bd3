package io.sockudo.kv.kernel.net;

/**
 * Emitted by {@link RespDecoder} when the input breaks the protocol: the connection handler
 * replies with the error and closes the connection, as Redis does.
 */
public record ProtocolError(String message) {
    /**
     * A {@code POST} or {@code Host:} command: an HTTP request sent to the server (cross-protocol
     * scripting). The connection closes without a reply and the attempt is logged.
     */
    public static final ProtocolError CROSS_PROTOCOL = new ProtocolError(null);
}
