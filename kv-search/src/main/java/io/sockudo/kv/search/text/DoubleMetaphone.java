package io.sockudo.kv.search.text;

import java.util.Locale;

/**
 * Lawrence Philips' Double Metaphone phonetic encoding (primary and alternate codes of at most four
 * characters), written from the published rules, for PHONETIC dm:* text fields: RediSearch indexes
 * the primary code of each token and expands query terms to theirs.
 */
public final class DoubleMetaphone {
    private static final int MAX = 4;

    private final String s;
    private final int length;
    private final int last;
    private final StringBuilder primary = new StringBuilder();
    private final StringBuilder alternate = new StringBuilder();
    private final boolean slavoGermanic;

    private DoubleMetaphone(String word) {
        this.s = word.toUpperCase(Locale.ROOT);
        this.length = s.length();
        this.last = length - 1;
        this.slavoGermanic = s.contains("W") || s.contains("K") || s.contains("CZ") || s.contains("WITZ");
    }

    /** {primary, alternate}; both null for an empty word. */
    public static String[] encode(String word) {
        if (word == null || word.isEmpty()) {
            return new String[] {null, null};
        }
        DoubleMetaphone m = new DoubleMetaphone(word);
        m.run();
        return new String[] {m.primary.toString(), m.alternate.toString()};
    }

    // ------------------------------------------------------------------ helpers

    private char at(int i) {
        return i >= 0 && i < length ? s.charAt(i) : '\0';
    }

