package io.sockudo.kv.kernel.pubsub;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;

import java.nio.charset.StandardCharsets;

/**
 * Redis's keyspace notifications ({@code notifyKeyspaceEvent}): every keyspace event whose class
 * {@code notify-keyspace-events} selects is published as {@code __keyspace@<db>__:<key>} with the
 * event name as message (K), and as {@code __keyevent@<db>__:<event>} with the key as message (E).
 * The events come from every family and plugin through the SPI's {@code CommandContext.notify}
 * and from the kernel (expired, evicted, new, keymiss...), so all of them are covered the same way.
 */
public final class KeyspaceNotifications implements KeyspaceListener {
    private static final int KEYSPACE = 1 << 30;
    private static final int KEYEVENT = 1 << 29;

    private final PubSub pubsub;
    /** Bits: one per {@link EventClass} ordinal, plus {@link #KEYSPACE} and {@link #KEYEVENT}. */
    private volatile int flags;
    private volatile Runnable interestChanged = () -> { };

    public KeyspaceNotifications(PubSub pubsub, ConfigRegistry config) {
        this.pubsub = pubsub;
        config.onChange("notify-keyspace-events", v -> {
            flags = parse(v == null ? "" : v);
            interestChanged.run();
        });
    }

    /** Off by default (notify-keyspace-events ""): writes then skip this listener altogether. */
    @Override
    public boolean wantsEvents() {
        int f = flags;
        return (f & (KEYSPACE | KEYEVENT)) != 0 && (f & ~(KEYSPACE | KEYEVENT)) != 0;
    }

    @Override
    public void attach(Runnable interestChanged) {
        this.interestChanged = interestChanged;
    }

    /** The flags of a {@code notify-keyspace-events} value ('A' is every class but m and n). */
    static int parse(String v) {
        int f = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case 'K' -> f |= KEYSPACE;
                case 'E' -> f |= KEYEVENT;
                case 'A' -> {
                    for (EventClass e : EventClass.values()) {
                        if (e != EventClass.KEY_MISS && e != EventClass.NEW_KEY) {
                            f |= 1 << e.ordinal();
                        }
                    }
                }
                default -> {
                    for (EventClass e : EventClass.values()) {
                        if (e.letter() == c) {
                            f |= 1 << e.ordinal();
                        }
                    }
                }
            }
        }
        return f;
    }

    @Override
    public void onEvent(Keyspace db, EventClass eventClass, String event, byte[] key) {
        int f = flags;
        if ((f & (1 << eventClass.ordinal())) == 0) {
            return;
        }
        byte[] eventBytes = event.getBytes(StandardCharsets.US_ASCII);
        if ((f & KEYSPACE) != 0) {
            pubsub.publish(channel("__keyspace@", db.index(), key), eventBytes);
        }
        if ((f & KEYEVENT) != 0) {
            pubsub.publish(channel("__keyevent@", db.index(), eventBytes), key);
        }
    }

    private static byte[] channel(String prefix, int db, byte[] suffix) {
        byte[] head = (prefix + db + "__:").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + suffix.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(suffix, 0, out, head.length, suffix.length);
        return out;
    }
}
