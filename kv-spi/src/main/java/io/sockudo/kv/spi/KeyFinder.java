package io.sockudo.kv.spi;

/**
 * Finds the key arguments of a command whose keys are not at fixed positions (for example
 * {@code SORT ... STORE dst} or {@code EVAL script numkeys k1 k2}).
 */
@FunctionalInterface
public interface KeyFinder {
    /**
     * Returns the argument indexes of the keys, in order. Must not fail on malformed input: return
     * what can be found (the handler reports the syntax error).
     */
    int[] keyIndexes(byte[][] argv, int argc);
}
