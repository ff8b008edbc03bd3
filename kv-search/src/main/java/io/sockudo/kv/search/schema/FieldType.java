package io.sockudo.kv.search.schema;

/** The kinds of schema attributes, as FT.CREATE names them. */
public enum FieldType {
    TEXT, TAG, NUMERIC, GEO, VECTOR;
}
