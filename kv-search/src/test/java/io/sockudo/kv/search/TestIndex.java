package io.sockudo.kv.search;

import io.sockudo.kv.search.index.RawDoc;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.query.Evaluator;
import io.sockudo.kv.search.query.QueryNode;
import io.sockudo.kv.search.query.QueryOptions;
import io.sockudo.kv.search.query.QueryParser;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.search.text.StopWords;
import io.sockudo.kv.spi.DocumentView;
import org.roaringbitmap.RoaringBitmap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An index driven directly (no server): FT.CREATE arguments, documents as maps, queries evaluated
 * to the set of matching keys. Drains run synchronously on the calling thread.
 */
public final class TestIndex {
    public final IndexSpec spec;
    public final SearchIndex index;

    public TestIndex(String... createArgs) {
        byte[][] argv = new byte[createArgs.length][];
        for (int i = 0; i < argv.length; i++) {
            argv[i] = createArgs[i].getBytes(StandardCharsets.UTF_8);
        }
        spec = SpecParser.parseCreate("idx", argv, 0, argv.length);
        index = new SearchIndex(spec, Runnable::run);
    }

    /** A hash document view over a map. */
    public static DocumentView hash(Map<String, String> fields) {
        return new DocumentView() {
            @Override
            public String documentKind() {
                return HASH;
            }

            @Override
            public List<Object> select(String path) {
                String v = fields.get(path);
                return v == null ? List.of() : List.of(v.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    public static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public void put(String key, Map<String, String> fields) {
        index.enqueue(RawDoc.capture(spec, key.getBytes(StandardCharsets.UTF_8), hash(fields)));
    }

    public void delete(String key) {
        index.enqueueDelete(key.getBytes(StandardCharsets.UTF_8));
    }

    public TreeSet<String> search(String query) {
        return search(query, new QueryOptions(), Map.of());
    }

    public TreeSet<String> search(String query, QueryOptions opts, Map<String, byte[]> params) {
        QueryNode root = QueryParser.parse(query, spec, spec.stopWords, params);
        return index.read(data -> {
            Evaluator ev = new Evaluator(data, spec, opts, index.synonyms.snapshot());
            RoaringBitmap b = ev.run(root);
            TreeSet<String> keys = new TreeSet<>();
            b.forEach((org.roaringbitmap.IntConsumer) id -> keys.add(data.doc(id).keyString()));
            return keys;
        });
    }

    public static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }

    public static StopWords noStop() {
        return StopWords.NONE;
    }
}
