package io.sockudo.kv.search.index;

import io.sockudo.kv.search.TestIndex;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FT.INFO's statistics read applies a small backlog first (a client sees its own writes) but
 * answers from what is indexed so far when a large one is queued, reporting it as still indexing.
 */
class StatsReadTest {
    private static SearchIndex index() {
        byte[][] argv = {"SCHEMA".getBytes(StandardCharsets.UTF_8), "t".getBytes(StandardCharsets.UTF_8),
            "TEXT".getBytes(StandardCharsets.UTF_8)};
        IndexSpec spec = SpecParser.parseCreate("idx", argv, 0, argv.length);
        return new SearchIndex(spec, task -> { }); // no background drains: only readers apply the queue
    }

    private static void put(SearchIndex idx, int i) {
        byte[] key = ("d:" + i).getBytes(StandardCharsets.UTF_8);
        idx.enqueue(RawDoc.capture(idx.spec, key, TestIndex.hash(TestIndex.fields("t", "word" + i))));
    }

    @Test
    void smallBacklogsAreAppliedLargeOnesReported() {
        SearchIndex idx = index();
        for (int i = 0; i < 10; i++) {
            put(idx, i);
        }
        assertEquals(10, (int) idx.readStats(IndexData::numDocs));
        assertFalse(idx.indexing());
        assertEquals(1.0, idx.percentIndexed(10));

        for (int i = 10; i < 10 + SearchIndex.STATS_DRAIN_LIMIT + 500; i++) {
            put(idx, i);
        }
        assertEquals(10, (int) idx.readStats(IndexData::numDocs), "answered without applying the backlog");
        assertTrue(idx.indexing());
        assertTrue(idx.percentIndexed(10) < 0.99);
        assertEquals(10 + SearchIndex.STATS_DRAIN_LIMIT + 500, (int) idx.read(IndexData::numDocs), "queries apply it");
        assertFalse(idx.indexing());
    }
}
