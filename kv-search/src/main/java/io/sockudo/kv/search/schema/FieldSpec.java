package io.sockudo.kv.search.schema;

/**
 * One attribute of an index schema: where its value comes from ({@link #path}: a hash field name
 * or a JSONPath), what it is called in queries ({@link #name}, the {@code AS} alias or the path),
 * its type and options.
 */
public final class FieldSpec {
    public final String path;
    public final String name;
    public final FieldType type;
    /** Ordinal among the schema's fields. */
    public final int index;

    public boolean sortable;
    public boolean unf;
    public boolean noIndex;
    public boolean noStem;
    public double weight = 1.0;
    public String phonetic;
    public boolean withSuffixTrie;
    public char separator = ',';
    public boolean caseSensitive;
    public boolean indexMissing;
    public boolean indexEmpty;
    public VectorParams vector;

    /** Ordinal among the TEXT fields (-1 for other types). */
    public int textId = -1;
    /** Ordinal among fields of the same type (per-type index slot). */
    public int typeSlot = -1;
    /** Slot in the per-document sort vector, -1 when not sortable. */
    public int sortIdx = -1;

    public FieldSpec(String path, String name, FieldType type, int index) {
        this.path = path;
        this.name = name;
        this.type = type;
        this.index = index;
    }

    /** Whether queries can use it (NOINDEX fields are only stored for sorting). */
    public boolean indexed() {
        return !noIndex;
    }

    @Override
    public String toString() {
        return name + ":" + type;
    }
}
