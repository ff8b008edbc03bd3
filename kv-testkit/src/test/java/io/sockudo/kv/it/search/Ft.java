package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.RespClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A RESP client for the search tests: sends commands as strings and renders replies compactly
 * ({@code [2, "doc:1", ["title", "hello"]]}, {@code (error) ...}, {@code {k: v}} for RESP3 maps),
 * and waits for background indexing to finish.
 */
final class Ft implements AutoCloseable {
    final RespClient c;

    Ft(int port) throws IOException {
        c = new RespClient(port);
    }

    Ft(int port, int protocol) throws IOException {
        this(port);
        if (protocol == 3) {
            c.callText("HELLO", "3");
        }
    }

    /** The rendered reply. */
    String q(String... args) throws IOException {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return render(c.call(a));
    }

    String q(List<byte[]> args) throws IOException {
        return render(c.call(args));
    }

    /** Waits until the index reports indexing 0. */
    void awaitIndexed(String index) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            String info = q("FT.INFO", index);
            if (info.contains(" indexing, \"0\"") || info.contains("indexing: (double) 0,")) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("index " + index + " still indexing");
    }

    static String render(byte[] reply) {
        int[] pos = {0};
        StringBuilder sb = new StringBuilder();
        value(reply, pos, sb);
        return sb.toString();
    }

    private static String line(byte[] b, int[] pos) {
        int start = pos[0];
        int i = start;
        while (!(b[i] == '\r' && b[i + 1] == '\n')) {
            i++;
        }
        pos[0] = i + 2;
        return new String(b, start, i - start, StandardCharsets.UTF_8);
    }

    private static void value(byte[] b, int[] pos, StringBuilder sb) {
        String l = line(b, pos);
        char t = l.charAt(0);
        String body = l.substring(1);
        switch (t) {
            case '$', '=' -> {
                int len = Integer.parseInt(body);
                if (len < 0) {
                    sb.append("nil");
                    return;
                }
                String s = new String(b, pos[0], len, StandardCharsets.UTF_8);
                pos[0] += len + 2;
                sb.append('"').append(s).append('"');
            }
            case '+' -> sb.append(body);
            case '-' -> sb.append("(error) ").append(body);
            case ':' -> sb.append(body);
            case ',' -> sb.append("(double) ").append(body);
            case '#' -> sb.append(body.equals("t") ? "true" : "false");
            case '_' -> sb.append("nil");
            case '*', '~', '>' -> {
                int n = Integer.parseInt(body);
                if (n < 0) {
                    sb.append("nil");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    value(b, pos, sb);
                }
                sb.append(']');
            }
            case '%' -> {
                int n = Integer.parseInt(body);
                sb.append('{');
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    value(b, pos, sb);
                    sb.append(": ");
                    value(b, pos, sb);
                }
                sb.append('}');
            }
            default -> sb.append(l);
        }
    }

    @Override
    public void close() throws IOException {
        c.close();
    }
}
