package io.sockudo.kv.search.text;

/**
 * The English (Porter2) stemmer of the Snowball project, written from the algorithm's published
 * description (snowballstem.org/algorithms/english/stemmer.html): the stems equal those of
 * Snowball's {@code english} stemmer, which RediSearch uses for {@code LANGUAGE english}.
 *
 * <p>Works on a lower-case word; letters outside a–z count as consonants, as in Snowball.
 * Not thread safe: one instance per thread (see {@link #get()}).
 */
public final class Stemmer {
    private static final ThreadLocal<Stemmer> LOCAL = ThreadLocal.withInitial(Stemmer::new);

    /** Stems already computed (words follow Zipf's law: a small cache catches most tokens). */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> CACHE =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHE_LIMIT = 100_000;

    /** The calling thread's stemmer. */
    public static Stemmer get() {
        return LOCAL.get();
    }

    /** The stem of {@code word} through a shared cache (filled up to a fixed number of words). */
    public static String stemCached(String word) {
        String s = CACHE.get(word);
        if (s == null) {
            s = LOCAL.get().stem(word);
            if (CACHE.size() < CACHE_LIMIT) {
                CACHE.putIfAbsent(word, s);
            }
        }
        return s;
    }

    private char[] b = new char[64];
    /** Length of the word in {@link #b}. */
    private int k;
    private int p1;
    private int p2;
    private boolean yFound;

    /** The stem of {@code word} (lower case); the same String when nothing changes. */
    public String stem(String word) {
        int n = word.length();
        if (n <= 2) {
            return word;
        }
        String ex = exception1(word);
        if (ex != null) {
            return ex;
        }
        if (b.length < n + 4) {
            b = new char[n + 8];
        }
        word.getChars(0, n, b, 0);
        k = n;
        prelude();
        markRegions();
        step1a();
        if (!exception2()) {
            step1b();
            step1c();
            step2();
            step3();
            step4();
            step5();
        }
        if (yFound) {
            for (int i = 0; i < k; i++) {
                if (b[i] == 'Y') {
                    b[i] = 'y';
                }
            }
        }
        if (k == n) {
            boolean same = true;
            for (int i = 0; i < k && same; i++) {
                same = b[i] == word.charAt(i);
            }
            if (same) {
                return word;
            }
        }
        return new String(b, 0, k);
    }

    // ------------------------------------------------------------------ exceptions

    private static String exception1(String w) {
        switch (w) {
            case "skis": return "ski";
            case "skies": return "sky";
            case "dying": return "die";
            case "lying": return "lie";
            case "tying": return "tie";
            case "idly": return "idl";
            case "gently": return "gentl";
            case "ugly": return "ugli";
            case "early": return "earli";
            case "only": return "onli";
            case "singly": return "singl";
            case "sky", "news", "howe", "atlas", "cosmos", "bias", "andes": return w;
            default: return null;
        }
    }

    /** Words left as they are after step 1a. */
    private boolean exception2() {
        return is("inning") || is("outing") || is("canning") || is("herring") || is("earring")
                || is("proceed") || is("exceed") || is("succeed");
    }

