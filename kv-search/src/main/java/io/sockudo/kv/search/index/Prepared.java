package io.sockudo.kv.search.index;

import java.util.BitSet;

/**
 * A document turned into what the index stores, before it takes the index lock: text tokens
 * (with stems, synonym groups and phonetic codes), parsed numbers, normalized tags, geo points,
 * vectors and sortable values. Produced by {@link Processor}, applied by {@link IndexData}.
 */
final class Prepared {
    final byte[] key;
    /** Why the document could not be indexed (RediSearch counts it in hash_indexing_failures), or null. */
    String failure;
    /** The schema position of the field that failed ({@code FieldSpec.index}), with {@link #failure}. */
    int failureField = -1;

    double score = 1.0;
    byte[] payload;
    String language;

    // text tokens: term text, TEXT field id, weighted frequency, position; raw tokens count in len
    String[] tTerm = new String[64];
    int[] tField = new int[64];
    int[] tFreq = new int[64];
    int[] tPos = new int[64];
    int tn;
    int len;

    double[][] numeric;
    String[][] tags;
    double[][] geo;
    /** Per VECTOR slot: float[] (FLOAT32) or double[] (FLOAT64), or null. */
    Object[] vectors;
    Object[] sortables;
    final BitSet missing = new BitSet();
    final BitSet empty = new BitSet();

    Prepared(byte[] key) {
        this.key = key;
    }

    void token(String term, int field, int freq, int pos) {
        if (tn == tTerm.length) {
            int n = tn * 2;
            tTerm = java.util.Arrays.copyOf(tTerm, n);
            tField = java.util.Arrays.copyOf(tField, n);
            tFreq = java.util.Arrays.copyOf(tFreq, n);
            tPos = java.util.Arrays.copyOf(tPos, n);
        }
        tTerm[tn] = term;
        tField[tn] = field;
        tFreq[tn] = freq;
        tPos[tn] = pos;
        tn++;
    }
}