    private boolean is(int i, String... options) {
        if (i < 0) {
            return false;
        }
        for (String o : options) {
            if (i + o.length() <= length && s.startsWith(o, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean vowel(char c) {
        return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
    }

    private boolean done() {
        return primary.length() >= MAX && alternate.length() >= MAX;
    }

    private void add(String both) {
        add(both, both);
    }

    private void add(String p, String a) {
        if (primary.length() < MAX) {
            primary.append(p);
            if (primary.length() > MAX) {
                primary.setLength(MAX);
            }
        }
        if (alternate.length() < MAX) {
            alternate.append(a);
            if (alternate.length() > MAX) {
                alternate.setLength(MAX);
            }
        }
    }

    // ------------------------------------------------------------------ the rules

    private void run() {
        int i = 0;
        if (is(0, "GN", "KN", "PN", "WR", "PS")) {
            i = 1;
        }
        if (at(0) == 'X') {
            add("S");
            i = 1;
        }
        while (!done() && i < length) {
            char c = at(i);
            switch (c) {
                case 'A', 'E', 'I', 'O', 'U', 'Y' -> {
                    if (i == 0) {
                        add("A");
                    }
                    i++;
                }
                case 'B' -> {
                    add("P");
                    i += at(i + 1) == 'B' ? 2 : 1;
                }
                case '\u00C7' -> {
                    add("S");
                    i++;
                }
                case 'C' -> i = letterC(i);
                case 'D' -> {
                    if (is(i, "DG")) {
                        if (is(i + 2, "I", "E", "Y")) {
                            add("J");
                            i += 3;
                        } else {
                            add("TK");
                            i += 2;
                        }
                    } else if (is(i, "DT", "DD")) {
                        add("T");
                        i += 2;
                    } else {
                        add("T");
                        i++;
                    }
                }
                case 'F' -> {
                    add("F");
                    i += at(i + 1) == 'F' ? 2 : 1;
                }
                case 'G' -> i = letterG(i);
                case 'H' -> {
                    if ((i == 0 || vowel(at(i - 1))) && vowel(at(i + 1))) {
                        add("H");
                        i += 2;
                    } else {
                        i++;
                    }
                }
                case 'J' -> i = letterJ(i);
                case 'K' -> {
                    add("K");
                    i += at(i + 1) == 'K' ? 2 : 1;
                }
                case 'L' -> {
                    if (at(i + 1) == 'L') {
                        if ((i == length - 3 && is(i - 1, "ILLO", "ILLA", "ALLE"))
                                || ((is(last - 1, "AS", "OS") || is(last, "A", "O")) && is(i - 1, "ALLE"))) {
                            add("L", "");
                        } else {
                            add("L");
                        }
                        i += 2;
                    } else {
                        add("L");
                        i++;
                    }
                }
                case 'M' -> {
                    add("M");
                    i += (is(i - 1, "UMB") && (i + 1 == last || is(i + 2, "ER"))) || at(i + 1) == 'M' ? 2 : 1;
                }
                case 'N' -> {
                    add("N");
                    i += at(i + 1) == 'N' ? 2 : 1;
                }
                case '\u00D1' -> {
                    add("N");
                    i++;
                }
                case 'P' -> {
                    if (at(i + 1) == 'H') {
                        add("F");
                        i += 2;
                    } else {
                        add("P");
                        i += at(i + 1) == 'P' || at(i + 1) == 'B' ? 2 : 1;
                    }
                }
                case 'Q' -> {
                    add("K");
                    i += at(i + 1) == 'Q' ? 2 : 1;
                }
                case 'R' -> {
                    if (i == last && !slavoGermanic && is(i - 2, "IE") && !is(i - 4, "ME", "MA")) {
                        add("", "R");
                    } else {
                        add("R");
                    }
                    i += at(i + 1) == 'R' ? 2 : 1;
                }
                case 'S' -> i = letterS(i);
                case 'T' -> i = letterT(i);
                case 'V' -> {
                    add("F");
                    i += at(i + 1) == 'V' ? 2 : 1;
                }
                case 'W' -> i = letterW(i);
                case 'X' -> {
                    if (!(i == last && (is(i - 3, "IAU", "EAU") || is(i - 2, "AU", "OU")))) {
                        add("KS");
                    }
                    i += at(i + 1) == 'C' || at(i + 1) == 'X' ? 2 : 1;
                }
                case 'Z' -> {
                    if (at(i + 1) == 'H') {
                        add("J");
                        i += 2;
                    } else {
                        if (is(i + 1, "ZO", "ZI", "ZA") || (slavoGermanic && i > 0 && at(i - 1) != 'T')) {
                            add("S", "TS");
                        } else {
                            add("S");
                        }
                        i += at(i + 1) == 'Z' ? 2 : 1;
                    }
                }
                default -> i++;
            }
        }
    }

    private int letterC(int i) {
        if (i > 1 && !vowel(at(i - 2)) && is(i - 1, "ACH") && at(i + 2) != 'I'
                && (at(i + 2) != 'E' || is(i - 2, "BACHER", "MACHER"))) {
            add("K");
            return i + 2;
        }
        if (i == 0 && is(i, "CAESAR")) {
            add("S");
            return i + 2;
        }
        if (is(i, "CHIA")) {
            add("K");
            return i + 2;
        }
        if (is(i, "CH")) {
            if (i > 0 && is(i, "CHAE")) {
                add("K", "X");
                return i + 2;
            }
            if (i == 0 && (is(i + 1, "HARAC", "HARIS") || is(i + 1, "HOR", "HYM", "HIA", "HEM")) && !is(0, "CHORE")) {
                add("K");
                return i + 2;
            }
            if (is(0, "VAN ", "VON ") || is(0, "SCH") || is(i - 2, "ORCHES", "ARCHIT", "ORCHID")
                    || is(i + 2, "T", "S")
                    || ((is(i - 1, "A", "O", "U", "E") || i == 0) && is(i + 2, "L", "R", "N", "M", "B", "H", "F", "V", "W", " "))) {
                add("K");
            } else if (i > 0) {
                if (is(0, "MC")) {
                    add("K");
                } else {
                    add("X", "K");
                }
            } else {
                add("X");
            }
            return i + 2;
        }
        if (is(i, "CZ") && !is(i - 2, "WICZ")) {
            add("S", "X");
            return i + 2;
        }
        if (is(i + 1, "CIA")) {
            add("X");
            return i + 3;
        }
        if (is(i, "CC") && !(i == 1 && at(0) == 'M')) {
            if (is(i + 2, "I", "E", "H") && !is(i + 2, "HU")) {
                if ((i == 1 && at(i - 1) == 'A') || is(i - 1, "UCCEE", "UCCES")) {
                    add("KS");
                } else {
                    add("X");
                }
                return i + 3;
            }
            add("K");
            return i + 2;
        }
        if (is(i, "CK", "CG", "CQ")) {
            add("K");
            return i + 2;
        }
        if (is(i, "CI", "CE", "CY")) {
            if (is(i, "CIO", "CIE", "CIA")) {
                add("S", "X");
            } else {
                add("S");
            }
            return i + 2;
        }
        add("K");
        if (is(i + 1, " C", " Q", " G")) {
            return i + 3;
        }
        if (is(i + 1, "C", "K", "Q") && !is(i + 1, "CE", "CI")) {
            return i + 2;
        }
        return i + 1;
    }

    private int letterG(int i) {
        if (at(i + 1) == 'H') {
            if (i > 0 && !vowel(at(i - 1))) {
                add("K");
                return i + 2;
            }
            if (i == 0) {
                add(at(i + 2) == 'I' ? "J" : "K");
                return i + 2;
            }
            if ((i > 1 && is(i - 2, "B", "H", "D")) || (i > 2 && is(i - 3, "B", "H", "D")) || (i > 3 && is(i - 4, "B", "H"))) {
                return i + 2;
            }
            if (i > 2 && at(i - 1) == 'U' && is(i - 3, "C", "G", "L", "R", "T")) {
                add("F");
            } else if (i > 0 && at(i - 1) != 'I') {
                add("K");
            }
            return i + 2;
        }
        if (at(i + 1) == 'N') {
            if (i == 1 && vowel(at(0)) && !slavoGermanic) {
                add("KN", "N");
            } else if (!is(i + 2, "EY") && at(i + 1) != 'Y' && !slavoGermanic) {
                add("N", "KN");
            } else {
                add("KN");
            }
            return i + 2;
        }
        if (is(i + 1, "LI") && !slavoGermanic) {
            add("KL", "L");
            return i + 2;
        }
        if (i == 0 && (at(i + 1) == 'Y' || is(i + 1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER"))) {
            add("K", "J");
            return i + 2;
        }
        if ((is(i + 1, "ER") || at(i + 1) == 'Y') && !is(0, "DANGER", "RANGER", "MANGER")
                && !is(i - 1, "E", "I") && !is(i - 1, "RGY", "OGY")) {
            add("K", "J");
            return i + 2;
        }
        if (is(i + 1, "E", "I", "Y") || is(i - 1, "AGGI", "OGGI")) {
            if (is(0, "VAN ", "VON ") || is(0, "SCH") || is(i + 1, "ET")) {
                add("K");
            } else if (is(i + 1, "IER")) {
                add("J");
            } else {
                add("J", "K");
            }
            return i + 2;
        }
        add("K");
        return at(i + 1) == 'G' ? i + 2 : i + 1;
    }

    private int letterJ(int i) {
        if (is(i, "JOSE") || is(0, "SAN ")) {
            if ((i == 0 && at(i + 4) == ' ') || is(0, "SAN ")) {
                add("H");
            } else {
                add("J", "H");
            }
            return i + 1;
        }
        if (i == 0 && !is(i, "JOSE")) {
            add("J", "A");
        } else if (vowel(at(i - 1)) && !slavoGermanic && (at(i + 1) == 'A' || at(i + 1) == 'O')) {
            add("J", "H");
        } else if (i == last) {
            add("J", "");
        } else if (!is(i + 1, "L", "T", "K", "S", "N", "M", "B", "Z") && !is(i - 1, "S", "K", "L")) {
            add("J");
        }
        return at(i + 1) == 'J' ? i + 2 : i + 1;
    }

    private int letterS(int i) {
        if (is(i - 1, "ISL", "YSL")) {
            return i + 1;
        }
        if (i == 0 && is(i, "SUGAR")) {
            add("X", "S");
            return i + 1;
        }
        if (is(i, "SH")) {
            if (is(i + 1, "HEIM", "HOEK", "HOLM", "HOLZ")) {
                add("S");
            } else {
                add("X");
            }
            return i + 2;
        }
        if (is(i, "SIO", "SIA") || is(i, "SIAN")) {
            if (!slavoGermanic) {
                add("S", "X");
            } else {
                add("S");
            }
            return i + 3;
        }
        if ((i == 0 && is(i + 1, "M", "N", "L", "W")) || is(i + 1, "Z")) {
            add("S", "X");
            return is(i + 1, "Z") ? i + 2 : i + 1;
        }
        if (is(i, "SC")) {
            if (at(i + 2) == 'H') {
                if (is(i + 3, "OO", "ER", "EN", "UY", "ED", "EM")) {
                    if (is(i + 3, "ER", "EN")) {
                        add("X", "SK");
                    } else {
                        add("SK");
                    }
                } else if (i == 0 && !vowel(at(3)) && at(3) != 'W') {
                    add("X", "S");
                } else {
                    add("X");
                }
                return i + 3;
            }
            if (is(i + 2, "I", "E", "Y")) {
                add("S");
                return i + 3;
            }
            add("SK");
            return i + 3;
        }
        if (i == last && is(i - 2, "AI", "OI")) {
            add("", "S");
        } else {
            add("S");
        }
        return is(i + 1, "S", "Z") ? i + 2 : i + 1;
    }

    private int letterT(int i) {
        if (is(i, "TION")) {
            add("X");
            return i + 3;
        }
        if (is(i, "TIA", "TCH")) {
            add("X");
            return i + 3;
        }
        if (is(i, "TH") || is(i, "TTH")) {
            if (is(i + 2, "OM", "AM") || is(0, "VAN ", "VON ") || is(0, "SCH")) {
                add("T");
            } else {
                add("0", "T");
            }
            return i + 2;
        }
        add("T");
        return is(i + 1, "T", "D") ? i + 2 : i + 1;
    }

    private int letterW(int i) {
        if (is(i, "WR")) {
            add("R");
            return i + 2;
        }
        if (i == 0 && (vowel(at(i + 1)) || is(i, "WH"))) {
            if (vowel(at(i + 1))) {
                add("A", "F");
            } else {
                add("A");
            }
        }
        if ((i == last && vowel(at(i - 1))) || is(i - 1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || is(0, "SCH")) {
            add("", "F");
            return i + 1;
        }
        if (is(i, "WICZ", "WITZ")) {
            add("TS", "FX");
            return i + 4;
        }
        return i + 1;
    }
}
