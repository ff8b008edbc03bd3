package io.sockudo.kv.kernel.commands.keys;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The connections MIGRATE keeps to its targets, as Redis's {@code migrate_cached_sockets}: one per
 * {@code host:port}, reused by the next MIGRATE to the same target (which then skips SELECT when the
 * database is the same), at most 64 (a random one is dropped to make room), closed once unused for
 * more than 10 seconds ({@link #closeIdle}, from the server cron). A connection is taken out of the
 * cache while a MIGRATE uses it, so two event loops never share one; I/O is blocking with a timeout
 * per operation, as Redis's {@code connSyncWrite}/{@code connSyncReadLine}.
 */
public final class MigrateSockets {
    static final int CACHE_ITEMS = 64;
    static final long TTL_MILLIS = 10_000;

    /** One connection to a target. */
    static final class Target {
        final String name;
        final SocketChannel channel;
        final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocate(4096);
        /** The database selected on the target, -1 when unknown (SELECT is sent first). */
        long lastDb = -1;
        long lastUse;

        Target(String name, SocketChannel channel, Selector selector) {
            this.name = name;
            this.channel = channel;
            this.selector = selector;
            in.flip();
        }

        /** Writes all of {@code data}, each 64 KB chunk within {@code timeout} ms. */
        void write(byte[] data, long timeout) throws IOException {
            for (int pos = 0; pos < data.length; ) {
                int n = Math.min(64 * 1024, data.length - pos);
                ByteBuffer b = ByteBuffer.wrap(data, pos, n);
                long deadline = System.currentTimeMillis() + timeout;
                while (b.hasRemaining()) {
                    if (channel.write(b) == 0) {
                        await(SelectionKey.OP_WRITE, deadline);
                    }
                }
                pos += n;
            }
        }

        /** One reply line without its CRLF, within {@code timeout} ms. */
        String readLine(long timeout) throws IOException {
            long deadline = System.currentTimeMillis() + timeout;
            StringBuilder line = new StringBuilder();
            while (true) {
                while (in.hasRemaining()) {
                    char c = (char) (in.get() & 0xff);
                    if (c == '\n') {
                        int len = line.length();
                        if (len > 0 && line.charAt(len - 1) == '\r') {
                            line.setLength(len - 1);
                        }
                        return line.toString();
                    }
                    if (line.length() < 1024) { // Redis reads into a 1 KB buffer
                        line.append(c);
                    }
                }
                in.clear();
                int r = channel.read(in);
                in.flip();
                if (r < 0) {
                    throw new IOException("connection closed by the target");
                }
                if (r == 0) {
                    await(SelectionKey.OP_READ, deadline);
                }
            }
        }

        private void await(int op, long deadline) throws IOException {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException();
            }
            SelectionKey key = channel.keyFor(selector);
            key.interestOps(op);
            selector.selectedKeys().clear();
            if (selector.select(left) == 0 && System.currentTimeMillis() >= deadline) {
                throw new SocketTimeoutException();
            }
        }

        void close() {
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private final Map<String, Target> cached = new HashMap<>();

    /**
     * The target's address could not be used at all (Redis's "IOERR error or timeout connecting to
     * the client"). A refused or timed-out connection is not this: redis-server 7.0's blocking
     * connect reports success either way and the first write fails, so MIGRATE answers "error or
     * timeout writing to target instance" then; {@link #take} throws those as plain IOExceptions
     * and the caller treats them as a failed write.
     */
    static final class BadAddress extends IOException {
        BadAddress(String name) {
            super("cannot connect to " + name);
        }
    }

    /** The cached connection to {@code host:port}, taken out of the cache, or a new one. */
    Target take(String host, String port, long timeout) throws IOException {
        String name = host + ":" + port;
        synchronized (this) {
            Target t = cached.remove(name);
            if (t != null) {
                return t;
            }
        }
        return connect(name, host, port, timeout);
    }

    private static Target connect(String name, String host, String port, long timeout) throws IOException {
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = 0; // Redis's atoi: a port that is not a number connects to port 0 and fails
        }
        InetSocketAddress addr = new InetSocketAddress(host, p);
        if (addr.isUnresolved() || p <= 0 || p > 65535) {
            throw new BadAddress(name);
        }
        SocketChannel ch = SocketChannel.open();
        Selector sel = null;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            sel = Selector.open();
            ch.register(sel, 0);
            if (!ch.connect(addr)) {
                long deadline = System.currentTimeMillis() + timeout;
                ch.keyFor(sel).interestOps(SelectionKey.OP_CONNECT);
                while (!ch.finishConnect()) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new SocketTimeoutException();
                    }
                    sel.selectedKeys().clear();
                    sel.select(left);
                }
            }
            return new Target(name, ch, sel);
        } catch (IOException | RuntimeException e) {
            if (sel != null) {
                sel.close();
            }
            ch.close();
            throw e;
        }
    }

    /** Puts a connection a MIGRATE is done with back into the cache. */
    void release(Target t) {
        t.lastUse = System.currentTimeMillis();
        Target drop = null;
        synchronized (this) {
            if (cached.containsKey(t.name)) {
                drop = t; // another MIGRATE to the same target cached its own meanwhile: keep one
            } else {
                if (cached.size() >= CACHE_ITEMS) {
                    List<String> names = new ArrayList<>(cached.keySet());
                    drop = cached.remove(names.get(ThreadLocalRandom.current().nextInt(names.size())));
                }
                cached.put(t.name, t);
            }
        }
        if (drop != null) {
            drop.close();
        }
    }

    /** Closes the connections unused for more than 10 seconds (Redis's migrateCloseTimedoutSockets). */
    public void closeIdle(long nowMillis) {
        List<Target> closing = new ArrayList<>();
        synchronized (this) {
            for (Iterator<Target> it = cached.values().iterator(); it.hasNext(); ) {
                Target t = it.next();
                if (nowMillis - t.lastUse > TTL_MILLIS) {
                    it.remove();
                    closing.add(t);
                }
            }
        }
        for (Target t : closing) {
            t.close();
        }
    }

    /** Closes every cached connection (shutdown). */
    public void closeAll() {
        closeIdle(Long.MAX_VALUE);
    }

    /** How many connections are cached (tests, INFO). */
    public synchronized int size() {
        return cached.size();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
