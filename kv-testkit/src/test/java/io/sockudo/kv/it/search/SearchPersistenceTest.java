package io.sockudo.kv.it.search;

import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.testkit.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Index definitions survive a restart: from an RDB file (the search family's module aux records),
 * through DEBUG RELOAD, and from the AOF (the propagated FT._CREATEIFNX/_ALTERIFNX/... replayed,
 * then a rewritten base file's aux records). Every query, synonym group, alias and dictionary then
 * answers as before, and the indexes keep following writes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SearchPersistenceTest {

    /** Module items in memory, each tagged with its kind and checked on reading (as RDB opcodes are). */
    private static final class Items implements ModuleTypeOutput, ModuleTypeInput {
        final List<Object[]> items = new ArrayList<>();
        int pos;

        @Override
        public void saveUnsigned(long v) {
            items.add(new Object[] {"u", v});
        }

        @Override
        public void saveSigned(long v) {
            items.add(new Object[] {"s", v});
        }

        @Override
        public void saveDouble(double v) {
            items.add(new Object[] {"d", v});
        }

        @Override
        public void saveFloat(float v) {
            items.add(new Object[] {"f", v});
        }

        @Override
        public void saveString(byte[] v, int off, int len) {
            items.add(new Object[] {"b", Arrays.copyOfRange(v, off, off + len)});
        }

        private Object next(String kind) throws IOException {
            if (pos >= items.size() || !items.get(pos)[0].equals(kind)) {
                throw new IOException("bad item at " + pos);
            }
            return items.get(pos++)[1];
        }

        @Override
        public long loadUnsigned() throws IOException {
            return (Long) next("u");
        }

        @Override
        public long loadSigned() throws IOException {
            return (Long) next("s");
        }

        @Override
        public double loadDouble() throws IOException {
            return (Double) next("d");
        }

        @Override
        public float loadFloat() throws IOException {
            return (Float) next("f");
        }

        @Override
        public byte[] loadString() throws IOException {
            return (byte[]) next("b");
        }
    }

    private record Record(String typeName, int encver, ModuleAuxData.Phase phase, Items items) {
    }

    /** What a snapshot of {@code server} would write besides the keys, in file order. */
    private static List<Record> save(EmbeddedServer server) throws IOException {
        List<Record> out = new ArrayList<>();
        for (ModuleAuxData.Phase phase : ModuleAuxData.Phase.values()) {
            for (ModuleAuxData d : server.moduleAuxData()) {
                if (d.phases().contains(phase)) {
                    Items items = new Items();
                    d.save(phase, items);
                    if (!items.items.isEmpty()) {
                        out.add(new Record(d.typeName(), d.encodingVersion(), phase, items));
                    }
                }
            }
        }
        return out;
    }

    private static void load(EmbeddedServer server, List<Record> records, ModuleAuxData.Phase phase)
            throws IOException {
        for (Record r : records) {
            if (r.phase != phase) {
                continue;
            }
            ModuleAuxData reader = null;
            for (ModuleAuxData d : server.moduleAuxData()) {
                if (d.typeName().equals(r.typeName)) {
                    reader = d;
                }
            }
            assertTrue(reader != null, "no reader for " + r.typeName);
            r.items.pos = 0;
            reader.load(phase, r.items, r.encver);
            assertEquals(r.items.items.size(), r.items.pos, r.typeName + " left items unread");
        }
    }

    private static final List<String[]> DATA = new ArrayList<>();

    static {
        for (int i = 0; i < 300; i++) {
            DATA.add(new String[] {"HSET", "p:" + i, "name", (i % 3 == 0 ? "red " : "blue ") + "shoe number " + i,
                "price", Integer.toString(i), "tags", i % 2 == 0 ? "even,small" : "odd", "loc",
                (i % 10) + ".5," + (i % 7) + ".25"});
        }
        for (int i = 0; i < 50; i++) {
            DATA.add(new String[] {"JSON.SET", "j:" + i, "$", "{\"title\":\"note " + i + (i % 5 == 0 ? " urgent" : "")
                + "\",\"n\":" + i + ",\"labels\":[\"a" + (i % 3) + "\",\"b\"]}"});
        }
        DATA.add(new String[] {"HSET", "other:1", "name", "red shoe outside every prefix"});
    }

    private static final String[][] QUERIES = {
        {"FT._LIST"},
        {"FT.SEARCH", "shop", "red shoe", "NOCONTENT", "SORTBY", "price", "LIMIT", "0", "20"},
        {"FT.SEARCH", "products", "@price:[10 (40] @tags:{even}", "SORTBY", "price", "DESC", "RETURN", "1", "name"},
        {"FT.SEARCH", "products", "kid", "NOCONTENT", "SORTBY", "price"},
        {"FT.SEARCH", "products", "@loc:[3.5 2.25 50 km]", "NOCONTENT", "SORTBY", "price", "LIMIT", "0", "100"},
        {"FT.SEARCH", "products", "@colour:{gr*}", "NOCONTENT"},
        {"FT.SEARCH", "notes", "urgent", "NOCONTENT", "SORTBY", "n"},
        {"FT.SEARCH", "notes", "@labels:{a1}", "NOCONTENT", "SORTBY", "n", "LIMIT", "0", "100"},
        {"FT.AGGREGATE", "products", "*", "GROUPBY", "1", "@tags", "REDUCE", "COUNT", "0", "AS", "n",
            "REDUCE", "SUM", "1", "@price", "AS", "s", "SORTBY", "2", "@tags", "ASC"},
        {"FT.SYNDUMP", "products"},
        {"FT.DICTDUMP", "words"},
        {"FT.SPELLCHECK", "products", "shoo", "TERMS", "INCLUDE", "words"},
    };

    private static Map<String, String> answers(Ft ft) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] q : QUERIES) {
            out.put(String.join(" ", q), ft.q(q));
        }
        return out;
    }

    private static void write(Ft ft) throws IOException {
        for (String[] cmd : DATA) {
            ft.q(cmd);
        }
    }

    @TempDir
    Path dir;

    /** Writes the data, the indexes, an alias, synonyms and a dictionary; returns the answers. */
    private static Map<String, String> populate(Ft ft) throws Exception {
        write(ft);
        assertEquals("OK", ft.q("FT.CREATE", "products", "ON", "HASH", "PREFIX", "1", "p:", "SCHEMA",
                "name", "TEXT", "WEIGHT", "2", "price", "NUMERIC", "SORTABLE", "tags", "TAG", "loc", "GEO"));
        assertEquals("OK", ft.q("FT.CREATE", "notes", "ON", "JSON", "PREFIX", "1", "j:", "SCHEMA",
                "$.title", "AS", "title", "TEXT", "$.n", "AS", "n", "NUMERIC", "SORTABLE",
                "$.labels[*]", "AS", "labels", "TAG"));
        assertEquals("OK", ft.q("FT.CREATE", "scratch", "TEMPORARY", "3600", "SCHEMA", "name", "TEXT"));
        assertEquals("OK", ft.q("FT.ALTER", "products", "SCHEMA", "ADD", "colour", "TAG"));
        assertEquals("OK", ft.q("FT.SYNUPDATE", "products", "g1", "shoe", "kid"));
        assertEquals("OK", ft.q("FT.ALIASADD", "shop", "products"));
        assertEquals("2", ft.q("FT.DICTADD", "words", "shoe", "shop"));
        ft.q("HSET", "p:7", "colour", "green");
        ft.awaitIndexed("products");
        ft.awaitIndexed("notes");
        Map<String, String> before = answers(ft);
        assertTrue(before.get("FT._LIST").contains("scratch"));
        assertTrue(before.get("FT.SEARCH shop red shoe NOCONTENT SORTBY price LIMIT 0 20").startsWith("[100, "),
                before.toString());
        assertTrue(before.get("FT.SEARCH products kid NOCONTENT SORTBY price").startsWith("[300, "), before.toString());
        assertEquals("[1, \"p:7\"]", before.get("FT.SEARCH products @colour:{gr*} NOCONTENT"));
        assertTrue(before.get("FT.SEARCH notes urgent NOCONTENT SORTBY n").startsWith("[10, "), before.toString());
        assertTrue(before.get("FT.SYNDUMP products").contains("g1"), before.toString());
        return before;
    }

    /** The answers after a restart: the same, without the TEMPORARY index (not kept, as RediSearch). */
    private static void assertRestored(Map<String, String> before, Ft ft, boolean temporaryKept) throws Exception {
        ft.awaitIndexed("products");
        ft.awaitIndexed("notes");
        Map<String, String> expected = new LinkedHashMap<>(before);
        if (!temporaryKept) {
            expected.put("FT._LIST", before.get("FT._LIST").replace(", \"scratch\"", "").replace("\"scratch\", ", ""));
        }
        assertEquals(expected, answers(ft));
        // and the indexes keep following writes
        ft.q("HSET", "p:1000", "name", "red shoe", "price", "1000");
        assertEquals("[1, \"p:1000\"]", ft.q("FT.SEARCH", "shop", "@price:[1000 1000]", "NOCONTENT"));
    }

    @Test
    void indexesComeBackFromAnRdbFileAtStartUp() throws Exception {
        Map<String, String> before;
        try (EmbeddedServer a = EmbeddedServer.start("--dir", dir.toString()); Ft ft = new Ft(a.port())) {
            before = populate(ft);
            assertEquals("OK", ft.q("SAVE"));
        }
        try (EmbeddedServer b = EmbeddedServer.start("--dir", dir.toString()); Ft ft = new Ft(b.port())) {
            assertRestored(before, ft, false);
        }
    }

    @Test
    void debugReloadKeepsTheIndexes() throws Exception {
        try (EmbeddedServer a = EmbeddedServer.start("--dir", dir.toString(), "--enable-debug-command", "yes");
             Ft ft = new Ft(a.port())) {
            Map<String, String> before = populate(ft);
            assertEquals("OK", ft.q("DEBUG", "RELOAD"));
            assertRestored(before, ft, false);
        }
    }

    @Test
    void indexesComeBackFromTheAof() throws Exception {
        Map<String, String> before;
        try (EmbeddedServer a = EmbeddedServer.start("--dir", dir.toString(), "--appendonly", "yes");
             Ft ft = new Ft(a.port())) {
            before = populate(ft);
        }
        // replayed from the incremental file: FT._CREATEIFNX, FT._ALTERIFNX... as propagated
        try (EmbeddedServer b = EmbeddedServer.start("--dir", dir.toString(), "--appendonly", "yes");
             Ft ft = new Ft(b.port())) {
            assertRestored(before, ft, true);
            // a rewrite puts the definitions into the base file's aux records
            ft.q("FT.DROPINDEX", "scratch");
            assertEquals("Background append only file rewriting started", ft.q("BGREWRITEAOF"));
            awaitRewrite(ft);
        }
        try (EmbeddedServer c = EmbeddedServer.start("--dir", dir.toString(), "--appendonly", "yes");
             Ft ft = new Ft(c.port())) {
            ft.awaitIndexed("products");
            assertEquals("[1, \"p:1000\"]", ft.q("FT.SEARCH", "shop", "@price:[1000 1000]", "NOCONTENT"));
            assertEquals(answers(ft).get("FT.SEARCH products kid NOCONTENT SORTBY price"),
                    before.get("FT.SEARCH products kid NOCONTENT SORTBY price").replaceFirst("^\\[300, ", "[301, "));
        }
    }

    private static void awaitRewrite(Ft ft) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            if (ft.q("INFO", "persistence").contains("aof_rewrite_in_progress:0")) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the AOF rewrite did not finish");
    }

    @Test
    void aServerWithoutIndexesWritesNoRecord() throws Exception {
        try (EmbeddedServer a = EmbeddedServer.start(); Ft ft = new Ft(a.port())) {
            ft.q("HSET", "p:1", "name", "x");
            assertEquals(List.of(), save(a));
            assertEquals("OK", ft.q("FT.CREATE", "i", "SCHEMA", "name", "TEXT"));
            assertEquals(2, save(a).size());
            ft.q("FLUSHALL");
            assertEquals(List.of(), save(a));
        }
    }
}
