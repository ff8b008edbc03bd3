package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ClientView;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.CommandHandler;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.ConfigOption;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal {@link CommandContext} for unit tests: the JSON commands registered into a map, a map
 * keyspace, replies recorded as RESP2 or RESP3 text, events and modified keys recorded.
 */
final class FakeContext implements CommandContext {
    final Map<String, KvValue> data = new HashMap<>();
    final StringBuilder out = new StringBuilder();
    final List<String> events = new ArrayList<>();
    final List<String> modified = new ArrayList<>();
    final Map<String, CommandSpec> commands = new HashMap<>();
    int protocol = 2;
    private byte[][] argv;

    FakeContext() {
        JsonCommands.register(new ModuleRegistry() {
            @Override
            public void command(CommandSpec spec) {
                commands.put(spec.name(), spec);
            }

            @Override
            public void valueType(ValueType type) {
            }

            @Override
            public void configOption(ConfigOption option) {
            }

            @Override
            public ServerConfigView config() {
                return null;
            }
        });
    }

    /** Runs a command given as words (UTF-8) and returns its reply text. */
    String run(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.UTF_8);
        }
        return run(a);
    }

    String run(byte[]... args) {
        argv = args;
        out.setLength(0);
        events.clear();
        modified.clear();
        CommandSpec spec = commands.get(new String(args[0], StandardCharsets.UTF_8).toLowerCase());
        if (spec == null) {
            throw new AssertionError("unknown command " + new String(args[0], StandardCharsets.UTF_8));
        }
        if (!spec.arityAccepts(args.length)) {
            return "-ERR wrong number of arguments for '" + spec.name() + "' command\r\n";
        }
        try {
            spec.handler().execute(this);
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
        return keyspace;
    }

    @Override
    public Keyspace db(int index) {
        return keyspace;
    }

    @Override
    public int databases() {
        return 1;
    }

    @Override
    public long now() {
        return 0;
    }

    @Override
    public ClientView client() {
        throw new UnsupportedOperationException();
    }

    @Override
    public ServerConfigView config() {
        throw new UnsupportedOperationException();
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

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private final Keyspace keyspace = new Keyspace() {
        @Override
        public int index() {
            return 0;
        }

        @Override
        public KvValue get(byte[] key) {
            return data.get(str(key));
        }

        @Override
        public KvValue peek(byte[] key) {
            return data.get(str(key));
        }

        @Override
        public boolean exists(byte[] key) {
            return data.containsKey(str(key));
        }

        @Override
        public void put(byte[] key, KvValue value) {
            data.put(str(key), value);
            modified.add(str(key));
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
            modified.add(str(key));
            return data.remove(str(key)) != null;
        }

        @Override
        public KvValue remove(byte[] key) {
            modified.add(str(key));
            return data.remove(str(key));
        }

        @Override
        public long expireAt(byte[] key) {
            return data.containsKey(str(key)) ? NO_EXPIRE : -2;
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
            modified.add(str(key));
        }

        @Override
        public long size() {
            return data.size();
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
            return 0;
        }

        @Override
        public void clear() {
            data.clear();
        }
    };

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
                    .append(new String(value, offset, length, StandardCharsets.UTF_8)).append("\r\n");
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
            if (protocol == 3) {
                out.append('%').append(pairs).append("\r\n");
            } else {
                array(pairs * 2);
            }
        }

        @Override
        public void set(int length) {
            array(length);
        }

        @Override
        public void doubleValue(double value) {
            if (protocol == 3) {
                out.append(',').append(DoubleFormat.g17(value)).append("\r\n");
            } else {
                bulk(DoubleFormat.g17(value));
            }
        }

        @Override
        public void bool(boolean value) {
            if (protocol == 3) {
                out.append(value ? "#t\r\n" : "#f\r\n");
            } else {
                integer(value ? 1 : 0);
            }
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
            return protocol;
        }
    };
}
