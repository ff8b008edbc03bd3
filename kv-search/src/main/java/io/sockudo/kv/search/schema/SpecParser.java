package io.sockudo.kv.search.schema;

import io.sockudo.kv.search.text.StopWords;
import io.sockudo.kv.search.util.ArgCursor;
import io.sockudo.kv.spi.KvException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses FT.CREATE and FT.ALTER arguments into an {@link IndexSpec}, with RediSearch's error
 * texts. Index options may come in any order before {@code SCHEMA}.
 */
public final class SpecParser {
    /** Languages RediSearch accepts (Snowball's list plus Chinese). */
    public static final Set<String> LANGUAGES = Set.of("arabic", "armenian", "basque", "catalan", "danish",
            "dutch", "english", "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian", "irish",
            "italian", "lithuanian", "nepali", "norwegian", "portuguese", "romanian", "russian", "serbian",
            "spanish", "swedish", "tamil", "turkish", "yiddish", "chinese");

    /** Most TEXT fields an index may have (RediSearch: 128 with MAXTEXTFIELDS, else 32 before ALTER). */
    public static final int MAX_TEXT_FIELDS = 128;
    public static final int MAX_FIELDS = 1024;

    private SpecParser() {
    }

    /** FT.CREATE: {@code argv[from]} is the first argument after the index name. */
    public static IndexSpec parseCreate(String name, byte[][] argv, int from, int end) {
        ArgCursor ac = new ArgCursor(argv, from, end);
        boolean onJson = false;
        List<String> prefixes = new ArrayList<>();
        String filter = null;
        String language = "english";
        boolean languageSet = false;
        String languageField = null;
        double score = 1.0;
        boolean scoreSet = false;
        String scoreField = null;
        String payloadField = null;
        boolean maxText = false;
        long temporary = -1;
        boolean noOffsets = false;
        boolean noHl = false;
        boolean noFields = false;
        boolean noFreqs = false;
        StopWords stop = StopWords.DEFAULT;
        boolean customStop = false;
        boolean skipScan = false;

        while (!ac.atEnd()) {
            if (ac.advanceIf("SCHEMA")) {
                IndexSpec spec = new IndexSpec(name, onJson, prefixes.isEmpty() ? List.of("") : prefixes, filter,
                        language, languageSet, languageField, score, scoreSet, scoreField, payloadField, maxText,
                        temporary, noOffsets, noHl, noFields, noFreqs, stop, customStop, skipScan);
                List<FieldSpec> fields = parseFields(spec, ac, true);
                spec.addFields(fields);
                List<String> args = new ArrayList<>();
                for (int i = from; i < end; i++) {
                    args.add(ArgCursor.str(argv[i]));
                }
                spec.createArgs.add(args);
                return spec;
            }
            if (ac.advanceIf("ON")) {
                String t = ac.nextOr("ON");
                switch (t.toUpperCase(Locale.ROOT)) {
                    case "HASH" -> onJson = false;
                    case "JSON" -> onJson = true;
                    default -> throw new KvException("Invalid rule type");
                }
            } else if (ac.advanceIf("PREFIX")) {
                long n = ac.nextUnsigned("PREFIX");
                if (n > ac.remaining()) {
                    throw new KvException(ArgCursor.badArgs("PREFIX", ArgCursor.NOARG));
                }
                for (long i = 0; i < n; i++) {
                    prefixes.add(ac.next());
                }
            } else if (ac.advanceIf("FILTER")) {
                filter = ac.nextOr("FILTER");
            } else if (ac.advanceIf("LANGUAGE")) {
                String l = ac.nextOr("LANGUAGE").toLowerCase(Locale.ROOT);
                if (!LANGUAGES.contains(l)) {
                    throw new KvException("Invalid language");
                }
                language = l;
                languageSet = true;
            } else if (ac.advanceIf("LANGUAGE_FIELD")) {
                languageField = ac.nextOr("LANGUAGE_FIELD");
            } else if (ac.advanceIf("SCORE")) {
                String s = ac.nextOr("SCORE");
                Double d = ArgCursor.parseDouble(s);
                if (d == null || d < 0 || d > 1) {
                    throw new KvException("Invalid score");
                }
                score = d;
                scoreSet = true;
            } else if (ac.advanceIf("SCORE_FIELD")) {
                scoreField = ac.nextOr("SCORE_FIELD");
            } else if (ac.advanceIf("PAYLOAD_FIELD")) {
                payloadField = ac.nextOr("PAYLOAD_FIELD");
            } else if (ac.advanceIf("MAXTEXTFIELDS")) {
                maxText = true;
            } else if (ac.advanceIf("TEMPORARY")) {
                temporary = ac.nextLong("TEMPORARY");
            } else if (ac.advanceIf("NOOFFSETS")) {
                noOffsets = true;
            } else if (ac.advanceIf("NOHL")) {
                noHl = true;
            } else if (ac.advanceIf("NOFIELDS")) {
                noFields = true;
            } else if (ac.advanceIf("NOFREQS")) {
                noFreqs = true;
            } else if (ac.advanceIf("STOPWORDS")) {
                long n = ac.nextUnsigned("STOPWORDS");
                if (n > ac.remaining()) {
                    throw new KvException(ArgCursor.badArgs("STOPWORDS", ArgCursor.NOARG));
                }
                String[] w = new String[(int) n];
                for (int i = 0; i < n; i++) {
                    w[i] = ac.next();
                }
                stop = StopWords.of(w);
                customStop = true;
            } else if (ac.advanceIf("SKIPINITIALSCAN")) {
                skipScan = true;
            } else if (ac.advanceIf("NOSCOREIDX") || ac.advanceIf("ASYNC") || ac.advanceIf("NOGC")) {
                // accepted for compatibility, no effect
            } else {
                throw new KvException("Unknown argument `" + ac.next() + "`");
            }
        }
        throw new KvException("No schema found");
    }

