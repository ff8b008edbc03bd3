package io.sockudo.kv.search.persist;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The FT.DICTADD dictionaries as RDB aux data, saved before the keys (RediSearch keeps them as
 * aux data of its spell-check dictionary type). Items, encoding version 1: the number of
 * dictionaries, then per dictionary its name, its size and its terms. Our own layout, under our
 * own type name {@code skv-ftdic} (see {@link IndexDefinitions}).
 */
public final class Dictionaries implements ModuleAuxData {
    public static final String TYPE_NAME = "skv-ftdic";
    private static final int ENCVER = 1;

    private final SearchFamily family;

    public Dictionaries(SearchFamily family) {
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
    public void save(Phase phase, ModuleTypeOutput out) throws IOException {
        Map<String, List<String>> copy = new TreeMap<>();
        for (Map.Entry<String, TreeSet<String>> e : family.dictionaries.entrySet()) {
            synchronized (e.getValue()) {
                if (!e.getValue().isEmpty()) {
                    copy.put(e.getKey(), new ArrayList<>(e.getValue()));
                }
            }
        }
        if (copy.isEmpty()) {
            return;
        }
        out.saveUnsigned(copy.size());
        for (Map.Entry<String, List<String>> e : copy.entrySet()) {
            IndexDefinitions.str(out, e.getKey());
            out.saveUnsigned(e.getValue().size());
            for (String t : e.getValue()) {
                IndexDefinitions.str(out, t);
            }
        }
    }

    @Override
    public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
        if (encodingVersion > ENCVER) {
            throw new IOException(TYPE_NAME + ": unknown encoding version " + encodingVersion);
        }
        long n = in.loadUnsigned();
        for (long i = 0; i < n; i++) {
            String name = IndexDefinitions.loadStr(in);
            long size = in.loadUnsigned();
            TreeSet<String> terms = new TreeSet<>();
            for (long t = 0; t < size; t++) {
                terms.add(IndexDefinitions.loadStr(in));
            }
            family.dictionaries.put(name, terms);
        }
    }
}
