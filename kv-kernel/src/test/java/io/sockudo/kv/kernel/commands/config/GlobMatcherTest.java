package io.sockudo.kv.kernel.commands.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis's stringmatchlen semantics. */
class GlobMatcherTest {
    private static boolean m(String p, String s) {
        return GlobMatcher.matches(p, s, false);
    }

    @Test
    void wildcards() {
        assertFalse(m("*", ""), "as in Redis 7.0: the loop needs a character to match");
        assertTrue(m("*", "abc"));
        assertTrue(m("a*", "abc"));
        assertTrue(m("*c", "abc"));
        assertTrue(m("a**c", "abc"));
        assertTrue(m("a*b*c", "aXbYc"));
        assertFalse(m("a*b*c", "aXbY"));
        assertTrue(m("h?llo", "hello"));
        assertFalse(m("h?llo", "hllo"));
        assertFalse(m("", "a"));
        assertTrue(m("", ""));
        assertTrue(m("abc*", "abc"));
    }

    @Test
    void classesRangesAndEscapes() {
        assertTrue(m("h[ae]llo", "hallo"));
        assertFalse(m("h[ae]llo", "hillo"));
        assertTrue(m("h[^e]llo", "hallo"));
        assertFalse(m("h[^e]llo", "hello"));
        assertTrue(m("h[a-b]llo", "hbllo"));
        assertTrue(m("h[b-a]llo", "hallo"), "reversed ranges work");
        assertTrue(m("a\\*b", "a*b"));
        assertFalse(m("a\\*b", "axb"));
        assertTrue(m("[\\]]", "]"));
        assertFalse(m("[abc", "d"));
        assertTrue(m("[abc", "a"), "an unterminated class still matches its members");
    }

    @Test
    void caseFolding() {
        assertTrue(GlobMatcher.matches("MAX*", "maxmemory", true));
        assertFalse(GlobMatcher.matches("MAX*", "maxmemory", false));
        assertTrue(GlobMatcher.matches("[A-C]x", "bx", true));
    }
}
