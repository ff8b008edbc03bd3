package io.sockudo.kv.kernel.util;

import io.sockudo.kv.spi.Glob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobTest {
    private static byte[] b(String s) {
        // CsvSource gives null for an empty unquoted column
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean m(String pattern, String s) {
        return Glob.matches(b(pattern), b(s));
    }

    private static boolean mi(String pattern, String s) {
        return Glob.matches(b(pattern), b(s), true);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' ~ ''{1}'' = {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', emptyValue = "", value = {
        "*|anything|true",
        // stringmatchlen never matches an empty string against a non-empty pattern, not even "*"
        // (KEYS and SCAN short-cut the pattern "*" before matching, so they do list the empty key)
        "*||false",
        "?||false",
        "||true",
        "|a|false",
        "a||false",
        "**|ab|true",
        "a*|a|true",
        "*a|a|true",
        "a*b*c|aXbYc|true",
        "a*b*c|aXbY|false",
        "h?llo|hello|true",
        "h?llo|hllo|false",
        "h[ae]llo|hallo|true",
        "h[ae]llo|hillo|false",
        "h[^e]llo|hallo|true",
        "h[^e]llo|hello|false",
        "h[a-b]llo|hbllo|true",
        "h[b-a]llo|hbllo|true",
        "h[z-a]llo|hmllo|true",
        "[a-]|]|true",
        "[a-]|-|false",
        "[]|]|false",
        "[]]|]|false",
        "[^]|x|true",
        "[^|x|true",
        "[|[|false",
        "[abc|c|true",
        "[\\]]|]|true",
        "\\*|*|true",
        "\\*|a|false",
        "\\|\\|true",
        "a\\|a\\|true",
        "[\\|\\|true",
        "*\\|a\\|true",
        "a[-]c|a-c|true",
        "a[+--]c|a,c|true",
        "a*|b|false",
    })
    void matchesLikeRedis(String pattern, String s, boolean expected) {
        assertEquals(expected, m(pattern, s));
    }

    @Test
    void nocaseLowersLettersAndRanges() {
        assertTrue(mi("HELLO", "hello"));
        assertTrue(mi("h*O", "HellO"));
        assertTrue(mi("[A-C]x", "bX"));
        assertTrue(mi("[a-c]x", "BX"));
        assertTrue(mi("[HX]i", "hI"));
        assertFalse(m("HELLO", "hello"));
        assertFalse(m("[A-C]x", "bx"));
        // an escaped character inside a class compares case-sensitively even in nocase mode
        assertFalse(mi("[\\A]", "a"));
        assertTrue(mi("[\\A]", "A"));
        // outside a class the escape still lowers
        assertTrue(mi("\\A", "a"));
        // only ASCII letters fold
        assertFalse(mi("\u00c9", "\u00e9"));
    }

    @Test
    void bytesCompareAsSignedChars() {
        // 0x80..0xff are negative as C chars: [a-\xff] is the range -1..'a'
        assertTrue(m("[a-\u00ff]", "\u00ff"));
        assertTrue(m("[a-\u00ff]", "A"));
        assertFalse(m("[a-\u00ff]", "\u0080"));
        assertTrue(m("[\u0080-\u00ff]", "\u0090"));
        assertFalse(m("[\u0080-\u00ff]", "a"));
        assertTrue(m("x[\u0000]y", "x\u0000y"));
        assertTrue(m("*", "\u0000\u0000"));
    }

    @Test
    void nestingLimitOf1000Stars() {
        byte[] s = b("a".repeat(1100));
        assertTrue(Glob.matches(b("*a".repeat(1000)), s));
        assertFalse(Glob.matches(b("*a".repeat(1001)), s));
        // consecutive stars collapse and a trailing star does not recurse
        assertTrue(Glob.matches(b("a*".repeat(1001)), s));
        assertTrue(Glob.matches(b("*".repeat(5000) + "a"), s));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void pathologicalPatternsStayFast() {
        byte[] s = b("a".repeat(100));
        assertFalse(Glob.matches(b("*a".repeat(40) + "b"), s));
        assertFalse(Glob.matches(b("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"), s));
    }

    @Test
    void sliceForm() {
        byte[] p = b("xx[a-c]*yy");
        byte[] s = b("__b123__");
        assertTrue(Glob.matches(p, 2, 6, s, 2, 4, false));
        assertFalse(Glob.matches(p, 2, 6, s, 1, 4, false));
        assertTrue(Glob.matchesEverything(b("*")));
        assertFalse(Glob.matchesEverything(b("**")));
    }

    /** Hundreds of random patterns over quirky bytes, with the matches redis-server 7.0.15's KEYS returned. */
    @Test
    void agreesWithRecordedRedisResults() throws IOException {
        InputStream in = GlobTest.class.getResourceAsStream("/glob-redis-cases.txt");
        assertNotNull(in);
        HexFormat hex = HexFormat.of();
        List<byte[]> keys = new ArrayList<>();
        int patterns = 0;
        List<String> failures = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] parts = line.split(" ");
                if (parts[0].equals("keys")) {
                    for (int i = 1; i < parts.length; i++) {
                        keys.add(parts[i].equals("-") ? new byte[0] : hex.parseHex(parts[i]));
                    }
                    continue;
                }
                byte[] pattern = parts[0].equals("-") ? new byte[0] : hex.parseHex(parts[0]);
                Set<Integer> expected = new HashSet<>();
                if (!parts[1].equals("none")) {
                    for (String i : parts[1].split(",")) {
                        expected.add(Integer.parseInt(i));
                    }
                }
                for (int k = 0; k < keys.size(); k++) {
                    // KEYS treats exactly "*" as "everything" before matching, as KeyCollector does
                    boolean got = Glob.matchesEverything(pattern) || Glob.matches(pattern, keys.get(k));
                    if (got != expected.contains(k)) {
                        failures.add("pattern " + parts[0] + " key " + hex.formatHex(keys.get(k)));
                    }
                }
                patterns++;
            }
        }
        assertTrue(patterns > 500, "patterns read: " + patterns);
        assertTrue(failures.isEmpty(), failures.size() + " differences, e.g. " + failures.subList(0, Math.min(20, failures.size())));
    }
}
