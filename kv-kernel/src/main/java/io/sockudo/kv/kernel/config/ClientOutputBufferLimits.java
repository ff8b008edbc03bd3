package io.sockudo.kv.kernel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code client-output-buffer-limit} option: a hard limit, a soft limit and the seconds the
 * soft limit may be exceeded, for each of the client classes {@code normal}, {@code replica}
 * (shown as {@code slave}) and {@code pubsub}. Parsed, validated, merged, shown and rewritten as
 * Redis 7.0 does: a value names one or more classes and leaves the others as they are, sizes take
 * memory units and are unsigned, seconds are a plain integer.
 */
public record ClientOutputBufferLimits(Limit normal, Limit replica, Limit pubsub) {

    /**
     * One class's limits.
     *
     * @param hardBytes close the client as soon as its pending output reaches this (0 = none);
     *                  unsigned, as Redis stores it
     * @param softBytes close it when its pending output stays at or above this ... (0 = none)
     * @param softSeconds ... for more than this many seconds
     */
    public record Limit(long hardBytes, long softBytes, long softSeconds) {
    }

    /** The client classes, in the order CONFIG GET shows them. */
    public enum ClientClass {
        NORMAL("normal"), REPLICA("slave"), PUBSUB("pubsub");

        private final String shownAs;

        ClientClass(String shownAs) {
            this.shownAs = shownAs;
        }
    }

    public static final String OPTION = "client-output-buffer-limit";
    public static final ClientOutputBufferLimits DEFAULTS = new ClientOutputBufferLimits(
            new Limit(0, 0, 0), new Limit(256L << 20, 64L << 20, 60), new Limit(32L << 20, 8L << 20, 60));

    static final String WRONG_ARGS = "Wrong number of arguments in buffer limit configuration.";
    static final String BAD_CLASS = "Invalid client class specified in buffer limit configuration.";
    static final String BAD_VALUE = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";

    public Limit of(ClientClass c) {
        return switch (c) {
            case NORMAL -> normal;
            case REPLICA -> replica;
            case PUBSUB -> pubsub;
        };
    }

    /** Null when {@code value} is acceptable, otherwise Redis's error text. */
    public static String validate(String value) {
        List<String> w = OptionType.words(value);
        if (w.size() % 4 != 0) {
            return WRONG_ARGS;
        }
        for (int i = 0; i < w.size(); i++) {
            if (i % 4 == 0) {
                if (classOf(w.get(i)) == null) {
                    return BAD_CLASS;
                }
            } else if (i % 4 == 3 ? seconds(w.get(i)) < 0 : memtoull(w.get(i)) == null) {
                return BAD_VALUE;
            }
        }
        return null;
    }

    /** {@code current} with the classes {@code update} names replaced (both valid). */
    public static ClientOutputBufferLimits merge(ClientOutputBufferLimits current, String update) {
        Limit[] l = {current.normal, current.replica, current.pubsub};
        List<String> w = OptionType.words(update);
        for (int i = 0; i + 3 < w.size(); i += 4) {
            l[classOf(w.get(i)).ordinal()] = new Limit(memtoull(w.get(i + 1)), memtoull(w.get(i + 2)),
                    seconds(w.get(i + 3)));
        }
        return new ClientOutputBufferLimits(l[0], l[1], l[2]);
    }

    /** Parses the form {@link #toString()} prints. */
    public static ClientOutputBufferLimits parse(String shown) {
        return merge(DEFAULTS, shown);
    }

    /** As CONFIG GET shows it: {@code normal 0 0 0 slave 268435456 67108864 60 pubsub ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (ClientClass c : ClientClass.values()) {
            Limit l = of(c);
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(c.shownAs).append(' ').append(Long.toUnsignedString(l.hardBytes)).append(' ')
                    .append(Long.toUnsignedString(l.softBytes)).append(' ').append(l.softSeconds);
        }
        return sb.toString();
    }

    /**
     * The lines CONFIG REWRITE writes, one per class ({@code replica}, sizes with units), each
     * paired with whether it must be written although the file does not have it (it differs
     * from the default), as Redis's {@code rewriteConfigClientOutputBufferLimitOption}.
     */
    public List<Line> rewriteLines() {
        List<Line> out = new ArrayList<>();
        for (ClientClass c : ClientClass.values()) {
            Limit l = of(c);
            String name = c == ClientClass.REPLICA ? "replica" : c.shownAs;
            out.add(new Line(OPTION + " " + name + " " + OptionType.formatMemory(l.hardBytes) + " "
                    + OptionType.formatMemory(l.softBytes) + " " + l.softSeconds, !l.equals(DEFAULTS.of(c))));
        }
        return out;
    }

    /** A config-file line and whether CONFIG REWRITE must write it. */
    public record Line(String text, boolean force) {
    }

    private static ClientClass classOf(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "normal" -> ClientClass.NORMAL;
            case "slave", "replica" -> ClientClass.REPLICA;
            case "pubsub" -> ClientClass.PUBSUB;
            default -> null; // "master" included: Redis refuses it here
        };
    }

    /**
     * Redis's {@code memtoull}: digits and an optional unit; no sign. Like {@code strtoull}, too
     * many digits saturate and no digits read as 0; the unit multiplication wraps as in C.
     */
    static Long memtoull(String v) {
        int i = 0;
        while (i < v.length() && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            i++;
        }
        long mul = switch (v.substring(i).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 0;
        };
        if (mul == 0 || i >= 128) {
            return null;
        }
        long n = 0;
        for (int k = 0; k < i; k++) {
            int d = v.charAt(k) - '0';
            if (Long.compareUnsigned(n, Long.divideUnsigned(-1L - d, 10)) > 0) {
                n = -1L; // ULLONG_MAX, as strtoull saturates
                break;
            }
            n = n * 10 + d;
        }
        return n * mul;
    }

    /** {@code strtoll} that must consume everything and be non-negative; -1 when invalid. */
    private static long seconds(String v) {
        if (v.isEmpty()) {
            return -1;
        }
        int i = v.charAt(0) == '+' ? 1 : 0;
        if (i == v.length()) {
            return -1;
        }
        long n = 0;
        for (; i < v.length(); i++) {
            int d = v.charAt(i) - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            n = n > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : n * 10 + d;
        }
        return n;
    }
}
