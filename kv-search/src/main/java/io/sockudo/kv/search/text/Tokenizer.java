package io.sockudo.kv.search.text;

/**
 * RediSearch's default tokenizer: splits text at its separator characters (unless escaped with a
 * backslash), lower-cases each token, drops unescaped backslashes, blanks and control characters,
 * skips empty tokens and stop words, and numbers the remaining tokens from 1 (stop words take no
 * position). Tokens of 4 characters or more also get their stem when stemming is on.
 */
public final class Tokenizer {
    /** Stems are computed for tokens at least this long (RediSearch's MIN_STEM_CANDIDATE_LEN). */
    public static final int MIN_STEM_LENGTH = 4;

    private static final boolean[] SEPARATOR = new boolean[128];

    static {
        for (char c : " \t,./(){}[]:;~!@#$%^&*-=+|'`\"<>?\n\r\f".toCharArray()) {
            SEPARATOR[c] = true;
        }
        SEPARATOR[0x0b] = true;
    }

    private Tokenizer() {
    }

    /** Whether {@code c} separates tokens. */
    public static boolean isSeparator(char c) {
        return c < 128 && SEPARATOR[c];
    }

    /** Receives the tokens of a text. */
    public interface Sink {
        /**
         * One token.
         *
         * @param term  the normalized token
         * @param stem  its stem when it differs from the token (stemming on), else null
         * @param pos   its position, from 1
         * @param start offset of the raw token in the text
         * @param end   offset after the raw token
         */
        void token(String term, String stem, int pos, int start, int end);
    }

    /**
     * Tokenizes {@code text}; positions continue after {@code firstPos - 1}.
     *
     * @return the last position used
     */
    public static int tokenize(String text, StopWords stopWords, boolean stem, int firstPos, Sink sink) {
        int pos = firstPos - 1;
        int n = text.length();
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < n) {
            int start = i;
            // find the end of the token: an unescaped separator
            int end = i;
            while (end < n) {
                char c = text.charAt(end);
                if (isSeparator(c) && (end == start || text.charAt(end - 1) != '\\')) {
                    break;
                }
                end++;
            }
            i = end + 1;
            if (end == start) {
                continue;
            }
            String term = normalize(text, start, end, sb);
            if (term.isEmpty() || stopWords.contains(term)) {
                continue;
            }
            pos++;
            String st = null;
            if (stem && term.length() >= MIN_STEM_LENGTH) {
                String s = Stemmer.stemCached(term);
                if (!s.equals(term)) {
                    st = s;
                }
            }
            sink.token(term, st, pos, start, end);
        }
        return pos;
    }

    /** Lower case; unescaped backslashes, unescaped blanks and control characters dropped. */
    static String normalize(String text, int start, int end, StringBuilder sb) {
        sb.setLength(0);
        boolean escaped = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if ((c == ' ' || c == '\t') && !escaped) {
                escaped = false;
                continue;
            }
            if (Character.isISOControl(c)) {
                escaped = false;
                continue;
            }
            if (c == '\\' && !escaped) {
                escaped = true;
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < end) {
                int cp = Character.toCodePoint(c, text.charAt(i + 1));
                sb.appendCodePoint(Character.toLowerCase(cp));
                i++;
            } else {
                sb.append(Character.toLowerCase(c));
            }
            escaped = false;
        }
        return sb.toString();
    }

    /** Lower-cases and unescapes a single query term (no splitting). */
    public static String normalizeTerm(String s) {
        return normalize(s, 0, s.length(), new StringBuilder(s.length()));
    }
}
