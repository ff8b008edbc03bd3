package io.sockudo.kv.spi;

import java.io.IOException;

/** The items of a module-type record, as Redis's {@code RedisModule_Save*} functions write them. */
public interface ModuleTypeOutput {
    /** {@code RedisModule_SaveUnsigned}: a 64-bit value read back with {@link ModuleTypeInput#loadUnsigned()}. */
    void saveUnsigned(long value) throws IOException;

    /** {@code RedisModule_SaveSigned}. */
    void saveSigned(long value) throws IOException;

    /** {@code RedisModule_SaveDouble}: 8 bytes, IEEE 754. */
    void saveDouble(double value) throws IOException;

    /** {@code RedisModule_SaveFloat}: 4 bytes, IEEE 754. */
    void saveFloat(float value) throws IOException;

    /** {@code RedisModule_SaveStringBuffer}: a length-prefixed byte string. */
    void saveString(byte[] value, int offset, int length) throws IOException;

    default void saveString(byte[] value) throws IOException {
        saveString(value, 0, value.length);
    }
}
