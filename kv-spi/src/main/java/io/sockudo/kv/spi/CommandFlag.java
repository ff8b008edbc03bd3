package io.sockudo.kv.spi;

/** Command flags, as {@code COMMAND INFO} prints them (lower case). */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE,
    SKIP_MONITOR, SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL,
    NO_MANDATORY_KEYS, PROTECTED, NO_ASYNC_LOADING, NO_MULTI, MOVABLEKEYS, ALLOW_BUSY;

    /** The name Redis prints, e.g. {@code no_auth}, {@code skip_monitor}. */
    public String redisName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
