package io.sockudo.kv.kernel.slowlog;

import io.sockudo.kv.kernel.config.ConfigRegistry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Redis's slow log ({@code slowlog.c}): commands that took at least
 * {@code slowlog-log-slower-than} µs (negative: none; 0: every command), newest first, at most
 * {@code slowlog-max-len}. An entry keeps at most 32 arguments (the last one then says how many
 * more there were) of at most 128 bytes each (then "... (N more bytes)"), the client's address and
 * name. Adding costs nothing unless the command was slow.
 */
public final class SlowLog {
    /** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
    static final int MAX_ARGC = 32;
    static final int MAX_STRING = 128;

    /** One logged command. */
    public record Entry(long id, long timeSeconds, long durationMicros, byte[][] argv, String peer, String name) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long nextId;
    private volatile long slowerThan = 10000;
    private volatile long maxLen = 128;

    public void bind(ConfigRegistry config) {
        config.onChange("slowlog-log-slower-than", v -> slowerThan = config.getLong("slowlog-log-slower-than"));
        config.onChange("slowlog-max-len", v -> {
            maxLen = config.getLong("slowlog-max-len");
            trim();
        });
    }

    /** True when a command of {@code micros} µs is logged (one volatile read). */
    public boolean slow(long micros) {
        long t = slowerThan;
        return t >= 0 && micros >= t;
    }

    /** Logs a command (call only when {@link #slow}). */
    public void add(byte[][] argv, long micros, String peer, String name) {
        Entry e;
        byte[][] kept = truncate(argv);
        synchronized (this) {
            e = new Entry(nextId++, System.currentTimeMillis() / 1000, micros, kept, peer, name == null ? "" : name);
            entries.addFirst(e);
            trim();
        }
    }

    private synchronized void trim() {
        while (entries.size() > maxLen) {
            entries.removeLast();
        }
    }

    static byte[][] truncate(byte[][] argv) {
        int argc = Math.min(argv.length, MAX_ARGC);
        byte[][] out = new byte[argc][];
        for (int j = 0; j < argc; j++) {
            if (argc != argv.length && j == argc - 1) {
                out[j] = ("... (" + (argv.length - argc + 1) + " more arguments)").getBytes(StandardCharsets.US_ASCII);
            } else if (argv[j].length > MAX_STRING) {
                byte[] suffix = ("... (" + (argv[j].length - MAX_STRING) + " more bytes)")
                        .getBytes(StandardCharsets.US_ASCII);
                byte[] b = new byte[MAX_STRING + suffix.length];
                System.arraycopy(argv[j], 0, b, 0, MAX_STRING);
                System.arraycopy(suffix, 0, b, MAX_STRING, suffix.length);
                out[j] = b;
            } else {
                out[j] = argv[j].clone();
            }
        }
        return out;
    }

    /** Up to {@code count} entries, newest first. */
    public synchronized List<Entry> latest(long count) {
        List<Entry> out = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext() && out.size() < count) {
            out.add(it.next());
        }
        return out;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void reset() {
        entries.clear();
    }
}
