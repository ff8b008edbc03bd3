package io.sockudo.kv.testkit;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A raw RESP client for tests: sends commands as multibulk (or arbitrary bytes) and returns each
 * reply as the exact bytes the server sent, so replies can be compared byte for byte.
 */
public final class RespClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RespClient(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    public RespClient(int port) throws IOException {
        this("127.0.0.1", port);
    }

    /** Encodes a command as a RESP multibulk. */
    public static byte[] encode(List<byte[]> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : args) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(new byte[]{'\r', '\n'});
        }
        return b.toByteArray();
    }

    /** Sends a command and returns the raw bytes of its reply. */
    public byte[] call(List<byte[]> args) throws IOException {
        out.write(encode(args));
        out.flush();
        return readReply();
    }

    /** Sends a command given as strings and returns its reply decoded ({@link RespValue#decode}). */
    public Object callValue(String... args) throws IOException {
        List<byte[]> a = new java.util.ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return RespValue.decode(call(a));
    }

    /** Sends a command given as strings and returns its reply as text (UTF-8). */
    public String callText(String... args) throws IOException {
        List<byte[]> a = new java.util.ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return new String(call(a), StandardCharsets.UTF_8);
    }

    /** Sends raw bytes. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads whatever arrives until the server closes the connection or {@code quietMillis} pass
     * without data.
     */
    public byte[] readAvailable(int quietMillis) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int old = socket.getSoTimeout();
        socket.setSoTimeout(quietMillis);
        try {
            byte[] buf = new byte[8192];
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    b.writeBytes("<closed>".getBytes(StandardCharsets.US_ASCII));
                    break;
                }
                b.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // quiet period reached
        } catch (IOException e) {
            b.writeBytes("<reset>".getBytes(StandardCharsets.US_ASCII));
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(old);
            }
        }
        return b.toByteArray();
    }

    /** Reads exactly one reply (any RESP2/RESP3 type, nested) and returns its bytes. */
    public byte[] readReply() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        readValue(b);
        return b.toByteArray();
    }

    private void readValue(ByteArrayOutputStream b) throws IOException {
        String line = readLine(b);
        char type = line.charAt(0);
        switch (type) {
            case '+', '-', ':', ',', '#', '_', '(' -> {
            }
            case '$', '=', '!' -> {
                long len = Long.parseLong(line.substring(1));
                if (len >= 0) {
                    byte[] body = in.readNBytes((int) len + 2);
                    if (body.length < len + 2) {
                        throw new EOFException("connection closed in bulk");
                    }
                    b.writeBytes(body);
                }
            }
            case '*', '~', '>' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < n; i++) {
                    readValue(b);
                }
            }
            case '%', '|' -> {
                long n = Long.parseLong(line.substring(1));
                for (long i = 0; i < 2 * n; i++) {
                    readValue(b);
                }
                if (type == '|') {
                    readValue(b); // the attribute is followed by the actual reply
                }
            }
            default -> throw new IOException("unexpected reply type: " + line);
        }
    }

    private String readLine(ByteArrayOutputStream b) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            b.write(c);
            if (c == '\n' && sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') {
                sb.setLength(sb.length() - 1);
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
