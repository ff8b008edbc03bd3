package io.sockudo.kv.spi;

/**
 * Writes one reply in the connection's protocol (RESP2 or RESP3). RESP3-only shapes degrade as
 * Redis degrades them on RESP2: a map becomes a flat array, a set an array, a double a bulk
 * string, a boolean an integer, null a null bulk or null array.
 *
 * <p>Aggregates are written as a header followed by exactly that many elements (a map header of n
 * is followed by 2n elements).
 */
public interface ReplyWriter {
    /** {@code +OK}. */
    void ok();
    /** A simple string; must not contain CR or LF. */
    void simple(String s);
    /**
     * An error. {@code message} is the whole text including its code, e.g.
     * {@code "ERR wrong number of arguments for 'get' command"} or {@code "WRONGTYPE ..."}.
     * The text is written one byte per char (ISO-8859-1): quote client arguments with
     * {@link Args#latin1(byte[])} so their bytes come back exactly as sent, as Redis does.
     * Line breaks are replaced by spaces.
     */
    void error(String message);
    /** The standard WRONGTYPE error. */
    void wrongType();
    void integer(long value);
    void bulk(byte[] value);
    void bulk(byte[] value, int offset, int length);
    /** A bulk string of the UTF-8 bytes of {@code value}. */
    void bulk(String value);
    /** A bulk string holding the decimal text of {@code value}. */
    void bulkLong(long value);
    /** Null bulk string ({@code $-1} in RESP2, {@code _} in RESP3). */
    void nullBulk();
    /** Null array ({@code *-1} in RESP2, {@code _} in RESP3). */
    void nullArray();
    void array(int length);
    /** A map of {@code pairs} key/value pairs (RESP2: an array of 2*pairs). */
    void map(int pairs);
    /** A set (RESP2: an array). */
    void set(int length);
    /**
     * A double: RESP3 {@code ,} type; RESP2 a bulk string formatted as Redis formats doubles
     * (shortest round-trip form, {@code inf}/{@code -inf}).
     */
    void doubleValue(double value);
    /**
     * A double whose text the caller formatted (e.g. GEOPOS's {@code %.17Lf} "human" form): RESP3
     * {@code ,text}; RESP2 a bulk string of the text. {@code text} is ASCII.
     */
    default void doubleText(String text) {
        bulk(text);
    }
    /** A boolean: RESP3 {@code #t/#f}; RESP2 integer 1/0. */
    void bool(boolean value);
    /** Verbatim string (RESP3 {@code =}, with a 3-letter format such as {@code txt}); RESP2 a bulk string. */
    void verbatim(String format, byte[] value);
    /** Out-of-band push header (RESP3 {@code >}; RESP2 an array). */
    void push(int length);
    /**
     * A big number ({@code digits}: an optional minus sign and decimal digits): RESP3 {@code (};
     * RESP2 a bulk string of the digits.
     */
    default void bigNumber(String digits) {
        bulk(digits);
    }
    /** The protocol version of the connection, 2 or 3. */
    /**
     * True when everything written is being dropped: the client turned replies off, or it is
     * being disconnected because its unsent output passed its {@code client-output-buffer-limit}.
     * A command producing a very long reply (SRANDMEMBER with a huge negative count) checks it
     * now and then and stops producing early; a command that changes data must still finish its
     * work. Writers that never drop return false.
     */
    default boolean discarding() {
        return false;
    }

    int protocol();
}
