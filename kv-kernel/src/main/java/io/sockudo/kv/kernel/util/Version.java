package io.sockudo.kv.kernel.util;

/** Versions the server reports. */
public final class Version {
    /** Our own version. */
    public static final String VERSION = "0.1.0";
    /** The Redis version we are compatible with, as INFO/HELLO report it to clients. */
    public static final String REDIS_VERSION = "7.0.15";

    private Version() {
    }
}
