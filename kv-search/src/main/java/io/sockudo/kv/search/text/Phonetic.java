package io.sockudo.kv.search.text;

/** Phonetic codes for PHONETIC text fields (Double Metaphone); see {@link DoubleMetaphone}. */
public final class Phonetic {
    /** Terms shorter than this get no phonetic code (RediSearch's default MIN_PHONETIC_TERM_LEN). */
    public static final int MIN_TERM_LENGTH = 3;

    private Phonetic() {
    }

    /** The primary code of a lower-case term, the one RediSearch indexes and queries; may be empty. */
    public static String primary(String term) {
        String p = DoubleMetaphone.encode(term)[0];
        return p == null ? "" : p;
    }
}
