package io.sockudo.kv.search.persist;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.search.cmd.IndexCommands;
import io.sockudo.kv.search.index.SearchIndex;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvException;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index definitions as RDB aux data, as RediSearch keeps its index schemas in the RDB (its
 * {@code ft_index0} type's aux data) and rebuilds the indexes from the loaded documents.
 *
 * <p>Loading the before-keys record replaces every index the server had. Before the keys: every
 * index that is not TEMPORARY (as RediSearch, which does not persist
 * them), with its FT.CREATE arguments, each FT.ALTER's {@code SCHEMA ADD} part and its synonym
 * groups; then the aliases. After the keys: the number of indexes, a marker whose loading starts
 * a background scan of each loaded index over the keys now in place (FT.INFO shows
 * {@code indexing} meanwhile, as RediSearch does after a load).
 *
 * <p>Items, encoding version 1: BEFORE = {@code n}, then per index its name, the number of
 * argument lists and each list (count, strings), the number of synonym terms and per term the term
 * and its group ids (count, strings); then the number of aliases and per alias the alias and its
 * index. AFTER = {@code n}. The layout is this server's own, so the record goes under a type name
 * of its own ({@code skv-ftidx}): a Redis with RediSearch refuses the file cleanly ("no matching
 * module") instead of misreading it.
 */
public final class IndexDefinitions implements ModuleAuxData {
    public static final String TYPE_NAME = "skv-ftidx";
    private static final int ENCVER = 1;

    private final SearchFamily family;
    /** Indexes created by the last BEFORE_KEYS load, scanned by the AFTER_KEYS one. */
    private final List<SearchIndex> loaded = new ArrayList<>();

    public IndexDefinitions(SearchFamily family) {
        this.family = family;
    }

    @Override
    public String typeName() {
        return TYPE_NAME;
    }

    @Override
    public int encodingVersion() {
        return ENCVER;
    }

    @Override
    public Set<Phase> phases() {
        return EnumSet.of(Phase.BEFORE_KEYS, Phase.AFTER_KEYS);
    }

    /** The indexes a snapshot keeps (not TEMPORARY ones). */
    private List<SearchIndex> persistent() {
        List<SearchIndex> out = new ArrayList<>();
        for (SearchIndex i : family.indexes.list()) {
            if (i.spec.temporarySeconds <= 0) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public void save(Phase phase, ModuleTypeOutput out) throws IOException {
        List<SearchIndex> indexes = persistent();
        if (indexes.isEmpty()) {
            return; // no record: a file without indexes loads where search is absent
        }
        out.saveUnsigned(indexes.size());
        if (phase == Phase.AFTER_KEYS) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (SearchIndex idx : indexes) {
            names.add(idx.spec.name);
            str(out, idx.spec.name);
            List<List<String>> args;
            synchronized (idx.spec.createArgs) {
                args = new ArrayList<>(idx.spec.createArgs);
            }
            out.saveUnsigned(args.size());
            for (List<String> list : args) {
                out.saveUnsigned(list.size());
                for (String a : list) {
                    str(out, a);
                }
            }
            Map<String, List<String>> syn = idx.synonyms.snapshot();
            out.saveUnsigned(syn.size());
            for (Map.Entry<String, List<String>> e : syn.entrySet()) {
                str(out, e.getKey());
                out.saveUnsigned(e.getValue().size());
                for (String g : e.getValue()) {
                    str(out, g);
                }
            }
        }
        Map<String, String> aliases = new LinkedHashMap<>(family.indexes.aliases());
        aliases.values().removeIf(target -> !names.contains(target));
        out.saveUnsigned(aliases.size());
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
    }

    /**
     * The indexes as the commands that define them, for an AOF base in command form: per index
     * FT.CREATE with its saved arguments, each FT.ALTER, FT.SYNUPDATE per synonym group (with
     * SKIPINITIALSCAN: the documents follow), then FT.ALIASADD per alias. Written before the keys,
     * so replaying the documents indexes them.
     */
    @Override
    public void rewrite(AofOutput out) throws IOException {
        List<String> names = new ArrayList<>();
        for (SearchIndex idx : persistent()) {
            String name = idx.spec.name;
            names.add(name);
            List<List<String>> args;
            synchronized (idx.spec.createArgs) {
                args = new ArrayList<>(idx.spec.createArgs);
            }
            for (int i = 0; i < args.size(); i++) {
                List<String> argv = new ArrayList<>();
                argv.add(i == 0 ? "FT.CREATE" : "FT.ALTER");
                argv.add(name);
                argv.addAll(args.get(i));
                out.emit(bytes(argv));
            }
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> e : idx.synonyms.snapshot().entrySet()) {
                for (String g : e.getValue()) {
                    groups.computeIfAbsent(g, k -> new ArrayList<>()).add(e.getKey());
                }
            }
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                List<String> argv = new ArrayList<>(List.of("FT.SYNUPDATE", name, g.getKey(), "SKIPINITIALSCAN"));
                argv.addAll(g.getValue());
                out.emit(bytes(argv));
            }
        }
        for (Map.Entry<String, String> e : family.indexes.aliases().entrySet()) {
            if (names.contains(e.getValue())) {
                out.emit(bytes(List.of("FT.ALIASADD", e.getKey(), e.getValue())));
            }
        }
    }

    @Override
    public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
        if (encodingVersion > ENCVER) {
            throw new IOException(TYPE_NAME + ": unknown encoding version " + encodingVersion);
        }
        long n = in.loadUnsigned();
        if (phase == Phase.AFTER_KEYS) {
            // the loaded documents were queued one by one (Indexes.onLoaded); scan only when
            // database 0 also holds keys the load did not bring
            boolean covered = family.indexes.loadCoveredDb0();
            for (SearchIndex idx : loaded) {
                if (!idx.dropped() && !covered) {
                    family.indexes.startBackgroundScan(idx);
                }
            }
            loaded.clear();
            return;
        }
        loaded.clear();
        family.indexes.beginLoad();
        // the file holds every index: whatever the server had before goes (with DEBUG RELOAD
        // NOFLUSH the keys stay, and a scan after the keys indexes them again)
        for (SearchIndex old : family.indexes.list()) {
            family.indexes.remove(old);
            family.cursors.dropIndex(old.spec.name);
        }
        for (long i = 0; i < n; i++) {
            String name = loadStr(in);
            long lists = in.loadUnsigned();
            List<List<String>> args = new ArrayList<>();
            for (long l = 0; l < lists; l++) {
                long count = in.loadUnsigned();
                List<String> list = new ArrayList<>();
                for (long a = 0; a < count; a++) {
                    list.add(loadStr(in));
                }
                args.add(list);
            }
            Map<String, List<String>> syn = new LinkedHashMap<>();
            long terms = in.loadUnsigned();
            for (long t = 0; t < terms; t++) {
                String term = loadStr(in);
                long groups = in.loadUnsigned();
                List<String> ids = new ArrayList<>();
                for (long g = 0; g < groups; g++) {
                    ids.add(loadStr(in));
                }
                syn.put(term, ids);
            }
            loaded.add(define(name, args, syn));
        }
        long aliases = in.loadUnsigned();
        for (long a = 0; a < aliases; a++) {
            String alias = loadStr(in);
            String target = loadStr(in);
            family.indexes.unalias(alias);
            String err = family.indexes.alias(alias, target, true);
            if (err != null) {
                throw new IOException(TYPE_NAME + ": alias " + alias + ": " + err);
            }
        }
    }

    /** Replays one saved definition (replacing an index of the same name). */
    private SearchIndex define(String name, List<List<String>> args, Map<String, List<String>> syn)
            throws IOException {
        if (args.isEmpty()) {
            throw new IOException(TYPE_NAME + ": index " + name + " has no definition");
        }
        SearchIndex old = family.indexes.getExact(name);
        if (old != null) {
            family.indexes.remove(old);
            family.cursors.dropIndex(name);
        }
        try {
            byte[][] create = bytes(args.get(0));
            IndexSpec spec = SpecParser.parseCreate(name, create, 0, create.length);
            for (int i = 1; i < args.size(); i++) {
                byte[][] alter = bytes(args.get(i));
                SpecParser.parseAlter(spec, alter, 2, alter.length);
            }
            SearchIndex idx = IndexCommands.define(family, spec);
            idx.synonyms.restore(syn);
            return idx;
        } catch (KvException e) {
            throw new IOException(TYPE_NAME + ": index " + name + ": " + e.getMessage());
        }
    }

    private static byte[][] bytes(List<String> args) {
        byte[][] out = new byte[args.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = args.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    static void str(ModuleTypeOutput out, String s) throws IOException {
        out.saveString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String loadStr(ModuleTypeInput in) throws IOException {
        return new String(in.loadString(), StandardCharsets.UTF_8);
    }
}
