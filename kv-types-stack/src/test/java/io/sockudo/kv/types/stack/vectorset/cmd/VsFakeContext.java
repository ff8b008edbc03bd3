package io.sockudo.kv.types.stack.vectorset.cmd;

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
import io.sockudo.kv.types.stack.vectorset.VectorSetFamily;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A single-threaded stand-in for the kernel: a map keyspace, replies recorded as RESP2 text,
 * propagated commands kept, and {@link #offload} deferred until the test calls
 * {@link #runWork()} and {@link #finish()}, so a test can change the keyspace between the work
 * done off the loop and the reply phase.
 */
final class VsFakeContext implements CommandContext {
    final Map<String, CommandSpec> commands = new HashMap<>();
    final Map<ByteBuffer, KvValue> map = new HashMap<>();
    final StringBuilder out = new StringBuilder();
    final List<String> propagated = new ArrayList<>();
    boolean canBlock = true;
    private byte[][] argv;
    private Supplier<?> pendingWork;
    private BiConsumer<CommandContext, Object> pendingThen;
    private Object workResult;

    VsFakeContext() {
        VectorSetFamily.register(new ModuleRegistry() {
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
            public void keyspaceListener(KeyspaceListener listener) {
            }

            @Override
            public ServerConfigView config() {
                return null;
            }
        });
    }

    /** Runs a command; returns the reply (empty while an offloaded command has not finished). */
    String run(String... words) {
        byte[][] a = new byte[words.length][];
        for (int i = 0; i < words.length; i++) {
            a[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        CommandSpec spec = commands.get(words[0].toLowerCase());
        argv = a;
        out.setLength(0);
        propagated.clear();
        if (!spec.arityAccepts(a.length)) {
            return "-ERR wrong number of arguments\r\n";
        }
        try {
            spec.handler().execute(this);
        } catch (KvException e) {
            out.append('-').append(e.getMessage()).append("\r\n");
        }
        return out.toString();
    }

    boolean pending() {
        return pendingThen != null;
    }

    /** The off-loop phase of the pending command. */
    void runWork() {
        workResult = pendingWork.get();
        pendingWork = null;
    }

    /** The reply phase of the pending command; returns its reply. */
    String finish() {
        BiConsumer<CommandContext, Object> then = pendingThen;
        pendingThen = null;
        out.setLength(0);
        propagated.clear();
        then.accept(this, workResult);
        return out.toString();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void offload(Supplier<T> work, BiConsumer<CommandContext, T> then) {
        if (!canBlock) {
            then.accept(this, work.get());
            return;
        }
        pendingWork = work;
        pendingThen = (BiConsumer<CommandContext, Object>) then;
    }

    @Override
    public void propagateAs(byte[]... args) {
        StringBuilder sb = new StringBuilder();
        for (byte[] x : args) {
            sb.append(sb.length() > 0 ? " " : "").append(new String(x, StandardCharsets.ISO_8859_1));
        }
        propagated.add(sb.toString());
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
        throw new AssertionError("vector sets publish no keyspace events");
    }

    @Override
    public boolean canBlock() {
        return canBlock;
    }

    @Override
    public void block(byte[][] keys, long timeoutMillis, CommandHandler onTimeout) {
        throw new UnsupportedOperationException();
    }

    final Keyspace db = new Keyspace() {
        @Override
        public int index() {
            return 0;
        }

        @Override
        public KvValue get(byte[] key) {
            return map.get(ByteBuffer.wrap(key));
        }

        @Override
        public KvValue peek(byte[] key) {
            return get(key);
        }

        @Override
        public boolean exists(byte[] key) {
            return get(key) != null;
        }

        @Override
        public void put(byte[] key, KvValue value) {
            map.put(ByteBuffer.wrap(key), value);
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
            throw new UnsupportedOperationException();
        }

        @Override
        public void clear() {
            map.clear();
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
            out.append('*').append(2 * pairs).append("\r\n");
        }

        @Override
        public void set(int length) {
            array(length);
        }

        @Override
        public void doubleValue(double value) {
            throw new AssertionError("vector sets format their own doubles");
        }

        @Override
        public void doubleText(String text) {
            out.append('$').append(text.length()).append("\r\n").append(text).append("\r\n");
        }

        @Override
        public void bool(boolean value) {
            out.append(value ? ":1" : ":0").append("\r\n");
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
}
