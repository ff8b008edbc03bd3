package io.sockudo.kv.spi;

/**
 * A kind of value that can be stored under a key.
 */
public interface ValueType {
    /** What {@code TYPE} prints, e.g. {@code "string"}, {@code "ReJSON-RL"}. */
    String name();

    /**
     * The codec used by RDB persistence and {@code DUMP}/{@code RESTORE}, or null if values of this
     * type cannot be persisted yet.
     */
    default ValueCodec codec() {
        return null;
    }
}
