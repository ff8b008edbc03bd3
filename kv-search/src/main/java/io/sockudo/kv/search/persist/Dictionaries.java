package io.sockudo.kv.search.persist;

import io.sockudo.kv.search.SearchFamily;
import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The FT.DICTADD dictionaries as RDB aux data, in the layout of RediSearch's spell-check
 * dictionary type {@code scdtype00} (encoding version 1), so the records are exchangeable with
 * Redis Stack. Saved after the keys: the number of dictionaries, then per dictionary its name
 * (with a trailing NUL) and its terms as a trie record (their count, then per term the term with
 * a trailing NUL and its score as a double, 1 for dictionary terms). Nothing is saved before the
 * keys; loading that phase empties the dictionaries, as RediSearch does.
 */
public final class Dictionaries implements ModuleAuxData {
    public static final String TYPE_NAME = "scdtype00";
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
    public Set<Phase> phases() {
        return EnumSet.of(Phase.BEFORE_KEYS, Phase.AFTER_KEYS);
    }

    /** The dictionaries as FT.DICTADD commands, for an AOF base in command form. */
    @Override
    public void rewrite(AofOutput out) throws IOException {
        for (Map.Entry<String, TreeSet<String>> e : family.dictionaries.entrySet()) {
            List<String> terms;
            synchronized (e.getValue()) {
                terms = new ArrayList<>(e.getValue());
            }
            if (terms.isEmpty()) {
                continue;
            }
            byte[][] argv = new byte[terms.size() + 2][];
            argv[0] = "FT.DICTADD".getBytes(StandardCharsets.US_ASCII);
            argv[1] = e.getKey().getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < terms.size(); i++) {
                argv[i + 2] = terms.get(i).getBytes(StandardCharsets.UTF_8);
            }
            out.emit(argv);
        }
    }

    @Override
    public void save(Phase phase, ModuleTypeOutput out) throws IOException {
        if (phase != Phase.AFTER_KEYS) {
            return;
        }
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
            out.saveString(withNul(e.getKey()));
            out.saveUnsigned(e.getValue().size());
            for (String t : e.getValue()) {
                out.saveString(withNul(t));
                out.saveDouble(1.0);
            }
        }
    }

    @Override
    public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
        if (encodingVersion > ENCVER) {
            throw new IOException(TYPE_NAME + ": unknown encoding version " + encodingVersion);
        }
        if (phase == Phase.BEFORE_KEYS) {
            family.dictionaries.clear();
            return;
        }
        long n = in.loadUnsigned();
        for (long i = 0; i < n; i++) {
            String name = withoutNul(in.loadString());
            long size = in.loadUnsigned();
            TreeSet<String> terms = new TreeSet<>();
            for (long t = 0; t < size; t++) {
                terms.add(withoutNul(in.loadString()));
                in.loadDouble(); // the term's score: dictionaries only test membership
            }
            if (!terms.isEmpty()) {
                family.dictionaries.put(name, terms);
            }
        }
    }

    private static byte[] withNul(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        return out;
    }

    private static String withoutNul(byte[] b) {
        int n = b.length > 0 && b[b.length - 1] == 0 ? b.length - 1 : b.length;
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