    private boolean is(String s) {
        if (k != s.length()) {
            return false;
        }
        for (int i = 0; i < k; i++) {
            if (b[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ character classes

    private boolean vowel(int i) {
        char c = b[i];
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }

    private static boolean isDouble(char c) {
        return c == 'b' || c == 'd' || c == 'f' || c == 'g' || c == 'm' || c == 'n' || c == 'p' || c == 'r' || c == 't';
    }

    private static boolean validLi(char c) {
        return c == 'c' || c == 'd' || c == 'e' || c == 'g' || c == 'h' || c == 'k' || c == 'm' || c == 'n'
                || c == 'r' || c == 't';
    }

    /** Whether the word part {@code b[0, end)} ends in a short syllable. */
    private boolean shortSyllable(int end) {
        if (end >= 3) {
            int c = end - 1;
            char last = b[c];
            if (!vowel(c) && last != 'w' && last != 'x' && last != 'Y' && vowel(c - 1) && !vowel(c - 2)) {
                return true;
            }
        }
        return end == 2 && vowel(0) && !vowel(1);
    }

    // ------------------------------------------------------------------ prelude and regions

    private void prelude() {
        yFound = false;
        if (b[0] == '\'') {
            System.arraycopy(b, 1, b, 0, k - 1);
            k--;
        }
        if (k > 0 && b[0] == 'y') {
            b[0] = 'Y';
            yFound = true;
        }
        for (int i = 1; i < k; i++) {
            if (b[i] == 'y' && vowel(i - 1)) {
                b[i] = 'Y';
                yFound = true;
            }
        }
    }

    private void markRegions() {
        p1 = k;
        p2 = k;
        int i;
        if (startsWith("gener") || startsWith("arsen")) {
            i = 5;
        } else if (startsWith("commun")) {
            i = 6;
        } else {
            i = afterVowelConsonant(0);
            if (i < 0) {
                return;
            }
        }
        p1 = i;
        int j = afterVowelConsonant(i);
        if (j >= 0) {
            p2 = j;
        }
    }

    private boolean startsWith(String s) {
        if (k < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The position after the first non-vowel that follows a vowel, from {@code from}; -1 if none. */
    private int afterVowelConsonant(int from) {
        int i = from;
        while (i < k && !vowel(i)) {
            i++;
        }
        while (i < k && vowel(i)) {
            i++;
        }
        return i < k ? i + 1 : -1;
    }

    // ------------------------------------------------------------------ suffix helpers

    private boolean endsWith(String s) {
        int n = s.length();
        if (n > k) {
            return false;
        }
        int o = k - n;
        for (int i = 0; i < n; i++) {
            if (b[o + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The longest of {@code suffixes} the word ends with, or null. */
    private String longest(String... suffixes) {
        String best = null;
        for (String s : suffixes) {
            if ((best == null || s.length() > best.length()) && endsWith(s)) {
                best = s;
            }
        }
        return best;
    }

    private void replace(String suffix, String with) {
        int start = k - suffix.length();
        for (int i = 0; i < with.length(); i++) {
            b[start + i] = with.charAt(i);
        }
        k = start + with.length();
    }

    private boolean hasVowel(int from, int to) {
        for (int i = from; i < to; i++) {
            if (vowel(i)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ steps

    private void step1a() {
        String s0 = longest("'", "'s", "'s'");
        if (s0 != null) {
            k -= s0.length();
        }
        String s = longest("sses", "ied", "ies", "s", "us", "ss");
        if (s == null) {
            return;
        }
        switch (s) {
            case "sses" -> replace(s, "ss");
            case "ied", "ies" -> replace(s, k - 3 > 1 ? "i" : "ie");
            case "s" -> {
                // delete when the part before the letter preceding the s holds a vowel
                if (k >= 2 && hasVowel(0, k - 2)) {
                    k--;
                }
            }
            default -> { }
        }
    }

    private void step1b() {
        String s = longest("eed", "eedly", "ed", "edly", "ing", "ingly");
        if (s == null) {
            return;
        }
        int start = k - s.length();
        if (s.equals("eed") || s.equals("eedly")) {
            if (start >= p1) {
                replace(s, "ee");
            }
            return;
        }
        if (!hasVowel(0, start)) {
            return;
        }
        k = start;
        if (endsWith("at") || endsWith("bl") || endsWith("iz")) {
            b[k++] = 'e';
        } else if (k >= 2 && b[k - 1] == b[k - 2] && isDouble(b[k - 1])) {
            k--;
        } else if (k == p1 && shortSyllable(k)) {
            b[k++] = 'e';
        }
    }

    private void step1c() {
        if (k < 3) {
            return;
        }
        char c = b[k - 1];
        if ((c == 'y' || c == 'Y') && !vowel(k - 2)) {
            b[k - 1] = 'i';
        }
    }

    private void step2() {
        String s = longest("tional", "enci", "anci", "abli", "entli", "izer", "ization", "ational", "ation", "ator",
                "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness", "iviti", "biliti", "bli", "ogi",
                "fulli", "lessli", "li");
        if (s == null || k - s.length() < p1) {
            return;
        }
        switch (s) {
            case "tional" -> replace(s, "tion");
            case "enci" -> replace(s, "ence");
            case "anci" -> replace(s, "ance");
            case "abli" -> replace(s, "able");
            case "entli" -> replace(s, "ent");
            case "izer", "ization" -> replace(s, "ize");
            case "ational", "ation", "ator" -> replace(s, "ate");
            case "alism", "aliti", "alli" -> replace(s, "al");
            case "fulness" -> replace(s, "ful");
            case "ousli", "ousness" -> replace(s, "ous");
            case "iveness", "iviti" -> replace(s, "ive");
            case "biliti", "bli" -> replace(s, "ble");
            case "ogi" -> {
                if (k - 3 >= 1 && b[k - 4] == 'l') {
                    replace(s, "og");
                }
            }
            case "fulli" -> replace(s, "ful");
            case "lessli" -> replace(s, "less");
            case "li" -> {
                if (k - 2 >= 1 && validLi(b[k - 3])) {
                    k -= 2;
                }
            }
            default -> { }
        }
    }

    private void step3() {
        String s = longest("tional", "ational", "alize", "icate", "iciti", "ical", "ful", "ness", "ative");
        if (s == null || k - s.length() < p1) {
            return;
        }
        switch (s) {
            case "tional" -> replace(s, "tion");
            case "ational" -> replace(s, "ate");
            case "alize" -> replace(s, "al");
            case "icate", "iciti", "ical" -> replace(s, "ic");
            case "ful", "ness" -> k -= s.length();
            case "ative" -> {
                if (k - s.length() >= p2) {
                    k -= s.length();
                }
            }
            default -> { }
        }
    }

    private void step4() {
        String s = longest("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
                "ate", "iti", "ous", "ive", "ize", "ion");
        if (s == null) {
            return;
        }
        int start = k - s.length();
        if (start < p2) {
            return;
        }
        if (s.equals("ion")) {
            if (start >= 1 && (b[start - 1] == 's' || b[start - 1] == 't')) {
                k = start;
            }
            return;
        }
        k = start;
    }

    private void step5() {
        if (k == 0) {
            return;
        }
        char c = b[k - 1];
        if (c == 'e') {
            int start = k - 1;
            if (start >= p2 || (start >= p1 && !shortSyllable(start))) {
                k--;
            }
        } else if (c == 'l') {
            int start = k - 1;
            if (start >= p2 && start >= 1 && b[start - 1] == 'l') {
                k--;
            }
        }
    }
}
