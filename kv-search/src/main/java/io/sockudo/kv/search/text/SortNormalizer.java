package io.sockudo.kv.search.text;

import java.text.Normalizer;

/**
 * The normalization RediSearch applies to SORTABLE text and tag values without UNF: lower case,
 * diacritics removed.
 */
public final class SortNormalizer {
    private SortNormalizer() {
    }

    public static String normalize(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s.toLowerCase(java.util.Locale.ROOT);
        }
        String d = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }
}
