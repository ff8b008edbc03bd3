package io.sockudo.kv.spi;

/**
 * An error reply. A handler may throw it instead of writing {@link ReplyWriter#error} when it
 * detects bad input <em>before</em> it has written any reply or changed any state; the kernel
 * turns it into the error reply. It carries no stack trace, so throwing it is cheap.
 */
public final class KvException extends RuntimeException {
    /** The shared "not an integer" error. */
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    /** The shared "not a float" error. */
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    /** The shared syntax error. */
    public static final String SYNTAX = "ERR syntax error";

    public KvException(String message) {
        super(message, null, false, false);
    }
}
