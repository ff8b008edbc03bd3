package io.sockudo.kv.kernel.logging;

import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Log lines in Redis's format, {@code pid:role dd Mon yyyy HH:mm:ss.mmm <level> message}, e.g.
 * {@code 4711:M 07 Dec 2026 08:00:00.123 * Ready to accept connections tcp}, so that scripts and
 * tools that watch Redis's log read ours. Levels are Redis's: {@code .} debug, {@code -} verbose,
 * {@code *} notice, {@code #} warning; {@code loglevel} picks the lowest one written. The role is
 * {@code M} (a master) or {@code C} before the server is initialized, as Redis prints it while it
 * reads its configuration.
 */
public final class RedisLog {
    /** Redis's levels, lowest first. */
    public enum Level {
        DEBUG('.'), VERBOSE('-'), NOTICE('*'), WARNING('#');

        final char mark;

        Level(char mark) {
            this.mark = mark;
        }
    }

    private static final long PID = ProcessHandle.current().pid();
    /**
     * The local zone. The line's date is written by hand rather than with a {@code DateTimeFormatter}
     * and the zone is {@link TimeZone}'s, not {@code ZoneId.systemDefault()}: the formatter's locale
     * data and java.time's zone-provider lookup (a search of every jar for a service file) cost
     * ~45 ms of the server's start-up, where the first line is written before anything else runs.
     */
    private static final TimeZone ZONE = TimeZone.getDefault();
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static volatile Level threshold = Level.NOTICE;
    private static volatile char role = 'C';
    private static volatile PrintStream out = System.out;
    /** A second destination of every line written (syslog), or null. */
    private static volatile java.util.function.BiConsumer<Level, String> secondary;

    private RedisLog() {
    }

    /**
     * The lowest level ever written, whatever {@code loglevel} says: {@code -Dsockudo.kv.log.floor=warning}
     * keeps a test suite that starts hundreds of servers quiet.
     */
    private static final Level FLOOR = parse(System.getProperty("sockudo.kv.log.floor", "debug"));

    static {
        threshold = max(Level.NOTICE, FLOOR);
    }

    private static Level parse(String loglevel) {
        return switch (loglevel.toLowerCase(Locale.ROOT)) {
            case "debug" -> Level.DEBUG;
            case "verbose" -> Level.VERBOSE;
            case "warning" -> Level.WARNING;
            default -> Level.NOTICE;
        };
    }

    private static Level max(Level a, Level b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code loglevel}: debug, verbose, notice or warning. */
    public static void level(String loglevel) {
        threshold = max(parse(loglevel), FLOOR);
    }

    /** The role letter: {@code M} once the server runs as a master. */
    public static void role(char r) {
        role = r;
    }

    /** Where lines go (standard output unless the process changes it). */
    public static void output(PrintStream stream) {
        out = stream;
    }

    /** Adds (or, with null, removes) a second destination: it gets each line's level and message. */
    public static void secondary(java.util.function.BiConsumer<Level, String> sink) {
        secondary = sink;
    }

    static boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    /** Writes one line (and a stack trace after it, when given). */
    public static void log(Level level, String message, Throwable t) {
        if (!enabled(level)) {
            return;
        }
        String line = format(level, message, Instant.now());
        PrintStream o = out;
        synchronized (o) {
            o.println(line);
            if (t != null) {
                t.printStackTrace(o);
            }
            o.flush();
        }
        java.util.function.BiConsumer<Level, String> second = secondary;
        if (second != null) {
            second.accept(level, message);
        }
    }

    /** The line Redis would write, without the newline. */
    static String format(Level level, String message, Instant at) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(ZONE.getOffset(at.toEpochMilli()) / 1000);
        LocalDateTime t = LocalDateTime.ofEpochSecond(at.getEpochSecond(), at.getNano(), offset);
        // StringBuilder, not '+': string concatenation's first use links an invokedynamic call site
        StringBuilder b = new StringBuilder(40 + message.length());
        b.append(PID).append(':').append(role).append(' ');
        twoDigits(b, t.getDayOfMonth()).append(' ').append(MONTHS[t.getMonthValue() - 1]).append(' ')
                .append(t.getYear()).append(' ');
        twoDigits(b, t.getHour()).append(':');
        twoDigits(b, t.getMinute()).append(':');
        twoDigits(b, t.getSecond()).append('.');
        int millis = t.getNano() / 1_000_000;
        b.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10)).append((char) ('0' + millis % 10));
        return b.append(' ').append(level.mark).append(' ').append(message).toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
