package io.sockudo.kv.search.text;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A stop-word list: words skipped when indexing and querying. Lower case, compared exactly.
 * The default list is RediSearch's.
 */
public final class StopWords {
    /** RediSearch's default English stop words, in its order (FT.INFO lists a custom list only). */
    public static final List<String> DEFAULT_WORDS = List.of("a", "is", "the", "an", "and", "are", "as", "at", "be",
            "but", "by", "for", "if", "in", "into", "it", "no", "not", "of", "on", "or", "such", "that", "their",
            "then", "there", "these", "they", "this", "to", "was", "will", "with");

    public static final StopWords DEFAULT = new StopWords(DEFAULT_WORDS, true);
    public static final StopWords NONE = new StopWords(List.of(), false);

    private final Set<String> words;
    private final List<String> ordered;
    private final boolean isDefault;

    private StopWords(Collection<String> words, boolean isDefault) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (String w : words) {
            set.add(w.toLowerCase(java.util.Locale.ROOT));
        }
        this.words = Collections.unmodifiableSet(set);
        this.ordered = List.copyOf(set);
        this.isDefault = isDefault;
    }

    /** A custom list ({@code STOPWORDS n w...}); an empty list disables stop words. */
    public static StopWords of(String... words) {
        return words.length == 0 ? NONE : new StopWords(Arrays.asList(words), false);
    }

    public boolean contains(String word) {
        return !words.isEmpty() && words.contains(word);
    }

    public boolean isDefault() {
        return isDefault;
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    /** The words, in the order given. */
    public List<String> words() {
        return ordered;
    }
}