    /**
     * FT.ALTER's {@code SCHEMA ADD} fields for an existing spec (checked, then added).
     *
     * @return the fields added
     */
    public static List<FieldSpec> parseAlter(IndexSpec spec, byte[][] argv, int from, int end) {
        ArgCursor ac = new ArgCursor(argv, from, end);
        List<FieldSpec> fields = parseFields(spec, ac, false);
        spec.addFields(fields);
        List<String> args = new ArrayList<>();
        args.add("SCHEMA");
        args.add("ADD");
        for (int i = from; i < end; i++) {
            args.add(ArgCursor.str(argv[i]));
        }
        synchronized (spec.createArgs) { // read by a snapshot being saved meanwhile
            spec.createArgs.add(args);
        }
        return fields;
    }

    // ------------------------------------------------------------------ fields

    private static List<FieldSpec> parseFields(IndexSpec spec, ArgCursor ac, boolean isNew) {
        List<FieldSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (FieldSpec f : spec.fields()) {
            names.add(f.name);
        }
        int index = spec.fieldCount();
        int texts = spec.textFieldCount();
        if (isNew && ac.atEnd()) {
            throw new KvException("Fields arguments are missing");
        }
        while (!ac.atEnd()) {
            String path = ac.next();
            String name = path;
            if (ac.advanceIf("AS")) {
                if (ac.atEnd()) {
                    throw new KvException("Field `" + path + "` does not have a type");
                }
                name = ac.next();
            }
            if (names.contains(name)) {
                throw new KvException("Duplicate field in schema - " + name);
            }
            if (ac.atEnd()) {
                throw new KvException("Field `" + name + "` does not have a type");
            }
            FieldSpec f = parseType(spec, ac, path, name, index);
            if (f.type == FieldType.TEXT && f.indexed()) {
                if (texts >= MAX_TEXT_FIELDS) {
                    throw new KvException("Too many TEXT fields in schema");
                }
                if (texts >= 32 && !spec.maxTextFields && !isNew) {
                    throw new KvException("Cannot add more fields. Declare index with wide fields to allow adding "
                            + "unlimited fields");
                }
                texts++;
            }
            if (index >= MAX_FIELDS) {
                throw new KvException("Schema is limited to " + MAX_FIELDS + " fields");
            }
            names.add(name);
            out.add(f);
            index++;
        }
        return out;
    }

