package io.sockudo.kv.search.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenizerTest {
    private static List<String> tokens(String text, StopWords sw, boolean stem) {
        List<String> out = new ArrayList<>();
        Tokenizer.tokenize(text, sw, stem, 1, (t, s, p, a, b) -> out.add(t + (s != null ? "/" + s : "") + "@" + p));
        return out;
    }

    @Test
    void splitsAtSeparatorsAndLowerCases() {
        assertEquals(List.of("hello@1", "world@2", "foo@3", "bar@4"),
                tokens("Hello, WORLD! foo-bar", StopWords.DEFAULT, false));
    }

    @Test
    void stopWordsTakeNoPosition() {
        assertEquals(List.of("quick@1", "fox@2"), tokens("the quick and the fox", StopWords.DEFAULT, false));
        assertEquals(List.of("the@1", "quick@2"), tokens("the quick", StopWords.NONE, false));
    }

    @Test
    void escapedSeparatorsStayInTheToken() {
        assertEquals(List.of("hello-world@1", "x@2"), tokens("hello\\-world x", StopWords.DEFAULT, false));
    }

    @Test
    void stemsLongTokensOnly() {
        assertEquals(List.of("running/run@1", "ran@2", "cats/cat@3"), tokens("running ran cats", StopWords.DEFAULT, true));
    }
}
