package io.sockudo.kv.it.search;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The index stays exact while several clients write, delete, rename, re-type and expire the
 * documents it covers: after every step the index and a naive scan of the keyspace agree.
 * Also: indexing of a large keyspace in the background while it changes.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SearchConsistencyTest {
    private static final String[] WORDS = {"apple", "banana", "cherry", "grape", "lemon", "mango"};
    private static final String[] TAGS = {"x", "y", "z"};
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Object> call(RespClient c, String... args) throws Exception {
        List<byte[]> a = new ArrayList<>();
        for (String s : args) {
            a.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return RespValue.parse(c.call(a));
    }

    private static String str(Object o) {
        return o == null ? null : new String((byte[]) o, StandardCharsets.UTF_8);
    }

    /** key -> fields of every hash under prefix c: (SCAN also expires what is due). */
    private static Map<String, Map<String, String>> naive(RespClient c) throws Exception {
        Map<String, Map<String, String>> out = new HashMap<>();
        String cursor = "0";
        do {
            List<Object> r = call(c, "SCAN", cursor, "MATCH", "c:*", "COUNT", "1000");
            cursor = str(r.get(0));
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) r.get(1);
            for (Object k : keys) {
                String key = str(k);
                if (!str(call(c, "TYPE", key).get(0)).equals("hash")) {
                    continue;
                }
                List<Object> kv = call(c, "HGETALL", key);
                if (kv.isEmpty()) {
                    continue;
                }
                Map<String, String> f = new HashMap<>();
                for (int i = 0; i < kv.size(); i += 2) {
                    f.put(str(kv.get(i)), str(kv.get(i + 1)));
                }
                out.put(key, f);
            }
        } while (!cursor.equals("0"));
        return out;
    }

    private static TreeSet<String> search(RespClient c, String q) throws Exception {
        List<Object> r = call(c, "FT.SEARCH", "cidx", q, "NOCONTENT", "LIMIT", "0", "100000");
        TreeSet<String> keys = new TreeSet<>();
        for (int i = 1; i < r.size(); i++) {
            keys.add(str(r.get(i)));
        }
        return keys;
    }

    private static void compare(RespClient c) throws Exception {
        Map<String, Map<String, String>> docs = naive(c);
        assertEquals(new TreeSet<>(docs.keySet()), search(c, "*"), "*");
        for (String w : WORDS) {
            TreeSet<String> want = new TreeSet<>();
            docs.forEach((k, f) -> {
                if (f.getOrDefault("t", "").contains(w)) {
                    want.add(k);
                }
            });
            assertEquals(want, search(c, "@t:" + w), w);
        }
        for (String g : TAGS) {
            TreeSet<String> want = new TreeSet<>();
            docs.forEach((k, f) -> {
                if (g.equals(f.get("g"))) {
                    want.add(k);
                }
            });
            assertEquals(want, search(c, "@g:{" + g + "}"), g);
        }
        TreeSet<String> want = new TreeSet<>();
        docs.forEach((k, f) -> {
            if (f.containsKey("n") && Integer.parseInt(f.get("n")) >= 50) {
                want.add(k);
            }
        });
        assertEquals(want, search(c, "@n:[50 +inf]"), "numeric");
    }

    @Test
    void concurrentWritesDeletesRenamesAndExpiry() throws Exception {
        try (RespClient c = new RespClient(server.port())) {
            call(c, "FLUSHALL");
            call(c, "FT.CREATE", "cidx", "PREFIX", "1", "c:", "SCHEMA", "t", "TEXT", "n", "NUMERIC", "g", "TAG");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int step = 0; step < 8; step++) {
                    List<Future<?>> fs = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        int seed = step * 100 + t;
                        fs.add(pool.submit(() -> {
                            Random rnd = new Random(seed);
                            try (RespClient w = new RespClient(server.port())) {
                                for (int i = 0; i < 150; i++) {
                                    String key = "c:" + rnd.nextInt(200);
                                    int op = rnd.nextInt(100);
                                    if (op < 50) {
                                        call(w, "HSET", key, "t", WORDS[rnd.nextInt(WORDS.length)] + " "
                                                + WORDS[rnd.nextInt(WORDS.length)], "n", Integer.toString(rnd.nextInt(100)),
                                                "g", TAGS[rnd.nextInt(TAGS.length)]);
                                    } else if (op < 62) {
                                        call(w, "DEL", key);
                                    } else if (op < 72) {
                                        call(w, "HDEL", key, rnd.nextBoolean() ? "n" : "t");
                                    } else if (op < 82) {
                                        call(w, "PEXPIRE", key, Integer.toString(1 + rnd.nextInt(40)));
                                    } else if (op < 90) {
                                        call(w, "RENAME", key, rnd.nextBoolean() ? "c:" + rnd.nextInt(200)
                                                : "other:" + rnd.nextInt(50));
                                    } else if (op < 95) {
                                        call(w, "SET", key, "not a hash");
                                    } else {
                                        call(w, "HINCRBY", key, "n", "7");
                                    }
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : fs) {
                        f.get();
                    }
                    Thread.sleep(60); // every TTL set in this step has passed
                    compare(c);
                }
            } finally {
                pool.shutdownNow();
            }
            call(c, "FT.DROPINDEX", "cidx");
        }
    }

    @Test
    void backgroundIndexingOfALargeKeyspaceWhileItChanges() throws Exception {
        try (RespClient c = new RespClient(server.port())) {
            call(c, "FLUSHALL");
            int n = 15000;
            StringBuilder pipe = new StringBuilder();
            for (int i = 0; i < n; i++) {
                List<byte[]> a = new ArrayList<>();
                for (String s : new String[] {"HSET", "c:" + i, "t", WORDS[i % WORDS.length], "n",
                    Integer.toString(i % 100), "g", TAGS[i % TAGS.length]}) {
                    a.add(s.getBytes(StandardCharsets.UTF_8));
                }
                c.sendRaw(RespClient.encode(a));
                if (i % 1000 == 999) {
                    for (int k = 0; k < 1000; k++) {
                        c.readReply();
                    }
                }
            }
            assertEquals("OK", str(call(c, "FT.CREATE", "cidx", "PREFIX", "1", "c:", "SCHEMA", "t", "TEXT", "n",
                    "NUMERIC", "g", "TAG").get(0)));
            // changes while the scan runs
            for (int i = 0; i < 300; i++) {
                call(c, "HSET", "c:" + (i * 37 % n), "t", "grape", "n", "99");
                call(c, "DEL", "c:" + (i * 53 % n));
            }
            long deadline = System.currentTimeMillis() + 60_000;
            while (true) {
                List<Object> info = call(c, "FT.INFO", "cidx");
                String indexing = null;
                for (int i = 0; i + 1 < info.size(); i++) {
                    if (info.get(i) instanceof byte[] b && "indexing".equals(new String(b, StandardCharsets.UTF_8))) {
                        indexing = str(info.get(i + 1));
                    }
                }
                if ("0".equals(indexing) || System.currentTimeMillis() > deadline) {
                    break;
                }
                Thread.sleep(20);
            }
            compare(c);
            call(c, "FT.DROPINDEX", "cidx");
        }
    }
}
