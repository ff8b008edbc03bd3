package io.sockudo.kv.kernel.commands.keys;

import io.sockudo.kv.kernel.TestValue;
import io.sockudo.kv.kernel.KvServer;
import io.sockudo.kv.spi.CommandFlag;
import io.sockudo.kv.spi.CommandSpec;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.Keyspace;
import io.sockudo.kv.spi.KeyspaceListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyspace events the key space and database commands fire, in Redis's order. Runs a kernel
 * without families, so a tiny {@code TSET} command stands in for SET.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class KeyspaceEventsTest {
    private KvServer server;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = KvServer.start("--bind", "127.0.0.1", "--port", "0", "--save", "");
        // no background expiry: the test expects the expired event from the access below
        server.kernel().activeExpire().enabled(false);
        server.kernel().registrar().addAll(List.of(CommandSpec.builder("tset").arity(3)
                .flags(CommandFlag.WRITE).keys(1, 1, 1, "OW", "UPDATE").acl("write")
                .handler(ctx -> {
                    ctx.db().put(ctx.arg(1), new TestValue());
                    ctx.reply().ok();
                }).build()), "test");
        server.kernel().notifier().add(new KeyspaceListener() {
            @Override
            public void onEvent(Keyspace db, EventClass cls, String event, byte[] key) {
                record(db.index() + " " + cls.letter() + " " + event + " " + new String(key, StandardCharsets.UTF_8));
            }

            @Override
            public void onFlush(int db) {
                record("flush " + db);
            }

            @Override
            public void onSwap(int a, int b) {
                record("swap " + a + " " + b);
            }
        });
        socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout(10_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    @AfterEach
    void stop() throws IOException {
        socket.close();
        server.close();
    }

    private void record(String e) {
        synchronized (events) {
            events.add(e);
        }
    }

    private List<String> drain() {
        synchronized (events) {
            List<String> copy = new ArrayList<>(events);
            events.clear();
            return copy;
        }
    }

    /** Sends a command and returns the first line of its reply (enough for these commands). */
    private String call(String... args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Test
    void delRenameExpirePersistMoveCopyExpired() throws Exception {
        call("TSET", "a", "1");
        call("TSET", "b", "1");
        drain();
        assertEquals(":2", call("DEL", "a", "nokey", "b"));
        assertEquals(List.of("0 g del a", "0 g del b"), drain());

        call("TSET", "a", "1");
        call("UNLINK", "a");
        call("DEL", "a");
        drain();

        call("TSET", "a", "1");
        drain();
        assertEquals("+OK", call("RENAME", "a", "b"));
        assertEquals(":1", call("RENAMENX", "b", "c"));
        assertEquals("+OK", call("RENAME", "c", "c"));
        assertEquals(List.of("0 n new b", "0 g rename_from a", "0 g rename_to b",
                "0 n new c", "0 g rename_from b", "0 g rename_to c"), drain());

        assertEquals(":1", call("EXPIRE", "c", "100"));
        assertEquals(":0", call("EXPIRE", "c", "50", "GT"));
        assertEquals(":1", call("PERSIST", "c"));
        assertEquals(":0", call("PERSIST", "c"));
        assertEquals(":1", call("PEXPIREAT", "c", "1"));
        assertEquals(List.of("0 g expire c", "0 g persist c", "0 g del c"), drain());

        call("TSET", "m", "1");
        drain();
        assertEquals(":1", call("MOVE", "m", "2"));
        assertEquals(List.of("2 n new m", "0 g move_from m", "2 g move_to m"), drain());

        call("TSET", "s", "1");
        drain();
        assertEquals(":1", call("COPY", "s", "t"));
        assertEquals(":1", call("COPY", "s", "t", "DB", "5"));
        assertEquals(":0", call("COPY", "s", "t"));
        assertEquals(List.of("0 n new t", "0 g copy_to t", "5 n new t", "5 g copy_to t"), drain());
        assertEquals(":1", call("COPY", "s", "t", "REPLACE"));
        assertEquals(List.of("0 n new t", "0 g copy_to t"), drain());

        call("TSET", "e", "1");
        call("PEXPIRE", "e", "1");
        drain();
        Thread.sleep(20);
        assertEquals(":0", call("EXISTS", "e"));
        assertEquals(List.of("0 x expired e", "0 m keymiss e"), drain());

        call("SWAPDB", "0", "1");
        call("FLUSHDB");
        call("FLUSHALL");
        assertEquals(List.of("swap 0 1", "flush 0", "flush -1"), drain());
    }

    /** Redis's dbAdd fires new; a write over a key whose time has passed expires it first. */
    @Test
    void newKeyAndExpiredOnOverwrite() throws Exception {
        assertEquals("+OK", call("TSET", "k", "1"));
        assertEquals(List.of("0 n new k"), drain());
        assertEquals("+OK", call("TSET", "k", "2"));
        assertEquals(List.of(), drain(), "an overwrite is not a new key");
        call("PEXPIRE", "k", "1");
        drain();
        Thread.sleep(20);
        assertEquals("+OK", call("TSET", "k", "3"));
        assertEquals(List.of("0 x expired k", "0 n new k"), drain());
    }

    /** Read lookups fire keymiss on a miss (OBJECT does not); write lookups never do. */
    @Test
    void keymissOnReadLookups() throws Exception {
        call("TSET", "k", "1");
        drain();
        call("EXISTS", "k", "n1");
        call("TYPE", "n2");
        call("TTL", "n3");
        call("PTTL", "n4");
        call("TOUCH", "n5", "k");
        call("COPY", "n6", "x");
        call("OBJECT", "ENCODING", "n7");
        call("DEL", "n8");
        call("EXPIRE", "n9", "10");
        call("PERSIST", "n10");
        assertEquals(List.of("0 m keymiss n1", "0 m keymiss n2", "0 m keymiss n3", "0 m keymiss n4",
                "0 m keymiss n5", "0 m keymiss n6"), drain());
    }
}
