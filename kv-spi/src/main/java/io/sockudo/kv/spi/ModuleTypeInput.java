package io.sockudo.kv.spi;

import java.io.IOException;

/**
 * Reads the items of a module-type record in the order they were saved. Each call checks the
 * item's opcode and throws {@link IOException} when the payload holds something else (a corrupt
 * or foreign record), as Redis's loader rejects it.
 */
public interface ModuleTypeInput {
    long loadUnsigned() throws IOException;

    long loadSigned() throws IOException;

    double loadDouble() throws IOException;

    float loadFloat() throws IOException;

    byte[] loadString() throws IOException;
}
