package io.sockudo.kv.types.stack.timeseries;

import io.sockudo.kv.spi.ClientView;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KeyspaceListener;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-threaded stand-in for the kernel in unit tests: the family registers into it, a map
 * keyspace delivers keyspace events to the registered listener as the kernel does ("new" on
 * creation, the command's own events), replies are recorded as RESP text (RESP2 or RESP3),
 * and propagated commands and events are kept for assertions. {@link #lockKeys} can be told to
 * report a released lock once, to exercise the retry loops.
 */
public final class TsFakeContext implements CommandContext {
    public final Map<String, CommandSpec> commands = new HashMap<>();
    public final Map<String, String> config = new HashMap<>();
    public final List<KeyspaceListener> listeners = new ArrayList<>();
    public final Db db = new Db();
    public final StringBuilder out = new StringBuilder();
    public final List<String> events = new ArrayList<>();
    public final List<String> propagated = new ArrayList<>();
    public final List<String> locked = new ArrayList<>();
    public int protocol = 2;
    public long now = 1_700_000_000_000L;
    public int releaseLocksTimes;
    private byte[][] argv;

    public TsFakeContext() {
        TimeSeriesFamily.register(new ModuleRegistry() {
            @Override
            public void command(CommandSpec spec) {
                commands.put(spec.name(), spec);
            }

            @Override
            public void valueType(ValueType type) {
            }

            @Override
            public void configOption(ConfigOption option) {
                config.put(option.name(), option.defaultValue());
            }

            @Override
            public void keyspaceListener(KeyspaceListener listener) {
                listeners.add(listener);
            }

            @Override
            public ServerConfigView config() {
                return TsFakeContext.this.config();
            }
        });
    }

    /** Runs a command given as words; returns the RESP reply text. */
    public String run(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return run(a);
    }

    public String run(byte[]... args) {
        CommandSpec spec = commands.get(new String(args[0], StandardCharsets.ISO_8859_1).toLowerCase());
        if (spec == null) {
            throw new IllegalArgumentException("unknown command " + new String(args[0]));
        }
        argv = args;
        out.setLength(0);
        events.clear();
        propagated.clear();
        locked.clear();
        if (!spec.arityAccepts(args.length)) {
            return "-ERR wrong number of arguments for '" + spec.name() + "' command\r\n";
        }
        try {
            spec.handler().execute(this);
        } catch (KvException e) {
            if (out.length() > 0) {
                throw new AssertionError("KvException after a reply: " + e.getMessage());
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
        events.add(event + ":" + str(key));
        for (KeyspaceListener l : listeners) {
            l.onEvent(db, eventClass, event, key);
        }
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

    @Override
    public boolean lockKeys(byte[]... keys) {
        for (byte[] k : keys) {
            locked.add(str(k));
        }
        if (releaseLocksTimes > 0) {
            releaseLocksTimes--;
            return false;
        }
        return true;
    }

    public static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The keyspace: a map, with the kernel's "new" event on creation. */
    public final class Db implements Keyspace {
        public final Map<ByteBuffer, KvValue> map = new HashMap<>();
        public int index;

        @Override
        public int index() {
            return index;
        }

        @Override
        public KvValue get(byte[] key) {
            return map.get(ByteBuffer.wrap(key));
        }

        @Override
        public KvValue peek(byte[] key) {
            return map.get(ByteBuffer.wrap(key));
        }

        @Override
        public boolean exists(byte[] key) {
            return map.containsKey(ByteBuffer.wrap(key));
        }

        @Override
        public void put(byte[] key, KvValue value) {
            boolean created = map.put(ByteBuffer.wrap(key), value) == null;
            if (created) {
                for (KeyspaceListener l : listeners) {
                    l.onEvent(this, EventClass.NEW_KEY, "new", key);
                }
            }
        }

        @Override
        public void put(byte[] key, KvValue value, long expireAtMillis) {
            put(key, value);
        }

        @Override
        public void putKeepTtl(byte[] key, KvValue value) {
            put(key, value);
        }

        @Override
        public boolean delete(byte[] key) {
            return remove(key) != null;
        }

        @Override
        public KvValue remove(byte[] key) {
            return map.remove(ByteBuffer.wrap(key));
        }

        /** DEL as the kernel does it: remove, then the "del" event. */
        public void del(String key) {
            byte[] k = key.getBytes(StandardCharsets.ISO_8859_1);
            remove(k);
            for (KeyspaceListener l : listeners) {
                l.onEvent(this, EventClass.GENERIC, "del", k);
            }
        }

        /** RENAME as the kernel does it: move the value, rename_from then rename_to. */
        public void rename(String from, String to) {
            byte[] f = from.getBytes(StandardCharsets.ISO_8859_1);
            byte[] t = to.getBytes(StandardCharsets.ISO_8859_1);
            KvValue v = map.remove(ByteBuffer.wrap(f));
            map.put(ByteBuffer.wrap(t), v);
            for (KeyspaceListener l : listeners) {
                l.onEvent(this, EventClass.GENERIC, "rename_from", f);
            }
            for (KeyspaceListener l : listeners) {
                l.onEvent(this, EventClass.GENERIC, "rename_to", t);
            }
        }

        @Override
        public long expireAt(byte[] key) {
            return exists(key) ? NO_EXPIRE : -2;
        }

        @Override
        public boolean setExpireAt(byte[] key, long expireAtMillis) {
            return false;
        }

        @Override
        public boolean persist(byte[] key) {
            return false;
        }

        @Override
        public void modified(byte[] key) {
        }

        @Override
        public long size() {
            return map.size();
        }

        @Override
        public long volatileSize() {
            return 0;
        }

        @Override
        public byte[] randomKey() {
            return null;
        }

        @Override
        public long scan(long cursor, KeyVisitor visitor) {
            throw new UnsupportedOperationException("the family must not scan the keyspace");
        }

        @Override
        public void clear() {
            map.clear();
            for (KeyspaceListener l : listeners) {
                l.onFlush(index);
            }
        }
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
            out.append(protocol == 3 ? "_\r\n" : "$-1\r\n");
        }

        @Override
        public void nullArray() {
            out.append(protocol == 3 ? "_\r\n" : "*-1\r\n");
        }

        @Override
        public void array(int length) {
            out.append('*').append(length).append("\r\n");
        }

        @Override
        public void map(int pairs) {
            out.append(protocol == 3 ? "%" + pairs : "*" + 2 * pairs).append("\r\n");
        }

        @Override
        public void set(int length) {
            out.append(protocol == 3 ? '~' : '*').append(length).append("\r\n");
        }

        @Override
        public void doubleValue(double value) {
            doubleText(Double.toString(value));
        }

        @Override
        public void doubleText(String text) {
            if (protocol == 3) {
                out.append(',').append(text).append("\r\n");
            } else {
                out.append('$').append(text.length()).append("\r\n").append(text).append("\r\n");
            }
        }

        @Override
        public void bool(boolean value) {
            out.append(protocol == 3 ? (value ? "#t" : "#f") : (value ? ":1" : ":0")).append("\r\n");
        }

        @Override
        public void verbatim(String format, byte[] value) {
            bulk(value);
        }

        @Override
        public void push(int length) {
            out.append('>').append(length).append("\r\n");
        }

        @Override
        public int protocol() {
            return protocol;
        }
    };
}
