package io.sockudo.kv.search.cmd;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.index.IndexStats;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.search.schema.VectorParams;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.CommandContext;
import io.sockudo.kv.spi.EventClass;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleRegistry;
import io.sockudo.kv.spi.ReplyWriter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Index management: FT.CREATE, FT.ALTER, FT.DROPINDEX, FT.INFO, FT._LIST and the aliases
 * (FT.ALIASADD / FT.ALIASDEL / FT.ALIASUPDATE).
 */
public final class IndexCommands {
    private final SearchFamily family;

    private IndexCommands(SearchFamily family) {
        this.family = family;
    }

    public static void register(ModuleRegistry r, SearchFamily family) {
        IndexCommands c = new IndexCommands(family);
        r.command(Specs.write("ft.create", -5, "Creates an index with the given spec", "1.0.0", c::create)
                .complexity("O(K) at creation where K is the number of fields, O(N) if scanning the keyspace is "
                        + "triggered, where N is the number of keys in the keyspace").build());
        r.command(Specs.write("ft.alter", -3, "Adds a new field to the index", "1.0.0", c::alter)
                .complexity("O(N) where N is the number of keys in the keyspace").build());
        r.command(Specs.writeNoOom("ft.dropindex", -2, "Deletes the index", "2.0.0", c::dropIndex)
                .complexity("O(1) or O(N) if documents are deleted, where N is the number of keys in the keyspace")
                .build());
        r.command(Specs.writeNoOom("ft.drop", -2, "Deletes the index and the documents associated with it", "1.0.0",
                c::dropLegacy).docFlags("deprecated").deprecatedSince("2.0.0").replacedBy("`FT.DROPINDEX`").build());
        // RediSearch's internal forms, in which the commands above are replicated (see Replication)
        r.command(Specs.write("ft._createifnx", -5, "Creates an index unless it exists (replicated FT.CREATE)", "2.0.0",
                c::createIfNx).build());
        r.command(Specs.write("ft._alterifnx", -3, "Adds a field unless it exists (replicated FT.ALTER)", "2.0.0",
                c::alterIfNx).build());
        r.command(Specs.writeNoOom("ft._dropindexifx", -2, "Deletes the index if it exists (replicated FT.DROPINDEX)",
                "2.0.0", c::dropIndexIfExists).build());
        r.command(Specs.writeNoOom("ft._dropifx", -2, "Deletes the index if it exists (replicated FT.DROP)", "2.0.0",
                c::dropLegacyIfExists).build());
        r.command(Specs.write("ft._aliasaddifnx", 3, "Adds an alias unless it exists (replicated FT.ALIASADD)", "2.0.0",
                c::aliasAddIfNx).build());
        r.command(Specs.writeNoOom("ft._aliasdelifx", 2, "Deletes an alias if it exists (replicated FT.ALIASDEL)",
                "2.0.0", c::aliasDelIfExists).build());
        r.command(Specs.read("ft.info", 2, "Returns information and statistics on the index", "1.0.0", c::info)
                .complexity("O(1)").build());
        r.command(Specs.read("ft._list", 1, "Returns a list of all existing indexes", "2.0.0", c::list)
                .complexity("O(1)").build());
        r.command(Specs.write("ft.aliasadd", 3, "Adds an alias to the index", "1.0.0", c::aliasAdd)
                .complexity("O(1)").build());
        r.command(Specs.write("ft.aliasupdate", 3, "Adds or updates an alias to the index", "1.0.0", c::aliasUpdate)
                .complexity("O(1)").build());
        r.command(Specs.writeNoOom("ft.aliasdel", 2, "Deletes an alias from the index", "1.0.0", c::aliasDel)
                .complexity("O(1)").build());
        r.command(Specs.read("ft.tagvals", 3, "Returns the distinct tags indexed in a Tag field", "1.0.0", c::tagVals)
                .complexity("O(N)").build());
        r.command(Specs.write("ft.synupdate", -4, "Creates or updates a synonym group with additional terms",
                "1.2.0", c::synUpdate).complexity("O(1)").build());
        r.command(Specs.read("ft.syndump", 2, "Dumps the contents of a synonym group", "1.2.0", c::synDump)
                .complexity("O(1)").build());
    }