    private static FieldSpec parseType(IndexSpec spec, ArgCursor ac, String path, String name, int index) {
        FieldSpec f;
        if (ac.advanceIf("TEXT")) {
            f = new FieldSpec(path, name, FieldType.TEXT, index);
            parseOptions(ac, f);
        } else if (ac.advanceIf("TAG")) {
            f = new FieldSpec(path, name, FieldType.TAG, index);
            parseOptions(ac, f);
        } else if (ac.advanceIf("NUMERIC")) {
            f = new FieldSpec(path, name, FieldType.NUMERIC, index);
            parseOptions(ac, f);
        } else if (ac.advanceIf("GEO")) {
            f = new FieldSpec(path, name, FieldType.GEO, index);
            parseOptions(ac, f);
        } else if (ac.advanceIf("VECTOR")) {
            f = new FieldSpec(path, name, FieldType.VECTOR, index);
            f.vector = parseVector(ac);
            parseOptions(ac, f);
        } else {
            throw new KvException("Invalid field type for field `" + name + "`");
        }
        if (spec.onJson && f.sortable && (f.type == FieldType.TEXT || f.type == FieldType.TAG)) {
            f.unf = true; // JSON: UNF is implicit with SORTABLE
        }
        return f;
    }

    /** Options after the type, in any order, until an argument that is not an option of the type. */
    private static void parseOptions(ArgCursor ac, FieldSpec f) {
        while (!ac.atEnd()) {
            if (ac.advanceIf("SORTABLE")) {
                if (f.type == FieldType.VECTOR) {
                    ac.seek(ac.position() - 1);
                    return;
                }
                f.sortable = true;
                if (ac.advanceIf("UNF")) {
                    f.unf = true;
                }
            } else if (ac.advanceIf("UNF")) {
                if (!f.sortable) {
                    ac.seek(ac.position() - 1);
                    return;
                }
                f.unf = true;
            } else if (ac.advanceIf("NOINDEX")) {
                f.noIndex = true;
            } else if (ac.advanceIf("INDEXMISSING")) {
                f.indexMissing = true;
            } else if (ac.advanceIf("INDEXEMPTY") && (f.type == FieldType.TEXT || f.type == FieldType.TAG)) {
                f.indexEmpty = true;
            } else if (f.type == FieldType.TEXT && ac.advanceIf("NOSTEM")) {
                f.noStem = true;
            } else if (f.type == FieldType.TEXT && ac.advanceIf("WEIGHT")) {
                f.weight = ac.nextDouble("weight");
            } else if (f.type == FieldType.TEXT && ac.advanceIf("PHONETIC")) {
                if (ac.atEnd()) {
                    throw new KvException("PHONETIC requires an argument");
                }
                String m = ac.next();
                if (!m.matches("dm:(en|pt|fr|es)")) {
                    throw new KvException("Matcher Format: <2 chars algorithm>:<2 chars language>. Support "
                            + "algorithms: double metaphone (dm). Supported languages: English (en), French (fr), "
                            + "Portuguese (pt) and Spanish (es)");
                }
                f.phonetic = m;
            } else if ((f.type == FieldType.TEXT || f.type == FieldType.TAG) && ac.advanceIf("WITHSUFFIXTRIE")) {
                f.withSuffixTrie = true;
            } else if (f.type == FieldType.TAG && ac.advanceIf("SEPARATOR")) {
                if (ac.atEnd()) {
                    throw new KvException("SEPARATOR requires an argument");
                }
                String sep = ac.next();
                if (sep.length() != 1) {
                    throw new KvException("Tag separator must be a single character. Got `" + sep + "`");
                }
                f.separator = sep.charAt(0);
            } else if (f.type == FieldType.TAG && ac.advanceIf("CASESENSITIVE")) {
                f.caseSensitive = true;
            } else {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ vectors

    private static VectorParams parseVector(ArgCursor ac) {
        if (ac.atEnd()) {
            throw new KvException(ArgCursor.badArgs("vector similarity algorithm", ArgCursor.NOARG));
        }
        String algo = ac.next().toUpperCase(Locale.ROOT);
        if (!algo.equals("FLAT") && !algo.equals("HNSW")) {
            throw new KvException(ArgCursor.badArgs("vector similarity algorithm", "Unknown argument"));
        }
        if (ac.atEnd()) {
            throw new KvException(ArgCursor.badArgs("vector similarity number of parameters", ArgCursor.NOARG));
        }
        long n;
        try {
            n = Long.parseLong(ac.next());
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs("vector similarity number of parameters", ArgCursor.PARSE));
        }
        if (n > ac.remaining()) {
            throw new KvException("Expected " + n + " parameters but got " + ac.remaining());
        }
        if (n % 2 != 0 || n < 0) {
            throw new KvException("Bad number of arguments for vector similarity index: got " + n
                    + " but expected even number");
        }
        String what = "vector similarity " + algo + " index ";
        String type = null;
        int dim = -1;
        String metric = null;
        long initialCap = -1;
        long blockSize = VectorParams.DEFAULT_BLOCK_SIZE;
        int m = VectorParams.DEFAULT_M;
        int efc = VectorParams.DEFAULT_EF_CONSTRUCTION;
        int efr = VectorParams.DEFAULT_EF_RUNTIME;
        double eps = VectorParams.DEFAULT_EPSILON;
        int stop = ac.position() + (int) n;
        while (ac.position() < stop) {
            String key = ac.next().toUpperCase(Locale.ROOT);
            boolean last = ac.position() >= stop;
            String val = last ? null : ac.next();
            switch (key) {
                case "TYPE" -> {
                    if (val == null) {
                        throw new KvException(ArgCursor.badArgs(what + "type", ArgCursor.NOARG));
                    }
                    String t = val.toUpperCase(Locale.ROOT);
                    if (!t.equals("FLOAT32") && !t.equals("FLOAT64")) {
                        throw new KvException(ArgCursor.badArgs(what + "type", "Unknown argument"));
                    }
                    type = t;
                }
                case "DIM" -> dim = (int) positive(val, what + "dim", Integer.MAX_VALUE);
                case "DISTANCE_METRIC" -> {
                    if (val == null) {
                        throw new KvException(ArgCursor.badArgs(what + "metric", ArgCursor.NOARG));
                    }
                    String mt = val.toUpperCase(Locale.ROOT);
                    if (!mt.equals("L2") && !mt.equals("IP") && !mt.equals("COSINE")) {
                        throw new KvException(ArgCursor.badArgs(what + "metric", "Unknown argument"));
                    }
                    metric = mt;
                }
                case "INITIAL_CAP" -> initialCap = nonNegative(val, what + "initial cap");
                case "BLOCK_SIZE" -> {
                    if (!algo.equals("FLAT")) {
                        throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
                    }
                    blockSize = positive(val, what + "blocksize", Integer.MAX_VALUE);
                }
                case "M" -> {
                    if (!algo.equals("HNSW")) {
                        throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
                    }
                    m = (int) positive(val, what + "m", 512);
                }
                case "EF_CONSTRUCTION" -> {
                    if (!algo.equals("HNSW")) {
                        throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
                    }
                    efc = (int) positive(val, what + "efConstruction", 4096);
                }
                case "EF_RUNTIME" -> {
                    if (!algo.equals("HNSW")) {
                        throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
                    }
                    efr = (int) positive(val, what + "efRuntime", 4096);
                }
                case "EPSILON" -> {
                    if (!algo.equals("HNSW")) {
                        throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
                    }
                    Double d = val == null ? null : ArgCursor.parseDouble(val);
                    if (d == null || d <= 0) {
                        throw new KvException(ArgCursor.badArgs(what + "epsilon",
                                val == null ? ArgCursor.NOARG : d == null ? ArgCursor.PARSE : ArgCursor.ELIMIT));
                    }
                    eps = d;
                }
                default -> throw new KvException("Bad arguments for algorithm " + algo + ": " + key);
            }
        }
        String missing = type == null ? "TYPE" : dim < 0 ? "DIM" : metric == null ? "DISTANCE_METRIC" : null;
        if (missing != null) {
            throw new KvException("Missing mandatory parameter: cannot create " + algo + " index without specifying "
                    + missing + " argument");
        }
        return new VectorParams(algo, type, dim, metric, initialCap, blockSize, m, efc, efr, eps);
    }

    private static long positive(String val, String what, long max) {
        if (val == null) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        long v;
        try {
            v = Long.parseLong(val);
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
        if (v <= 0 || v > max) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.ELIMIT));
        }
        return v;
    }

    private static long nonNegative(String val, String what) {
        if (val == null) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.NOARG));
        }
        try {
            long v = Long.parseLong(val);
            if (v < 0) {
                throw new KvException(ArgCursor.badArgs(what, ArgCursor.ELIMIT));
            }
            return v;
        } catch (NumberFormatException e) {
            throw new KvException(ArgCursor.badArgs(what, ArgCursor.PARSE));
        }
    }
}
