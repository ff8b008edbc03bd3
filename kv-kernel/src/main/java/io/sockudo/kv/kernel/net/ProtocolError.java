package io.sockudo.kv.kernel.net;

/**
 * Emitted by {@link RespDecoder} when the input breaks the protocol: the connection handler
 * replies with the error and closes the connection, as Redis does.
 */
public record ProtocolError(String message) {
}
