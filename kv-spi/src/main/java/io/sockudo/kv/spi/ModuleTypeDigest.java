package io.sockudo.kv.spi;

/**
 * The digest of a module-type value, as Redis's module API builds it for {@code DEBUG DIGEST}
 * ({@code RedisModule_DigestAddStringBuffer}, {@code RedisModule_DigestAddLongLong},
 * {@code RedisModule_DigestEndSequence}): elements of a sequence are mixed in order, and each
 * ended sequence is xor-ed into the value's digest.
 */
public interface ModuleTypeDigest {
    void addStringBuffer(byte[] data, int offset, int length);

    /** Adds the decimal form of {@code value}. */
    void addLongLong(long value);

    void endSequence();

    default void addStringBuffer(byte[] data) {
        addStringBuffer(data, 0, data.length);
    }
}
