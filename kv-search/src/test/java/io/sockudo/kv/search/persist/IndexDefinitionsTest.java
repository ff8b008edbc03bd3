package io.sockudo.kv.search.persist;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.cmd.IndexCommands;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleAuxData.Phase;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Index definitions, synonyms, aliases and dictionaries through the aux data items and back. */
class IndexDefinitionsTest {

    /** Items as the kernel's RDB writer keeps them: each tagged with its kind, checked on reading. */
    static final class Items implements ModuleTypeOutput, ModuleTypeInput {
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
            if (pos >= items.size()) {
                throw new IOException("no more items");
            }
            Object[] it = items.get(pos++);
            if (!it[0].equals(kind)) {
                throw new IOException("expected " + kind + ", found " + it[0]);
            }
            return it[1];
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

        boolean consumed() {
            return pos == items.size();
        }
    }

    private static byte[][] argv(String... a) {
        byte[][] out = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static SearchIndex create(SearchFamily f, String name, String... args) {
        byte[][] argv = argv(args);
        return IndexCommands.define(f, SpecParser.parseCreate(name, argv, 0, argv.length));
    }

    private static Items save(ModuleAuxData d, Phase phase) throws IOException {
        Items items = new Items();
        d.save(phase, items);
        return items;
    }

    @Test
    void definitionsSynonymsAndAliasesComeBack() throws IOException {
        SearchFamily a = new SearchFamily(null);
        SearchIndex idx = create(a, "products", "ON", "HASH", "PREFIX", "2", "p:", "q:", "FILTER", "@price > 10",
                "LANGUAGE", "german", "STOPWORDS", "2", "foo", "bar", "SCHEMA", "name", "TEXT", "WEIGHT", "2",
                "NOSTEM", "SORTABLE", "price", "NUMERIC", "SORTABLE", "tags", "TAG", "SEPARATOR", ";",
                "CASESENSITIVE", "loc", "GEO", "v", "VECTOR", "HNSW", "6", "TYPE", "FLOAT32", "DIM", "4",
                "DISTANCE_METRIC", "COSINE");
        byte[][] alter = argv("SCHEMA", "ADD", "extra", "TEXT", "PHONETIC", "dm:en");
        SpecParser.parseAlter(idx.spec, alter, 2, alter.length);
        idx.synonyms.update("g1", List.of("Boy", "child"));
        idx.synonyms.update("g2", List.of("child", "kid"));
        create(a, "docs", "ON", "JSON", "SCHEMA", "$.title", "AS", "title", "TEXT", "$.n", "AS", "n", "NUMERIC");
        create(a, "scratch", "TEMPORARY", "100", "SCHEMA", "t", "TEXT");
        assertNull(a.indexes.alias("shop", "products", false));
        assertNull(a.indexes.alias("gone", "scratch", false));
        a.dictionaries.put("dict", new TreeSet<>(List.of("alpha", "beta")));

        IndexDefinitions defs = new IndexDefinitions(a);
        Items before = save(defs, Phase.BEFORE_KEYS);
        Items after = save(defs, Phase.AFTER_KEYS);
        assertTrue(save(new Dictionaries(a), Phase.BEFORE_KEYS).items.isEmpty());
        Items dicts = save(new Dictionaries(a), Phase.AFTER_KEYS);

        SearchFamily b = new SearchFamily(null);
        IndexDefinitions loader = new IndexDefinitions(b);
        loader.load(Phase.BEFORE_KEYS, before, 1);
        loader.load(Phase.AFTER_KEYS, after, 1);
        b.dictionaries.put("stale", new TreeSet<>(List.of("x")));
        new Dictionaries(b).load(Phase.BEFORE_KEYS, new Items(), 1); // empties them, as RediSearch
        new Dictionaries(b).load(Phase.AFTER_KEYS, dicts, 1);
        assertTrue(before.consumed() && after.consumed() && dicts.consumed());

        assertEquals(List.of("products", "docs"), b.indexes.names(), "TEMPORARY indexes are not kept");
        IndexSpec p = b.indexes.getExact("products").spec;
        assertEquals(idx.spec.createArgs, p.createArgs);
        assertEquals(List.of("p:", "q:"), p.prefixes);
        assertEquals("@price > 10", p.filter);
        assertEquals("german", p.language);
        assertEquals(List.of("name", "price", "tags", "loc", "v", "extra"),
                p.fields().stream().map(fs -> fs.name).toList());
        FieldSpec tags = p.field("tags");
        assertEquals(';', tags.separator);
        assertTrue(tags.caseSensitive);
        assertEquals("dm:en", p.field("extra").phonetic);
        assertEquals(4, p.field("v").vector.dim());
        assertEquals(idx.synonyms.snapshot(), b.indexes.getExact("products").synonyms.snapshot());
        assertTrue(b.indexes.getExact("docs").spec.onJson);
        assertNotNull(b.indexes.get("shop"));
        assertEquals("products", b.indexes.get("shop").spec.name);
        assertNull(b.indexes.get("gone"));
        assertEquals(new TreeSet<>(List.of("alpha", "beta")), b.dictionaries.get("dict"));
        assertNull(b.dictionaries.get("stale"));
        // RediSearch's scdtype00 items: count, name with NUL, trie size, term with NUL and score
        assertEquals(1L, dicts.items.get(0)[1]);
        assertArrayEquals("dict\0".getBytes(StandardCharsets.UTF_8), (byte[]) dicts.items.get(1)[1]);
        assertEquals(2L, dicts.items.get(2)[1]);
        assertArrayEquals("alpha\0".getBytes(StandardCharsets.UTF_8), (byte[]) dicts.items.get(3)[1]);
        assertEquals(1.0, dicts.items.get(4)[1]);
        assertEquals(7, dicts.items.size());

        // saving what was loaded writes the same items
        Items again = save(new IndexDefinitions(b), Phase.BEFORE_KEYS);
        assertEquals(before.items.size(), again.items.size());
        for (int i = 0; i < before.items.size(); i++) {
            Object x = before.items.get(i)[1];
            Object y = again.items.get(i)[1];
            if (x instanceof byte[] xb) {
                assertArrayEquals(xb, (byte[]) y);
            } else {
                assertEquals(x, y);
            }
        }
    }

    @Test
    void nothingToKeepWritesNoRecord() throws IOException {
        SearchFamily f = new SearchFamily(null);
        create(f, "t", "TEMPORARY", "10", "SCHEMA", "x", "TEXT");
        assertTrue(save(new IndexDefinitions(f), Phase.BEFORE_KEYS).items.isEmpty());
        assertTrue(save(new IndexDefinitions(f), Phase.AFTER_KEYS).items.isEmpty());
        assertTrue(save(new Dictionaries(f), Phase.AFTER_KEYS).items.isEmpty());
    }

    @Test
    void aLoadedDefinitionReplacesTheIndexOfItsName() throws IOException {
        SearchFamily a = new SearchFamily(null);
        create(a, "i", "SCHEMA", "x", "NUMERIC");
        Items before = save(new IndexDefinitions(a), Phase.BEFORE_KEYS);
        SearchFamily b = new SearchFamily(null);
        create(b, "i", "SCHEMA", "y", "TEXT");
        new IndexDefinitions(b).load(Phase.BEFORE_KEYS, before, 1);
        assertNotNull(b.indexes.getExact("i").spec.field("x"));
        assertNull(b.indexes.getExact("i").spec.field("y"));
    }

    @Test
    void newerOrDamagedRecordsFailTheLoad() throws IOException {
        SearchFamily a = new SearchFamily(null);
        create(a, "i", "SCHEMA", "x", "NUMERIC");
        Items before = save(new IndexDefinitions(a), Phase.BEFORE_KEYS);
        IndexDefinitions loader = new IndexDefinitions(new SearchFamily(null));
        assertThrows(IOException.class, () -> loader.load(Phase.BEFORE_KEYS, before, 2));
        before.pos = 0;
        before.items.remove(before.items.size() - 1); // the alias count
        assertThrows(IOException.class, () -> loader.load(Phase.BEFORE_KEYS, before, 1));
        Items bad = new Items();
        bad.saveUnsigned(1);
        bad.saveString("i".getBytes(StandardCharsets.UTF_8));
        bad.saveUnsigned(1);
        bad.saveUnsigned(2);
        bad.saveString("SCHEMA".getBytes(StandardCharsets.UTF_8));
        bad.saveString("x".getBytes(StandardCharsets.UTF_8)); // no type
        assertThrows(IOException.class, () -> loader.load(Phase.BEFORE_KEYS, bad, 1));
    }
}
