package io.sockudo.kv.spi;

/**
 * Keyspace notification classes, with the letters {@code notify-keyspace-events} uses.
 */
public enum EventClass {
    GENERIC('g'), STRING('$'), LIST('l'), SET('s'), HASH('h'), ZSET('z'), EXPIRED('x'),
    EVICTED('e'), STREAM('t'), KEY_MISS('m'), MODULE('d'), NEW_KEY('n');

    private final char letter;

    EventClass(char letter) {
        this.letter = letter;
    }

    /** The letter used in the {@code notify-keyspace-events} configuration. */
    public char letter() {
        return letter;
    }
}
