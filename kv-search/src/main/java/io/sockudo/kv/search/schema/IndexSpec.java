package io.sockudo.kv.search.schema;

import io.sockudo.kv.search.text.StopWords;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What FT.CREATE (and FT.ALTER) declared: the documents an index covers (ON, PREFIX, FILTER),
 * their defaults (LANGUAGE, SCORE, PAYLOAD_FIELD...), index options and the schema. Kept in the
 * argument form too ({@link #createArgs}), so a definition can be saved and replayed (RDB aux
 * data: the arguments are saved, and the index is rebuilt from the loaded documents).
 *
 * <p>Fields are only ever added (FT.ALTER), never removed or changed: readers may hold the list.
 */
public final class IndexSpec {
    public final String name;
    public final boolean onJson;
    public final List<String> prefixes;
    final List<byte[]> prefixBytes;
    public final String filter;
    public final String language;
    public final String languageField;
    public final double defaultScore;
    public final boolean scoreSet;
    public final String scoreField;
    public final String payloadField;
    public final boolean maxTextFields;
    public final long temporarySeconds;
    public final boolean noOffsets;
    public final boolean noHl;
    public final boolean noFields;
    public final boolean noFreqs;
    public final StopWords stopWords;
    public final boolean customStopWords;
    public final boolean skipInitialScan;
    public final boolean languageSet;

    private volatile List<FieldSpec> fields = List.of();
    private volatile Map<String, FieldSpec> byName = Map.of();
    private int textCount;
    private int sortCount;
    private final int[] typeCounts = new int[FieldType.values().length];
    /**
     * FT.CREATE's arguments after the index name, then each FT.ALTER's SCHEMA ADD part. Guarded by
     * its own monitor: FT.ALTER appends while a snapshot may be saving it.
     */
    public final List<List<String>> createArgs = new ArrayList<>();

    IndexSpec(String name, boolean onJson, List<String> prefixes, String filter, String language,
              boolean languageSet, String languageField, double defaultScore, boolean scoreSet, String scoreField,
              String payloadField, boolean maxTextFields, long temporarySeconds, boolean noOffsets, boolean noHl,
              boolean noFields, boolean noFreqs, StopWords stopWords, boolean customStopWords,
              boolean skipInitialScan) {
        this.name = name;
        this.onJson = onJson;
        this.prefixes = List.copyOf(prefixes);
        List<byte[]> pb = new ArrayList<>();
        for (String p : prefixes) {
            pb.add(p.getBytes(StandardCharsets.UTF_8));
        }
        this.prefixBytes = pb;
        this.filter = filter;
        this.language = language;
        this.languageSet = languageSet;
        this.languageField = languageField;
        this.defaultScore = defaultScore;
        this.scoreSet = scoreSet;
        this.scoreField = scoreField;
        this.payloadField = payloadField;
        this.maxTextFields = maxTextFields;
        this.temporarySeconds = temporarySeconds;
        this.noOffsets = noOffsets;
        this.noHl = noHl || noOffsets;
        this.noFields = noFields;
        this.noFreqs = noFreqs;
        this.stopWords = stopWords;
        this.customStopWords = customStopWords;
        this.skipInitialScan = skipInitialScan;
    }

    /** Whether {@code key} starts with one of the prefixes (the empty prefix matches every key). */
    public boolean matchesPrefix(byte[] key) {
        List<byte[]> pb = prefixBytes;
        for (int i = 0, n = pb.size(); i < n; i++) {
            byte[] p = pb.get(i);
            if (p.length <= key.length && regionEquals(key, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionEquals(byte[] key, byte[] p) {
        for (int i = 0; i < p.length; i++) {
            if (key[i] != p[i]) {
                return false;
            }
        }
        return true;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    /** The field an attribute name (case-sensitive, as RediSearch) names, or null. */
    public FieldSpec field(String name) {
        return byName.get(name);
    }

    /** The field with this attribute name, or with this identifier (path), or null. */
    public FieldSpec fieldByNameOrPath(String s) {
        FieldSpec f = byName.get(s);
        if (f != null) {
            return f;
        }
        for (FieldSpec x : fields) {
            if (x.path.equals(s)) {
                return x;
            }
        }
        return null;
    }

    public int textFieldCount() {
        return textCount;
    }

    public int sortableCount() {
        return sortCount;
    }

    public int typeCount(FieldType t) {
        return typeCounts[t.ordinal()];
    }

    /** Appends parsed fields (FT.CREATE / FT.ALTER); the caller checked them. */
    synchronized void addFields(List<FieldSpec> added) {
        List<FieldSpec> nf = new ArrayList<>(fields);
        Map<String, FieldSpec> nm = new HashMap<>(byName);
        for (FieldSpec f : added) {
            if (f.type == FieldType.TEXT) {
                f.textId = textCount++;
            }
            f.typeSlot = typeCounts[f.type.ordinal()]++;
            if (f.sortable) {
                f.sortIdx = sortCount++;
            }
            nf.add(f);
            nm.put(f.name, f);
        }
        fields = Collections.unmodifiableList(nf);
        byName = Collections.unmodifiableMap(nm);
    }

    /** The number of fields declared so far (the next field's ordinal). */
    int fieldCount() {
        return fields.size();
    }
}