    // ------------------------------------------------------------------ FT.TAGVALS, synonyms

    private void tagVals(CommandContext ctx) {
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException("Unknown Index name");
        }
        String field = str(ctx.arg(2));
        FieldSpec f = idx.spec.field(field);
        if (f == null) {
            throw new KvException("No such field `" + field + "`");
        }
        if (f.type != FieldType.TAG) {
            throw new KvException("Not a tag field");
        }
        ctx.offload(() -> idx.read(d -> new ArrayList<>(d.tag(f.typeSlot).values().keySet())), (c, vals) -> {
            c.reply().set(vals.size());
            for (String v : vals) {
                c.reply().bulk(v);
            }
        });
    }

    private void synUpdate(CommandContext ctx) {
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException("Unknown index name");
        }
        String group = str(ctx.arg(2));
        int i = 3;
        boolean skip = false;
        if (ArgCursor.equalsIgnoreCase(ctx.arg(i), "SKIPINITIALSCAN")) {
            skip = true;
            i++;
        }
        if (i >= ctx.argc()) {
            throw new KvException("ERR wrong number of arguments for 'ft.synupdate' command");
        }
        List<String> terms = new ArrayList<>();
        for (; i < ctx.argc(); i++) {
            terms.add(str(ctx.arg(i)));
        }
        idx.synonyms.update(group, terms);
        if (!skip) {
            family.indexes.scan(idx, ctx.db());
        }
        Replication.verbatim(ctx);
        ctx.reply().ok();
    }

    private void synDump(CommandContext ctx) {
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException("Unknown index name");
        }
        Map<String, List<String>> syn = idx.synonyms.snapshot();
        if (ctx.reply().protocol() == 3) {
            ctx.reply().map(syn.size());
        } else {
            ctx.reply().array(syn.size() * 2);
        }
        for (Map.Entry<String, List<String>> e : syn.entrySet()) {
            ctx.reply().bulk(e.getKey());
            ctx.reply().array(e.getValue().size());
            for (String g : e.getValue()) {
                ctx.reply().bulk(g);
            }
        }
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ FT.CREATE / FT.ALTER / drops

    private void create(CommandContext ctx) {
        if (ctx.db().index() != 0) {
            throw new KvException("Cannot create index on db != 0");
        }
        String name = str(ctx.arg(1));
        if (family.indexes.exists(name)) {
            throw new KvException("Index already exists");
        }
        IndexSpec spec = SpecParser.parseCreate(name, ctx.argv(), 2, ctx.argc());
        SearchIndex idx = define(family, spec);
        if (!spec.skipInitialScan) {
            family.indexes.scan(idx, ctx.db());
        }
        Replication.as(ctx, "FT._CREATEIFNX");
        ctx.reply().ok();
    }

    /** FT._CREATEIFNX: OK without doing anything when the index exists, else FT.CREATE. */
    private void createIfNx(CommandContext ctx) {
        if (family.indexes.exists(str(ctx.arg(1)))) {
            ctx.reply().ok();
            return;
        }
        create(ctx);
    }

    /**
     * Adds an index for {@code spec} (parsed from FT.CREATE, or replayed from a saved definition):
     * its FILTER expression, and the idle timer of a TEMPORARY index. Fails before adding anything
     * when the FILTER does not parse.
     */
    public static SearchIndex define(SearchFamily family, IndexSpec spec) {
        SearchIndex.DocFilter filter = spec.filter == null ? null
                : io.sockudo.kv.search.aggregate.Expressions.filter(spec.filter, spec);
        SearchIndex idx = family.indexes.create(spec);
        idx.filter(filter);
        if (spec.temporarySeconds > 0) {
            Temporary.watch(family, idx);
        }
        return idx;
    }

    private void alter(CommandContext ctx) {
        alter(ctx, false);
    }

    /** FT._ALTERIFNX: OK without doing anything when the first field to add exists already. */
    private void alterIfNx(CommandContext ctx) {
        alter(ctx, true);
    }

    private void alter(CommandContext ctx, boolean ifNx) {
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException("Unknown index name");
        }
        ArgCursor ac = new ArgCursor(ctx.argv(), 2, ctx.argc());
        boolean skipScan = ac.advanceIf("SKIPINITIALSCAN");
        if (!ac.advanceIf("SCHEMA")) {
            throw new KvException("ALTER must be followed by SCHEMA");
        }
        if (!ac.advanceIf("ADD")) {
            throw new KvException("Unknown action passed to ALTER SCHEMA");
        }
        if (ac.atEnd()) {
            throw new KvException("No fields provided");
        }
        if (ifNx && hasField(idx.spec, str(ctx.arg(ac.position())))) {
            Replication.as(ctx, "FT._ALTERIFNX");
            ctx.reply().ok();
            return;
        }
        SpecParser.parseAlter(idx.spec, ctx.argv(), ac.position(), ctx.argc());
        if (!skipScan) {
            family.indexes.scan(idx, ctx.db());
        }
        Replication.as(ctx, "FT._ALTERIFNX");
        ctx.reply().ok();
    }

    /** Whether {@code name} names a field of the spec, by its name or its path. */
    private static boolean hasField(IndexSpec spec, String name) {
        if (spec.field(name) != null) {
            return true;
        }
        for (FieldSpec f : spec.fields()) {
            if (f.path.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private void dropIndex(CommandContext ctx) {
        drop(ctx, false);
    }

    private void dropLegacy(CommandContext ctx) {
        drop(ctx, true);
    }

    /** FT._DROPINDEXIFX: OK without doing anything when the index does not exist. */
    private void dropIndexIfExists(CommandContext ctx) {
        if (ctx.argc() <= 3 && family.indexes.getExact(str(ctx.arg(1))) == null) {
            ctx.reply().ok();
            return;
        }
        drop(ctx, false);
    }

    private void dropLegacyIfExists(CommandContext ctx) {
        if (ctx.argc() <= 3 && family.indexes.getExact(str(ctx.arg(1))) == null) {
            ctx.reply().ok();
            return;
        }
        drop(ctx, true);
    }

    /**
     * FT.DROPINDEX index [DD] keeps the documents unless DD; the legacy FT.DROP index [KEEPDOCS]
     * deletes them unless KEEPDOCS. {@code _FORCEKEEPDOCS} (the replicated form) keeps them in both.
     */
    private void drop(CommandContext ctx, boolean legacy) {
        if (ctx.argc() > 3) {
            throw new KvException("ERR wrong number of arguments for '" + str(ctx.arg(0)).toLowerCase() + "' command");
        }
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.getExact(name);
        if (idx == null) {
            throw new KvException("Unknown Index name");
        }
        // RediSearch 2.x looks only for its keyword and ignores any other third argument (redis-py 4
        // sends FT.DROPINDEX idx KEEPDOCS, or an empty string for "delete the documents")
        boolean deleteDocs = legacy;
        if (ctx.argc() == 3) {
            byte[] opt = ctx.arg(2);
            if (ArgCursor.equalsIgnoreCase(opt, "_FORCEKEEPDOCS")) {
                deleteDocs = false;
            } else if (legacy) {
                deleteDocs = !ArgCursor.equalsIgnoreCase(opt, "KEEPDOCS");
            } else {
                deleteDocs = ArgCursor.equalsIgnoreCase(opt, "DD");
            }
        }
        List<byte[]> keys = deleteDocs ? idx.read(d -> d.keys()) : List.of();
        family.indexes.remove(idx);
        family.cursors.dropIndex(name);
        for (byte[] k : keys) {
            if (ctx.db().delete(k)) {
                ctx.notify(EventClass.GENERIC, "del", k);
                ctx.propagateAs("DEL".getBytes(StandardCharsets.US_ASCII), k);
            }
        }
        ctx.propagateAs("FT._DROPINDEXIFX".getBytes(StandardCharsets.US_ASCII), ctx.arg(1),
                "_FORCEKEEPDOCS".getBytes(StandardCharsets.US_ASCII));
        ctx.reply().ok();
    }

    // ------------------------------------------------------------------ FT.INFO

    private void info(CommandContext ctx) {
        String name = str(ctx.arg(1));
        SearchIndex idx = family.indexes.get(name);
        if (idx == null) {
            throw new KvException("Unknown Index name");
        }
        int cursors = family.cursors.count(idx.spec.name);
        int global = family.cursors.total();
        ctx.offload(() -> IndexStats.of(idx), (c, st) -> writeInfo(c.reply(), idx, st, cursors, global));
    }

    private static void writeInfo(ReplyWriter w, SearchIndex idx, IndexStats st, int cursors, int globalCursors) {
        IndexSpec spec = idx.spec;
        boolean r3 = w.protocol() == 3;
        int pairs = 30 + (spec.customStopWords ? 1 : 0);
        if (r3) {
            w.map(pairs);
        } else {
            w.array(pairs * 2);
        }
        w.simple("index_name");
        w.bulk(spec.name);
        w.simple("index_options");
        List<String> options = new ArrayList<>();
        if (spec.noFreqs) {
            options.add("NOFREQS");
        }
        if (spec.noFields) {
            options.add("NOFIELDS");
        }
        if (spec.noOffsets) {
            options.add("NOOFFSETS");
        }
        if (spec.maxTextFields) {
            options.add("MAXTEXTFIELDS");
        }
        w.array(options.size());
        for (String o : options) {
            w.bulk(o);
        }
        w.simple("index_definition");
        definition(w, spec, r3);
        w.simple("attributes");
        List<FieldSpec> fields = spec.fields();
        w.array(fields.size());
        for (FieldSpec f : fields) {
            attribute(w, f, r3);
        }
        num(w, "num_docs", st.numDocs);
        num(w, "max_doc_id", st.maxDocId);
        num(w, "num_terms", st.numTerms);
        num(w, "num_records", st.numRecords);
        num(w, "inverted_sz_mb", st.invertedBytes / (double) 0x100000);
        num(w, "vector_index_sz_mb", st.vectorBytes / (double) 0x100000);
        num(w, "total_inverted_index_blocks", st.invertedBlocks);
        num(w, "offset_vectors_sz_mb", st.offsetBytes / (double) 0x100000);
        num(w, "doc_table_size_mb", st.docTableBytes / (double) 0x100000);
        num(w, "sortable_values_size_mb", st.sortableBytes / (double) 0x100000);
        num(w, "key_table_size_mb", st.keyTableBytes / (double) 0x100000);
        num(w, "records_per_doc_avg", st.numDocs == 0 ? Double.NaN : (double) st.numRecords / st.numDocs);
        num(w, "bytes_per_record_avg", st.numRecords == 0 ? Double.NaN : (double) st.invertedBytes / st.numRecords);
        num(w, "offsets_per_term_avg", st.numRecords == 0 ? Double.NaN : (double) st.offsetRecords / st.numRecords);
        num(w, "offset_bits_per_record_avg",
                st.offsetRecords == 0 ? Double.NaN : 8.0 * st.offsetBytes / st.offsetRecords);
        num(w, "hash_indexing_failures", st.failures);
        num(w, "total_indexing_time", idx.indexingNanos.get() / 1_000_000.0);
        num(w, "indexing", idx.indexing() ? 1 : 0);
        num(w, "percent_indexed", idx.percentIndexed(st.numDocs));
        w.simple("number_of_uses");
        w.integer(idx.uses.get());
        w.simple("cleaning");
        w.integer(0);
        w.simple("gc_stats");
        String[] gc = {"bytes_collected", "total_ms_run", "total_cycles", "average_cycle_time_ms", "last_run_time_ms",
            "gc_numeric_trees_missed", "gc_blocks_denied"};
        if (r3) {
            w.map(gc.length);
        } else {
            w.array(gc.length * 2);
        }
        for (String g : gc) {
            w.simple(g);
            io.sockudo.kv.search.util.Replies.dbl(w, 0);
        }
        w.simple("cursor_stats");
        if (r3) {
            w.map(4);
        } else {
            w.array(8);
        }
        w.simple("global_idle");
        w.integer(globalCursors);
        w.simple("global_total");
        w.integer(globalCursors);
        w.simple("index_capacity");
        w.integer(128);
        w.simple("index_total");
        w.integer(cursors);
        if (spec.customStopWords) {
            w.simple("stopwords_list");
            List<String> sw = spec.stopWords.words();
            w.array(sw.size());
            for (String s : sw) {
                w.bulk(s);
            }
        }
        w.simple("dialect_stats");
        if (r3) {
            w.map(4);
        } else {
            w.array(8);
        }
        synchronized (idx.dialectUses) {
            for (int d = 1; d <= 4; d++) {
                w.simple("dialect_" + d);
                w.integer(idx.dialectUses[d]);
            }
        }
        w.simple("Index Errors");
        indexErrors(w, st.errors, r3);
        w.simple("field statistics");
        w.array(fields.size());
        for (int fi = 0; fi < fields.size(); fi++) {
            FieldSpec f = fields.get(fi);
            if (r3) {
                w.map(3);
            } else {
                w.array(6);
            }
            w.simple("identifier");
            w.bulk(f.path);
            w.simple("attribute");
            w.bulk(f.name);
            w.simple("Index Errors");
            indexErrors(w, fi < st.fieldErrors.size() ? st.fieldErrors.get(fi) : null, r3);
        }
    }

    private static void indexErrors(ReplyWriter w, io.sockudo.kv.search.index.IndexData.IndexErrors e, boolean r3) {
        if (r3) {
            w.map(3);
        } else {
            w.array(6);
        }
        w.simple("indexing failures");
        w.integer(e == null ? 0 : e.count());
        w.simple("last indexing error");
        w.bulk(e == null || e.lastError() == null ? "N/A" : e.lastError());
        w.simple("last indexing error key");
        if (e == null || e.lastKey() == null) {
            w.bulk("N/A");
        } else {
            w.bulk(e.lastKey());
        }
    }

    private static void num(ReplyWriter w, String name, double v) {
        w.simple(name);
        if (Double.isNaN(v)) {
            w.bulk("-nan");
        } else {
            io.sockudo.kv.search.util.Replies.dbl(w, v);
        }
    }

    private static void definition(ReplyWriter w, IndexSpec spec, boolean r3) {
        List<Object[]> kv = new ArrayList<>();
        kv.add(new Object[] {"key_type", spec.onJson ? "JSON" : "HASH"});
        kv.add(new Object[] {"prefixes", spec.prefixes});
        if (spec.filter != null) {
            kv.add(new Object[] {"filter", spec.filter});
        }
        if (!spec.language.equals("english")) {
            kv.add(new Object[] {"default_language", spec.language});
        }
        if (spec.languageField != null) {
            kv.add(new Object[] {"language_field", spec.languageField});
        }
        kv.add(new Object[] {"default_score", spec.defaultScore});
        if (spec.scoreField != null) {
            kv.add(new Object[] {"score_field", spec.scoreField});
        }
        if (spec.payloadField != null) {
            kv.add(new Object[] {"payload_field", spec.payloadField});
        }
        if (r3) {
            w.map(kv.size());
        } else {
            w.array(kv.size() * 2);
        }
        for (Object[] e : kv) {
            w.simple((String) e[0]);
            if (e[1] instanceof List<?> l) {
                w.array(l.size());
                for (Object o : l) {
                    w.bulk(o.toString());
                }
            } else if (e[1] instanceof Double d) {
                io.sockudo.kv.search.util.Replies.dbl(w, d);
            } else {
                w.bulk(e[1].toString());
            }
        }
    }

    private static void attribute(ReplyWriter w, FieldSpec f, boolean r3) {
        List<Object> kv = new ArrayList<>();
        kv.add("identifier");
        kv.add(f.path);
        kv.add("attribute");
        kv.add(f.name);
        kv.add("type");
        kv.add(f.type.name());
        if (f.type == FieldType.TEXT) {
            kv.add("WEIGHT");
            kv.add(f.weight);
        }
        if (f.type == FieldType.TAG) {
            kv.add("SEPARATOR");
            kv.add(String.valueOf(f.separator));
        }
        if (f.type == FieldType.VECTOR) {
            VectorParams v = f.vector;
            kv.add("algorithm");
            kv.add(v.algorithm());
            kv.add("data_type");
            kv.add(v.type());
            kv.add("dim");
            kv.add((long) v.dim());
            kv.add("distance_metric");
            kv.add(v.metric());
            if (v.hnsw()) {
                kv.add("M");
                kv.add((long) v.m());
                kv.add("ef_construction");
                kv.add((long) v.efConstruction());
            }
        }
        List<String> flags = new ArrayList<>();
        if (f.caseSensitive) {
            flags.add("CASESENSITIVE");
        }
        if (f.sortable) {
            flags.add("SORTABLE");
        }
        if (f.unf) {
            flags.add("UNF");
        }
        if (f.noStem) {
            flags.add("NOSTEM");
        }
        if (f.noIndex) {
            flags.add("NOINDEX");
        }
        if (f.phonetic != null) {
            flags.add("PHONETIC");
        }
        if (f.withSuffixTrie) {
            flags.add("WITHSUFFIXTRIE");
        }
        if (f.indexMissing) {
            flags.add("INDEXMISSING");
        }
        if (f.indexEmpty) {
            flags.add("INDEXEMPTY");
        }
        if (r3) {
            w.map(kv.size() / 2 + 1);
        } else {
            w.array(kv.size() + flags.size());
        }
        for (int i = 0; i < kv.size(); i += 2) {
            w.simple((String) kv.get(i));
            Object v = kv.get(i + 1);
            if (v instanceof Double d) {
                io.sockudo.kv.search.util.Replies.dbl(w, d);
            } else if (v instanceof Long l) {
                w.integer(l);
            } else {
                w.bulk(v.toString());
            }
        }
        if (r3) {
            w.simple("flags");
            w.array(flags.size());
        }
        for (String fl : flags) {
            w.simple(fl);
        }
    }

    // ------------------------------------------------------------------ FT._LIST, aliases

    private void list(CommandContext ctx) {
        List<String> names = family.indexes.names();
        ctx.reply().set(names.size());
        for (String n : names) {
            ctx.reply().bulk(n);
        }
    }

    private void aliasAdd(CommandContext ctx) {
        alias(ctx, false, false);
    }

    /** FT._ALIASADDIFNX: OK when the alias names the index already. */
    private void aliasAddIfNx(CommandContext ctx) {
        alias(ctx, false, true);
    }

    private void aliasUpdate(CommandContext ctx) {
        alias(ctx, true, false);
    }

    private void alias(CommandContext ctx, boolean update, boolean ifNx) {
        String alias = str(ctx.arg(1));
        String index = str(ctx.arg(2));
        SearchIndex target = family.indexes.getExact(index);
        if (target == null) {
            throw new KvException("Unknown index name (or name is an alias itself)");
        }
        if (!(ifNx && family.indexes.get(alias) == target && !family.indexes.exists(alias))) {
            String err = family.indexes.alias(alias, index, update);
            if (err != null) {
                throw new KvException(err);
            }
        }
        if (update) {
            Replication.verbatim(ctx);
        } else {
            Replication.as(ctx, "FT._ALIASADDIFNX");
        }
        ctx.reply().ok();
    }

    private void aliasDel(CommandContext ctx) {
        if (!family.indexes.unalias(str(ctx.arg(1)))) {
            throw new KvException("Alias does not exist");
        }
        Replication.as(ctx, "FT._ALIASDELIFX");
        ctx.reply().ok();
    }

    /** FT._ALIASDELIFX: OK without doing anything when the alias does not exist. */
    private void aliasDelIfExists(CommandContext ctx) {
        if (family.indexes.aliases().containsKey(str(ctx.arg(1)))) {
            aliasDel(ctx);
        } else {
            ctx.reply().ok();
        }
    }
}
