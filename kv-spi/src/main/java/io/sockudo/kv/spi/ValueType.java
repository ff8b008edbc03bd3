package io.sockudo.kv.spi;

/**
 * A kind of value that can be stored under a key. Every type is persisted (RDB snapshots, the
 * AOF's RDB preamble, DUMP/RESTORE, full syncs) through exactly one codec: {@link #codec()} for a
 * type Redis core has, {@link #moduleCodec()} for any other. The kernel refuses to register a type
 * that supplies neither (or both).
 */
public interface ValueType {
    /** What {@code TYPE} prints, e.g. {@code "string"}, {@code "ReJSON-RL"}. */
    String name();

    /**
     * The codec of a Redis core type (its own RDB type bytes), used by RDB persistence and
     * {@code DUMP}/{@code RESTORE}; null for a type that uses {@link #moduleCodec()}.
     */
    default ValueCodec codec() {
        return null;
    }

    /**
     * The codec of a type Redis core does not have, written as a Redis module-type record; null
     * for a core type (which has {@link #codec()}).
     */
    default ModuleTypeCodec moduleCodec() {
        return null;
    }

    /**
     * The inline form of this type's small values, or null (the default) when values are always
     * stored as objects. See {@link InlineCodec} and the contract of {@link Keyspace#put}.
     *
     * @since SPI 1.2
     */
    default InlineCodec inlineCodec() {
        return null;
    }
}
