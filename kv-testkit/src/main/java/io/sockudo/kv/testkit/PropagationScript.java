package io.sockudo.kv.testkit;

import io.sockudo.kv.kernel.propagation.PropagatedCommand;
import io.sockudo.kv.kernel.propagation.PropagationListener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a propagation corpus against an embedded server and compares what the server's propagation
 * stream (what the AOF and replicas receive) carries with what the corpus expects. One line per
 * step:
 *
 * <pre>
 * ! cmd       setup: run the command, forget what it propagated
 * &amp; cmd       send the command on a second connection and wait until it blocks (BLPOP ...)
 * &gt; cmd       the command under test: run it (and read the replies of the blocked connections);
 *             an error reply is a problem unless written {@code > ?cmd}
 * &lt; cmd       the next propagated command expected from the last '&gt;' (none listed: nothing)
 * =name cmd   setup: run the command and keep its bulk reply as {@code {{$name}}} for later lines
 * &#64;sleep ms   wait (lazy expiry cases)
 * </pre>
 *
 * {@code {{$name}}} in any line is replaced by a variable: one kept by '=' or one the runner passes
 * ({@code {{$target_port}}}, a second server for MIGRATE).
 * In an expected line {@code *} matches any one argument, {@code {{ms}}} and {@code {{s}}} a Unix
 * time (milliseconds, seconds) within a minute of now, {@code {{ms+100}}} one about 100 seconds
 * from now. SELECT lines appear where the database
 * of the stream changes, as the AOF writes them; MULTI/EXEC where the server wraps a unit.
 */
public final class PropagationScript {
    private PropagationScript() {
    }

    /** Collects the stream rendered as text lines, SELECT inserted where the database changes. */
    public static final class Capture implements PropagationListener {
        private final List<List<byte[]>> lines = new ArrayList<>();
        private int db;

        @Override
        public synchronized void onUnit(List<PropagatedCommand> unit) {
            for (PropagatedCommand c : unit) {
                if (c.db() != db) {
                    db = c.db();
                    lines.add(List.of("SELECT".getBytes(StandardCharsets.US_ASCII),
                            Integer.toString(db).getBytes(StandardCharsets.US_ASCII)));
                }
                List<byte[]> argv = new ArrayList<>();
                for (byte[] a : c.argv()) {
                    argv.add(a.clone());
                }
                if (!c.toAof()) {
                    argv.add(0, "(replicas-only)".getBytes(StandardCharsets.US_ASCII));
                }
                lines.add(argv);
            }
        }

        /** What was captured so far, one command per line, arguments separated by spaces. */
        public synchronized String text() {
            StringBuilder sb = new StringBuilder();
            for (List<byte[]> argv : lines) {
                for (int i = 0; i < argv.size(); i++) {
                    sb.append(i == 0 ? "" : " ").append(new String(argv.get(i), StandardCharsets.ISO_8859_1));
                }
                sb.append('\n');
            }
            return sb.toString();
        }

        /** The commands captured so far, each an argument list; the capture starts empty again. */
        public synchronized List<List<byte[]>> take() {
            List<List<byte[]>> out = new ArrayList<>(lines);
            lines.clear();
            return out;
        }
    }

    /**
     * Runs {@code content} (file {@code name}) on {@code main} (and a second connection for '&amp;'
     * lines); returns one message per mismatch. {@code covered} receives the names of the
     * commands run with '&gt;' or '&amp;' ("xgroup|create" for subcommands, lower case).
     */
    public static List<String> run(String name, String content, EmbeddedServer server, Capture capture,
                                   Set<String> containers, Set<String> covered) throws IOException, InterruptedException {
        return run(name, content, server, capture, containers, covered, java.util.Map.of());
    }

