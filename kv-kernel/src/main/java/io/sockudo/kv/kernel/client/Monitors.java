package io.sockudo.kv.kernel.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The clients in MONITOR mode and the feed they get: after each command runs, one line in Redis's
 * format, {@code +1339518083.107412 [0 127.0.0.1:60866] "keys" "*"} ({@code [0 lua]} for a
 * script's commands), pushed to every monitor. Nothing is formatted while nobody monitors: one
 * volatile read per command.
 */
public final class Monitors implements ConnectionListener {
    private volatile Client[] monitors = new Client[0];

    public synchronized void add(Client c) {
        for (Client m : monitors) {
            if (m == c) {
                return;
            }
        }
        Client[] grown = Arrays.copyOf(monitors, monitors.length + 1);
        grown[monitors.length] = c;
        monitors = grown;
    }

    public synchronized void remove(Client c) {
        Client[] cur = monitors;
        for (int i = 0; i < cur.length; i++) {
            if (cur[i] == c) {
                Client[] less = new Client[cur.length - 1];
                System.arraycopy(cur, 0, less, 0, i);
                System.arraycopy(cur, i + 1, less, i, cur.length - i - 1);
                monitors = less;
                return;
            }
        }
    }

    @Override
    public void closed(Client client) {
        remove(client);
    }

    @Override
    public void reset(Client client) {
        remove(client);
    }

    public boolean active() {
        return monitors.length > 0;
    }

    public boolean isMonitor(Client c) {
        for (Client m : monitors) {
            if (m == c) {
                return true;
            }
        }
        return false;
    }

    public int count() {
        return monitors.length;
    }

    /**
     * Feeds one executed command to every monitor.
     *
     * @param source the client's {@code ip:port}, or {@code lua} for a script's command
     */
    public void feed(int db, String source, byte[][] argv) {
        Client[] ms = monitors;
        if (ms.length == 0) {
            return;
        }
        long micros = currentMicros();
        StringBuilder sb = new StringBuilder(64);
        sb.append('+').append(micros / 1_000_000).append('.');
        String frac = Long.toString(micros % 1_000_000);
        sb.append("000000", 0, 6 - frac.length()).append(frac);
        sb.append(" [").append(db).append(' ').append(source).append(']');
        for (byte[] a : argv) {
            sb.append(' ');
            repr(sb, a);
        }
        sb.append("\r\n");
        byte[] line = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuf buf = Unpooled.wrappedBuffer(line);
        for (Client m : ms) {
            m.pushSink().push(buf.retainedDuplicate());
        }
        buf.release();
    }

    private static final byte[] REDACTED = "(redacted)".getBytes(StandardCharsets.US_ASCII);

    /** The arguments MONITOR shows: AUTH's and HELLO AUTH's credentials as {@code (redacted)}, as Redis 7.0. */
    public static byte[][] redact(String command, byte[][] argv) {
        if (command.equals("auth")) {
            byte[][] out = argv.clone();
            for (int i = 1; i < out.length; i++) {
                out[i] = REDACTED;
            }
            return out;
        }
        if (command.equals("hello")) {
            byte[][] out = null;
            for (int i = 2; i + 2 < argv.length + 1; i++) {
                if (io.sockudo.kv.spi.Args.is(argv[i], "auth") && i + 2 < argv.length) {
                    out = out == null ? argv.clone() : out;
                    out[i + 1] = REDACTED;
                    out[i + 2] = REDACTED;
                    i += 2;
                }
            }
            return out == null ? argv : out;
        }
        return argv;
    }

    private static long currentMicros() {
        java.time.Instant i = java.time.Instant.now();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    /** Redis's sdscatrepr: quoted, with C escapes and \xHH for other non-printable bytes. */
    static void repr(StringBuilder sb, byte[] a) {
        sb.append('"');
        for (byte x : a) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                default -> {
                    if (c >= 32 && c < 127) {
                        sb.append((char) c);
                    } else {
                        sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    }
                }
            }
        }
        sb.append('"');
    }
}
