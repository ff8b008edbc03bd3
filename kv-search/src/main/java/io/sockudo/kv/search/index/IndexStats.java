package io.sockudo.kv.search.index;

import org.roaringbitmap.RoaringBitmap;

import java.util.Map;

/** FT.INFO's numbers, taken under the index's read lock. Sizes are estimates of this index's structures. */
public final class IndexStats {
    public long numDocs;
    public long maxDocId;
    public long numTerms;
    public long numRecords;
    public long offsetRecords;
    public long invertedBytes;
    public long invertedBlocks;
    public long offsetBytes;
    public long vectorBytes;
    public long docTableBytes;
    public long sortableBytes;
    public long keyTableBytes;
    public long failures;
    /** Overall indexing errors, then one per schema field. */
    public IndexData.IndexErrors errors;
    public java.util.List<IndexData.IndexErrors> fieldErrors = new java.util.ArrayList<>();

    public static IndexStats of(SearchIndex idx) {
        return idx.readStats(d -> {
            IndexStats s = new IndexStats();
            s.numDocs = d.numDocs();
            s.maxDocId = d.maxDocId();
            s.numTerms = d.terms.size();
            s.numRecords = d.textRecords() + d.numericRecords() + d.tagRecords();
            s.offsetRecords = d.offsetRecords();
            long bytes = 0;
            long blocks = 0;
            for (Map.Entry<String, TermDict.Term> e : d.terms.sorted().entrySet()) {
                for (RoaringBitmap b : e.getValue().byField) {
                    if (b != null) {
                        bytes += b.getSizeInBytes();
                        blocks++;
                    }
                }
            }
            s.invertedBytes = bytes;
            s.invertedBlocks = blocks;
            s.offsetBytes = d.offsetRecords() * 4;
            s.vectorBytes = d.vectorBytes();
            s.docTableBytes = d.numDocs() * 96L;
            s.sortableBytes = d.sortableBytes();
            s.keyTableBytes = d.numDocs() * 48L;
            s.failures = d.failures();
            s.errors = d.errors(-1);
            for (io.sockudo.kv.search.schema.FieldSpec f : idx.spec.fields()) {
                s.fieldErrors.add(d.errors(f.index));
            }
            return s;
        });
    }
}
