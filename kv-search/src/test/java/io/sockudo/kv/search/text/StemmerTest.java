package io.sockudo.kv.search.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Porter2 stemmer against stems of Snowball's English stemmer (its published sample vocabulary). */
class StemmerTest {
    private static final String[][] CASES = {
            {"consign", "consign"}, {"consigned", "consign"}, {"consigning", "consign"}, {"consignment", "consign"},
            {"consist", "consist"}, {"consisted", "consist"}, {"consistency", "consist"}, {"consistent", "consist"},
            {"consistently", "consist"}, {"consisting", "consist"}, {"consists", "consist"},
            {"consolation", "consol"}, {"consolations", "consol"}, {"consolatory", "consolatori"},
            {"console", "consol"}, {"consoled", "consol"}, {"consoles", "consol"}, {"consolidate", "consolid"},
            {"consolidated", "consolid"}, {"consolidating", "consolid"}, {"consoling", "consol"},
            {"consolingly", "consol"}, {"consols", "consol"}, {"consonant", "conson"}, {"consort", "consort"},
            {"consorted", "consort"}, {"consorting", "consort"}, {"conspicuous", "conspicu"},
            {"conspicuously", "conspicu"}, {"conspiracy", "conspiraci"}, {"conspirator", "conspir"},
            {"conspirators", "conspir"}, {"conspire", "conspir"}, {"conspired", "conspir"},
            {"conspiring", "conspir"}, {"constable", "constabl"}, {"constables", "constabl"},
            {"constance", "constanc"}, {"constancy", "constanc"}, {"constant", "constant"},
            {"knack", "knack"}, {"knackeries", "knackeri"}, {"knacks", "knack"}, {"knag", "knag"},
            {"knave", "knave"}, {"knaves", "knave"}, {"knavish", "knavish"}, {"kneaded", "knead"},
            {"kneading", "knead"}, {"knee", "knee"}, {"kneel", "kneel"}, {"kneeled", "kneel"},
            {"kneeling", "kneel"}, {"kneels", "kneel"}, {"knees", "knee"}, {"knell", "knell"}, {"knelt", "knelt"},
            {"knew", "knew"}, {"knick", "knick"}, {"knif", "knif"}, {"knife", "knife"}, {"knight", "knight"},
            {"knightly", "knight"}, {"knights", "knight"}, {"knit", "knit"}, {"knits", "knit"},
            {"knitted", "knit"}, {"knitting", "knit"}, {"knives", "knive"}, {"knob", "knob"}, {"knobs", "knob"},
            {"knock", "knock"}, {"knocked", "knock"}, {"knocker", "knocker"}, {"knockers", "knocker"},
            {"knocking", "knock"}, {"knocks", "knock"}, {"knopp", "knopp"}, {"knot", "knot"}, {"knots", "knot"},
            // exceptional forms and short words
            {"skies", "sky"}, {"dying", "die"}, {"lying", "lie"}, {"news", "news"}, {"early", "earli"},
            {"only", "onli"}, {"inning", "inning"}, {"proceed", "proceed"}, {"by", "by"}, {"at", "at"},
            // the steps
            {"running", "run"}, {"cats", "cat"}, {"hopping", "hop"}, {"hoping", "hope"}, {"caresses", "caress"},
            {"ponies", "poni"}, {"ties", "tie"}, {"cries", "cri"}, {"gas", "gas"}, {"gaps", "gap"},
            {"happy", "happi"}, {"generously", "generous"}, {"generation", "generat"}, {"amazing", "amaz"},
            {"amazingly", "amaz"}, {"encouraging", "encourag"}, {"encouraged", "encourag"}, {"hello", "hello"},
            {"world", "world"}, {"relational", "relat"}, {"conditional", "condit"}, {"rational", "ration"},
            {"digitizer", "digit"}, {"operator", "oper"}, {"feudalism", "feudal"}, {"hopefulness", "hope"},
            {"callousness", "callous"}, {"formative", "format"}, {"formalize", "formal"}, {"electrical", "electr"},
            {"hopeful", "hope"}, {"goodness", "good"}, {"revival", "reviv"}, {"allowance", "allow"},
            {"inference", "infer"}, {"airliner", "airlin"}, {"adjustable", "adjust"}, {"defensible", "defens"},
            {"irritant", "irrit"}, {"replacement", "replac"}, {"adjustment", "adjust"}, {"dependent", "depend"},
            {"adoption", "adopt"}, {"effective", "effect"}, {"cease", "ceas"}, {"rate", "rate"}, {"roll", "roll"},
            {"agreed", "agre"}, {"feed", "feed"}, {"plastered", "plaster"}, {"motoring", "motor"}, {"sing", "sing"},
            {"conflated", "conflat"}, {"troubled", "troubl"}, {"sized", "size"}, {"filing", "file"},
            {"yelling", "yell"}, {"failing", "fail"}, {"fizzed", "fizz"}, {"cry", "cri"}, {"say", "say"},
            {"saying", "say"}, {"enjoy", "enjoy"}, {"abilities", "abil"}, {"books", "book"}, {"searches", "search"},
            {"searching", "search"}, {"indexed", "index"}, {"indexing", "index"},
    };

    @Test
    void stemsLikeSnowballEnglish() {
        Stemmer st = new Stemmer();
        List<String> wrong = new ArrayList<>();
        for (String[] c : CASES) {
            String got = st.stem(c[0]);
            if (!got.equals(c[1])) {
                wrong.add(c[0] + " -> " + got + " (expected " + c[1] + ")");
            }
        }
        assertEquals(List.of(), wrong);
    }
}
