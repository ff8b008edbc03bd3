package io.sockudo.kv.search.index;

/**
 * One indexed document (RediSearch's document metadata plus its forward index): the key, the
 * a-priori score and payload, the text forward index, and the values of the other attributes
 * (needed to take the document out of the indexes again, to sort and to filter). Immutable once
 * indexed: a changed document is indexed again under a new id, as RediSearch does.
 */
public final class Doc {
    public final int id;
    public final byte[] key;
    public final double score;
    public final byte[] payload;
    public final String language;
    public final TextForward text;
    /** Highest weighted term frequency (TFIDF normalization). */
    public final int maxFreq;
    /** Weighted number of raw tokens (TFIDF.DOCNORM normalization, BM25 length). */
    public final int len;
    /** Per NUMERIC slot: the values, or null when absent. */
    final double[][] numeric;
    /** Per TAG slot: the normalized tags, or null when absent. */
    final String[][] tags;
    /** Per GEO slot: lon, lat pairs, or null. */
    final double[][] geo;
    /** Per VECTOR slot: whether the document has a vector there. */
    final boolean[] vectors;
    /** Per sortable slot: String, Double or null. */
    public final Object[] sortables;
    /** Fields (by schema index) that were absent from the document. */
    final java.util.BitSet missing;
    /** TEXT/TAG fields (by schema index) whose value was empty. */
    final java.util.BitSet empty;

    Doc(int id, byte[] key, double score, byte[] payload, String language, TextForward text, int maxFreq, int len,
        double[][] numeric, String[][] tags, double[][] geo, boolean[] vectors, Object[] sortables,
        java.util.BitSet missing, java.util.BitSet empty) {
        this.id = id;
        this.key = key;
        this.score = score;
        this.payload = payload;
        this.language = language;
        this.text = text;
        this.maxFreq = maxFreq;
        this.len = len;
        this.numeric = numeric;
        this.tags = tags;
        this.geo = geo;
        this.vectors = vectors;
        this.sortables = sortables;
        this.missing = missing;
        this.empty = empty;
    }

    /** The values of NUMERIC slot {@code slot}, or null. */
    public double[] numeric(int slot) {
        return slot < numeric.length ? numeric[slot] : null;
    }

    public String[] tags(int slot) {
        return slot < tags.length ? tags[slot] : null;
    }

    public double[] geo(int slot) {
        return slot < geo.length ? geo[slot] : null;
    }

    public boolean isMissing(int fieldIndex) {
        return missing.get(fieldIndex);
    }

    public String keyString() {
        return new String(key, java.nio.charset.StandardCharsets.UTF_8);
    }
}