    /**
     * As {@link #run(String, String, EmbeddedServer, Capture, Set, Set)}, with variables known from
     * the start ({@code {{$target_port}}}: the port of a second server, for MIGRATE).
     */
    public static List<String> run(String name, String content, EmbeddedServer server, Capture capture,
                                   Set<String> containers, Set<String> covered, java.util.Map<String, byte[]> initial)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        java.util.Map<String, byte[]> vars = new java.util.HashMap<>(initial);
        String[] lines = content.split("\n");
        try (RespClient main = new RespClient(server.port())) {
            List<RespClient> blocked = new ArrayList<>();
            List<List<byte[]>> got = null;
            int gotIndex = 0;
            String under = null;
            int underLine = 0;
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                char op = line.charAt(0);
                String rest = line.substring(1).strip();
                if (op != '<' && got != null) {
                    extra(name, underLine, under, got, gotIndex, problems);
                    got = null;
                }
                switch (op) {
                    case '!' -> {
                        String failed = errorOf(main.call(args(rest, vars)));
                        if (failed != null) {
                            problems.add(name + ":" + (i + 1) + ": setup '" + rest + "' failed: " + failed);
                        }
                        capture.take();
                    }
                    case '&' -> {
                        covered.add(commandName(rest, containers));
                        RespClient b = new RespClient(server.port());
                        b.sendRaw(RespClient.encode(args(rest, vars)));
                        blocked.add(b);
                        server.awaitBlockedClients(blocked.size());
                    }
                    case '>' -> {
                        covered.add(commandName(rest.startsWith("?") ? rest.substring(1).strip() : rest, containers));
                        capture.take();
                        // "> ?cmd": the command is expected to fail (what a failing write propagates)
                        boolean mayFail = rest.startsWith("?");
                        if (mayFail) {
                            rest = rest.substring(1).strip();
                        }
                        String failed = errorOf(main.call(args(rest, vars)));
                        if (failed != null && !mayFail) {
                            problems.add(name + ":" + (i + 1) + ": '" + rest + "' failed: " + failed);
                        }
                        for (RespClient b : blocked) {
                            b.readReply();
                            b.close();
                        }
                        blocked.clear();
                        got = capture.take();
                        gotIndex = 0;
                        under = rest;
                        underLine = i + 1;
                    }
                    case '<' -> {
                        if (got == null) {
                            problems.add(name + ":" + (i + 1) + ": '<' without a '>' before it");
                        } else if (gotIndex >= got.size()) {
                            problems.add(name + ":" + (i + 1) + ": after '" + under + "' expected '" + rest
                                    + "' but nothing more was propagated");
                        } else {
                            List<byte[]> actual = got.get(gotIndex++);
                            if (!matches(args(rest, vars), actual)) {
                                problems.add(name + ":" + (i + 1) + ": after '" + under + "' expected '" + rest
                                        + "' but got '" + render(actual) + "'");
                            }
                        }
                    }
                    case '=' -> {
                        // "=name cmd": run a setup command and keep its bulk reply as {{$name}}
                        // (a DUMP payload for RESTORE, which no text line can hold)
                        int sp = rest.indexOf(' ');
                        byte[] reply = main.call(args(rest.substring(sp + 1).strip(), vars));
                        vars.put(rest.substring(0, sp), bulkOf(reply));
                        capture.take();
                    }
                    case '@' -> {
                        String[] w = rest.split("\\s+");
                        if (w[0].equals("sleep")) {
                            Thread.sleep(Long.parseLong(w[1]));
                        } else {
                            problems.add(name + ":" + (i + 1) + ": unknown directive " + rest);
                        }
                    }
                    default -> problems.add(name + ":" + (i + 1) + ": unknown line " + line);
                }
            }
            if (got != null) {
                extra(name, underLine, under, got, gotIndex, problems);
            }
        }
        return problems;
    }

    /** The payload of a raw bulk-string reply ({@code $n\r\n...\r\n}). */
    private static byte[] bulkOf(byte[] reply) {
        int crlf = 0;
        while (reply[crlf] != '\r') {
            crlf++;
        }
        int n = Integer.parseInt(new String(reply, 1, crlf - 1, StandardCharsets.US_ASCII));
        return java.util.Arrays.copyOfRange(reply, crlf + 2, crlf + 2 + n);
    }

    /** The error text of a raw RESP reply, or null when it is not an error. */
    private static String errorOf(byte[] reply) {
        if (reply.length > 0 && (reply[0] == '-' || reply[0] == '!')) {
            return new String(reply, StandardCharsets.UTF_8).strip();
        }
        return null;
    }

    private static void extra(String name, int line, String under, List<List<byte[]>> got, int from,
                              List<String> problems) {
        for (int k = from; k < got.size(); k++) {
            problems.add(name + ":" + line + ": '" + under + "' also propagated '" + render(got.get(k)) + "'");
        }
    }

    private static List<byte[]> args(String line, java.util.Map<String, byte[]> vars) {
        List<byte[]> a = args(line);
        for (int i = 0; i < a.size(); i++) {
            String t = new String(a.get(i), StandardCharsets.UTF_8);
            if (t.startsWith("{{$") && t.endsWith("}}")) {
                byte[] v = vars.get(t.substring(3, t.length() - 2));
                if (v == null) {
                    throw new IllegalArgumentException("no variable " + t + " in: " + line);
                }
                a.set(i, v);
            }
        }
        return a;
    }

    private static List<byte[]> args(String line) {
        List<byte[]> a = DifferentialScript.split(line);
        if (a == null || a.isEmpty()) {
            throw new IllegalArgumentException("bad command line: " + line);
        }
        return a;
    }

    /** "set", or "xgroup|create" when the first word names a command with subcommands. */
    private static String commandName(String line, Set<String> containers) {
        List<byte[]> a = args(line);
        String first = new String(a.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        if (containers.contains(first) && a.size() > 1) {
            return first + "|" + new String(a.get(1), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        }
        return first;
    }

    static boolean matches(List<byte[]> expected, List<byte[]> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            String e = new String(expected.get(i), StandardCharsets.UTF_8);
            byte[] a = actual.get(i);
            if (e.equals("*")) {
                continue;
            }
            java.util.regex.Matcher time = TIME.matcher(e);
            if (time.matches()) {
                long offset = time.group(2) == null ? 0 : Long.parseLong(time.group(2)) * 1000;
                if (!nearNow(a, time.group(1).equals("ms") ? 1 : 1000, offset)) {
                    return false;
                }
                continue;
            }
            if (i == 0 ? !e.equalsIgnoreCase(new String(a, StandardCharsets.UTF_8))
                    : !java.util.Arrays.equals(expected.get(i), a)) {
                return false;
            }
        }
        return true;
    }

    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("\\{\\{(ms|s)([+-]\\d+)?}}");

    private static boolean nearNow(byte[] a, long unitMillis, long offsetMillis) {
        try {
            long v = Long.parseLong(new String(a, StandardCharsets.US_ASCII)) * unitMillis;
            return Math.abs(v - System.currentTimeMillis() - offsetMillis) < 60_000 + unitMillis;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A propagated command as one line, quoted like redis-cli where needed. */
    public static String render(List<byte[]> argv) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : argv) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            boolean plain = a.length > 0;
            for (byte b : a) {
                if (b <= ' ' || b > '~' || b == '"' || b == '\'' || b == '\\') {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                sb.append(new String(a, StandardCharsets.US_ASCII));
            } else {
                sb.append('"');
                for (byte b : a) {
                    int c = b & 0xff;
                    if (c == '"' || c == '\\') {
                        sb.append('\\').append((char) c);
                    } else if (c < ' ' || c > '~') {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
                sb.append('"');
            }
        }
        return sb.toString();
    }

    /** The command table as COMMAND reports it: name to flags, subcommands as "container|sub". */
    public static java.util.Map<String, Set<String>> commandFlags(int port) throws IOException {
        java.util.Map<String, Set<String>> out = new java.util.TreeMap<>();
        try (RespClient c = new RespClient(port)) {
            for (Object o : RespValue.parse(c.call(List.of("COMMAND".getBytes(StandardCharsets.US_ASCII))))) {
                addCommand((List<?>) o, out);
            }
        }
        return out;
    }

    private static void addCommand(List<?> info, java.util.Map<String, Set<String>> out) {
        String name = new String((byte[]) info.get(0), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        Set<String> flags = new TreeSet<>();
        for (Object f : (List<?>) info.get(2)) {
            flags.add(new String((byte[]) f, StandardCharsets.UTF_8));
        }
        List<?> subs = info.size() > 9 && info.get(9) instanceof List<?> l ? l : List.of();
        if (subs.isEmpty()) {
            out.put(name, flags);
        } else {
            out.put(name, Set.of("container"));
            for (Object s : subs) {
                addCommand((List<?>) s, out);
            }
        }
    }

    /** The commands (and subcommands) that must have a propagation case: writes and may-replicate. */
    public static Set<String> propagatingCommands(java.util.Map<String, Set<String>> table) {
        Set<String> out = new TreeSet<>();
        table.forEach((name, flags) -> {
            if (flags.contains("write") || flags.contains("may_replicate")) {
                out.add(name);
            }
        });
        return out;
    }

    /** The names of commands with subcommands. */
    public static Set<String> containers(java.util.Map<String, Set<String>> table) {
        Set<String> out = new TreeSet<>();
        table.forEach((name, flags) -> {
            if (flags.contains("container")) {
                out.add(name);
            }
        });
        return out;
    }
}
