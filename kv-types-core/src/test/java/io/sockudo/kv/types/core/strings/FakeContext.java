package io.sockudo.kv.types.core.strings;

import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.ClientView;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ServerConfigView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal in-memory {@link CommandContext} for unit tests: a map keyspace with expiry, a RESP2
 * text reply recorder, and lists of the events and propagated commands. Public for the other
 * families' unit tests.
 */
public final class FakeContext implements CommandContext {
    public final FakeKeyspace db = new FakeKeyspace();
    public final StringBuilder out = new StringBuilder();
    public final List<String> events = new ArrayList<>();
    public final List<String> propagated = new ArrayList<>();
    public final Map<String, String> config = new HashMap<>(Map.of("proto-max-bulk-len", "536870912"));
    public long now = 1_700_000_000_000L;
    private byte[][] argv;

    /** Runs a command given as plain words and returns its reply (an error from KvException included). */
    public String run(CommandHandler handler, String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return run(handler, a);
    }

    public String run(CommandHandler handler, byte[]... args) {
        argv = args;
        out.setLength(0);
        events.clear();
        propagated.clear();
        try {
            handler.execute(this);
        } catch (KvException e) {
            if (out.length() > 0) {
                throw new AssertionError("KvException thrown after a reply was written: " + e.getMessage());
            }
            out.append('-').append(e.getMessage()).append("\r\n");
        }
        return out.toString();
    }

    @Override
    public int argc() {
        return argv.length;
    }

    @Override
    public byte[] arg(int i) {
        return argv[i];
    }

    @Override
    public byte[][] argv() {
        return argv;
    }

    @Override
    public ReplyWriter reply() {
        return writer;
    }

    @Override
    public Keyspace db() {
        return db;
    }

    @Override
    public Keyspace db(int index) {
        return db;
    }

    @Override
    public int databases() {
        return 1;
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public ClientView client() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerConfigView config() {
        return new ServerConfigView() {
            @Override
            public String get(String name) {
                return config.get(name);
            }

            @Override
            public long getLong(String name) {
                return Long.parseLong(config.get(name));
            }
        };
    }

    @Override
    public void notify(EventClass eventClass, String event, byte[] key) {
        events.add(eventClass.name() + ":" + event + ":" + str(key));
    }

    @Override
    public boolean canBlock() {
        return false;
    }

    @Override
    public void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void propagateAs(byte[]... args) {
        StringBuilder sb = new StringBuilder();
        for (byte[] a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(str(a));
        }
        propagated.add(sb.toString());
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private final ReplyWriter writer = new ReplyWriter() {
        @Override
        public void ok() {
            out.append("+OK\r\n");
        }

        @Override
        public void simple(String s) {
            out.append('+').append(s).append("\r\n");
        }

        @Override
        public void error(String message) {
            out.append('-').append(message).append("\r\n");
        }

        @Override
        public void wrongType() {
            error("WRONGTYPE Operation against a key holding the wrong kind of value");
        }

        @Override
        public void integer(long value) {
            out.append(':').append(value).append("\r\n");
        }

        @Override
        public void bulk(byte[] value) {
            bulk(value, 0, value.length);
        }

        @Override
        public void bulk(byte[] value, int offset, int length) {
            out.append('$').append(length).append("\r\n")
                    .append(new String(value, offset, length, StandardCharsets.ISO_8859_1)).append("\r\n");
        }

        @Override
        public void bulk(String value) {
            bulk(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void bulkLong(long value) {
            bulk(Long.toString(value));
        }

        @Override
        public void nullBulk() {
            out.append("$-1\r\n");
        }

        @Override
        public void nullArray() {
            out.append("*-1\r\n");
        }

        @Override
        public void array(int length) {
            out.append('*').append(length).append("\r\n");
        }

        @Override
        public void map(int pairs) {
            array(pairs * 2);
        }

        @Override
        public void set(int length) {
            array(length);
        }

        @Override
        public void doubleValue(double value) {
            bulk(DoubleFormat.g17(value));
        }

        @Override
        public void bool(boolean value) {
            integer(value ? 1 : 0);
        }

        @Override
        public void verbatim(String format, byte[] value) {
            bulk(value);
        }

        @Override
        public void push(int length) {
            array(length);
        }

        @Override
        public int protocol() {
            return 2;
        }
    };

    /** A HashMap keyspace with absolute expiry times checked against the context clock. */
    public final class FakeKeyspace implements Keyspace {
        final Map<ByteBuffer, KvValue> values = new HashMap<>();
        final Map<ByteBuffer, Long> expires = new HashMap<>();
        int modifiedCount;

        private ByteBuffer k(byte[] key) {
            return ByteBuffer.wrap(key);
        }

        private void expireIfNeeded(byte[] key) {
            Long at = expires.get(k(key));
            if (at != null && at <= now) {
                values.remove(k(key));
                expires.remove(k(key));
            }
        }

        @Override
        public int index() {
            return 0;
        }

        @Override
        public KvValue get(byte[] key) {
            expireIfNeeded(key);
            return values.get(k(key));
        }

        @Override
        public KvValue peek(byte[] key) {
            return get(key);
        }

        /** Read lookups counted as the kernel's keyspace does (INFO keyspace_hits/misses). */
        long hits;
        long misses;

        @Override
        public KvValue read(byte[] key) {
            KvValue v = get(key);
            if (v != null) {
                hits++;
            } else {
                // the kernel's keyspace fires keymiss itself on a read miss
                misses++;
                FakeContext.this.notify(EventClass.KEY_MISS, "keymiss", key);
            }
            return v;
        }

        @Override
        public KvValue readNoTouch(byte[] key) {
            return read(key);
        }

        @Override
        public boolean exists(byte[] key) {
            return get(key) != null;
        }

        @Override
        public void put(byte[] key, KvValue value) {
            put(key, value, NO_EXPIRE);
        }

        @Override
        public void put(byte[] key, KvValue value, long expireAtMillis) {
            values.put(k(key), value);
            if (expireAtMillis >= 0) {
                expires.put(k(key), expireAtMillis);
            } else {
                expires.remove(k(key));
            }
        }

        @Override
        public void putKeepTtl(byte[] key, KvValue value) {
            expireIfNeeded(key);
            values.put(k(key), value);
        }

        @Override
        public boolean delete(byte[] key) {
            return remove(key) != null;
        }

        @Override
        public KvValue remove(byte[] key) {
            expireIfNeeded(key);
            expires.remove(k(key));
            return values.remove(k(key));
        }

        @Override
        public long expireAt(byte[] key) {
            if (get(key) == null) {
                return -2;
            }
            return expires.getOrDefault(k(key), NO_EXPIRE);
        }

        @Override
        public boolean setExpireAt(byte[] key, long expireAtMillis) {
            if (get(key) == null) {
                return false;
            }
            expires.put(k(key), expireAtMillis);
            return true;
        }

        @Override
        public boolean persist(byte[] key) {
            return get(key) != null && expires.remove(k(key)) != null;
        }

        @Override
        public void modified(byte[] key) {
            modifiedCount++;
        }

        @Override
        public long size() {
            return values.size();
        }

        @Override
        public long volatileSize() {
            return expires.size();
        }

        @Override
        public byte[] randomKey() {
            return null;
        }

        @Override
        public long scan(long cursor, KeyVisitor visitor) {
            return 0;
        }

        @Override
        public void clear() {
            values.clear();
            expires.clear();
        }
    }
}
