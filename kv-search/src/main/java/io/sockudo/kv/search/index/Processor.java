package io.sockudo.kv.search.index;

import io.sockudo.kv.search.schema.FieldSpec;
import io.sockudo.kv.search.schema.FieldType;
import io.sockudo.kv.search.schema.IndexSpec;
import io.sockudo.kv.search.schema.SpecParser;
import io.sockudo.kv.search.schema.VectorParams;
import io.sockudo.kv.search.text.Phonetic;
import io.sockudo.kv.search.text.SortNormalizer;
import io.sockudo.kv.search.text.Synonyms;
import io.sockudo.kv.search.text.Tokenizer;
import io.sockudo.kv.search.util.Geo;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the raw values of a document into a {@link Prepared} document, following RediSearch's
 * rules per attribute type for hashes (one string per field) and JSON (a JSONPath's matches:
 * values, arrays of values). Runs without the index lock; thread safe (no state).
 */
final class Processor {
    /** Position gap between the values of a multi-valued TEXT attribute (RediSearch's MULTI_TEXT_SLOP). */
    static final int MULTI_TEXT_SLOP = 100;
    /** RediSearch indexes stems with this weight factor. */
    static final double STEM_FACTOR = 0.2;

    private Processor() {
    }

    static Prepared prepare(IndexSpec spec, Synonyms synonyms, RawDoc raw) {
        Prepared p = new Prepared(raw.key);
        List<FieldSpec> fields = spec.fields();
        p.numeric = new double[spec.typeCount(FieldType.NUMERIC)][];
        p.tags = new String[spec.typeCount(FieldType.TAG)][];
        p.geo = new double[spec.typeCount(FieldType.GEO)][];
        p.vectors = new Object[spec.typeCount(FieldType.VECTOR)];
        p.sortables = new Object[spec.sortableCount()];
        p.score = spec.defaultScore;
        p.language = spec.language;
        if (raw.score != null) {
            Double d = number(raw.score);
            if (d != null && d >= 0 && d <= 1) {
                p.score = d;
            }
        }
        if (raw.language != null) {
            String l = string(raw.language);
            if (l != null && SpecParser.LANGUAGES.contains(l.toLowerCase(Locale.ROOT))) {
                p.language = l.toLowerCase(Locale.ROOT);
            }
        }
        if (raw.payload != null) {
            p.payload = raw.payload instanceof byte[] b ? b : bytes(raw.payload);
        }
        boolean stemLanguage = p.language.equals("english");
        int[] pos = {0};
        for (int i = 0; i < fields.size(); i++) {
            FieldSpec f = fields.get(i);
            Object v = i < raw.values.length ? raw.values[i] : null;
            if (v == null) {
                p.missing.set(f.index);
                continue;
            }
            String err = switch (f.type) {
                case TEXT -> text(spec, synonyms, f, v, raw.json, p, pos, stemLanguage);
                case TAG -> tag(f, v, raw.json, p);
                case NUMERIC -> numeric(f, v, raw.json, p);
                case GEO -> geo(f, v, raw.json, p);
                case VECTOR -> vector(f, v, raw.json, p);
            };
            if (err != null) {
                p.failure = err;
                p.failureField = f.index;
                return p;
            }
        }
        return p;
    }

    // ------------------------------------------------------------------ TEXT

    private static String text(IndexSpec spec, Synonyms synonyms, FieldSpec f, Object v, boolean json, Prepared p,
                               int[] pos, boolean stemLanguage) {
        List<String> values = new ArrayList<>();
        if (json) {
            for (Object o : (List<?>) v) {
                if (o == null) {
                    continue;
                }
                if (o instanceof String s) {
                    values.add(s);
                } else if (o instanceof List<?> list) {
                    for (Object e : list) {
                        if (e instanceof String s) {
                            values.add(s);
                        } else if (e != null) {
                            return "Invalid JSON type: String or Array of Strings type is expected";
                        }
                    }
                } else {
                    return "Invalid JSON type: String or Array of Strings type is expected";
                }
            }
            if (values.isEmpty()) {
                p.missing.set(f.index);
                return null;
            }
        } else {
            values.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        if (f.sortable) {
            String first = values.get(0);
            p.sortables[f.sortIdx] = f.unf ? first : SortNormalizer.normalize(first);
        }
        boolean allEmpty = true;
        for (String s : values) {
            if (!s.isEmpty()) {
                allEmpty = false;
                break;
            }
        }
        if (allEmpty) {
            p.empty.set(f.index);
        }
        if (!f.indexed()) {
            return null;
        }
        int w = Math.max(1, (int) f.weight);
        int stemW = Math.max(1, (int) (f.weight * STEM_FACTOR));
        boolean stem = !f.noStem && stemLanguage;
        java.util.Map<String, List<String>> syn = synonyms.isEmpty() ? null : synonyms.snapshot();
        boolean phonetic = f.phonetic != null;
        int field = f.textId;
        for (int k = 0; k < values.size(); k++) {
            if (k > 0) {
                pos[0] += MULTI_TEXT_SLOP;
            }
            pos[0] = Tokenizer.tokenize(values.get(k), spec.stopWords, stem, pos[0] + 1, (term, st, at, s, e) -> {
                p.token(term, field, w, at);
                p.len += w;
                if (st != null) {
                    p.token("+" + st, field, stemW, at);
                }
                if (syn != null) {
                    List<String> groups = syn.get(term);
                    if (groups != null) {
                        for (String g : groups) {
                            p.token("~" + g, field, w, at);
                        }
                    }
                }
                if (phonetic && term.length() >= Phonetic.MIN_TERM_LENGTH) {
                    String code = Phonetic.primary(term);
                    if (!code.isEmpty()) {
                        p.token("<" + code, field, w, at);
                    }
                }
            });
        }
        return null;
    }

    // ------------------------------------------------------------------ TAG

    private static String tag(FieldSpec f, Object v, boolean json, Prepared p) {
        List<String> tags = new ArrayList<>();
        String sortValue = null;
        if (json) {
            for (Object o : (List<?>) v) {
                if (o == null) {
                    continue;
                }
                if (o instanceof List<?> list) {
                    for (Object e : list) {
                        String s = tagScalar(e);
                        if (e != null && s == null) {
                            return "Invalid JSON type: String, Boolean or Array of those is expected";
                        }
                        if (s != null) {
                            addTag(f, s, tags, p);
                            if (sortValue == null) {
                                sortValue = s;
                            }
                        }
                    }
                } else {
                    String s = tagScalar(o);
                    if (s == null) {
                        return "Invalid JSON type: String, Boolean or Array of those is expected";
                    }
                    addTag(f, s, tags, p);
                    if (sortValue == null) {
                        sortValue = s;
                    }
                }
            }
        } else {
            String s = new String((byte[]) v, StandardCharsets.UTF_8);
            sortValue = s;
            int start = 0;
            for (int i = 0; i <= s.length(); i++) {
                if (i == s.length() || s.charAt(i) == f.separator) {
                    addTag(f, s.substring(start, i), tags, p);
                    start = i + 1;
                }
            }
        }
        if (tags.isEmpty() && sortValue == null) {
            p.missing.set(f.index);
            return null;
        }
        if (f.sortable && sortValue != null) {
            p.sortables[f.sortIdx] = f.unf ? sortValue : SortNormalizer.normalize(sortValue);
        }
        if (f.indexed()) {
            p.tags[f.typeSlot] = tags.toArray(new String[0]);
        }
        return null;
    }

    private static String tagScalar(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Boolean b) {
            return b ? "true" : "false";
        }
        return null;
    }

    private static void addTag(FieldSpec f, String raw, List<String> out, Prepared p) {
        String t = raw.strip();
        if (t.isEmpty()) {
            if (f.indexEmpty && !out.contains("")) {
                out.add("");
            }
            p.empty.set(f.index);
            return;
        }
        if (!f.caseSensitive) {
            t = t.toLowerCase(Locale.ROOT);
        }
        if (!out.contains(t)) {
            out.add(t);
        }
    }

    // ------------------------------------------------------------------ NUMERIC

    private static String numeric(FieldSpec f, Object v, boolean json, Prepared p) {
        double[] vals;
        if (json) {
            List<Double> list = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (o == null) {
                    continue;
                }
                if (o instanceof List<?> arr) {
                    for (Object e : arr) {
                        if (e == null) {
                            continue;
                        }
                        if (!(e instanceof Number n)) {
                            return "Invalid JSON type: Numeric type can represent only numbers";
                        }
                        list.add(n.doubleValue());
                    }
                } else if (o instanceof Number n) {
                    list.add(n.doubleValue());
                } else {
                    return "Invalid JSON type: Numeric type can represent only numbers";
                }
            }
            if (list.isEmpty()) {
                p.missing.set(f.index);
                return null;
            }
            vals = new double[list.size()];
            for (int i = 0; i < vals.length; i++) {
                vals[i] = list.get(i);
            }
        } else {
            Double d = parseNumber(new String((byte[]) v, StandardCharsets.UTF_8));
            if (d == null) {
                return "Invalid numeric value: '" + new String((byte[]) v, StandardCharsets.UTF_8) + "'";
            }
            vals = new double[] {d};
        }
        if (f.sortable) {
            p.sortables[f.sortIdx] = vals[0];
        }
        if (f.indexed()) {
            p.numeric[f.typeSlot] = vals;
        }
        return null;
    }

    /** A hash field's number: strtod over the whole value (leading blanks allowed). */
    static Double parseNumber(String s) {
        String t = s.stripLeading();
        if (t.isEmpty()) {
            return null;
        }
        Double d = io.sockudo.kv.search.util.ArgCursor.parseDouble(t);
        if (d == null || d.isNaN()) {
            return null;
        }
        return d;
    }

    // ------------------------------------------------------------------ GEO

    private static String geo(FieldSpec f, Object v, boolean json, Prepared p) {
        List<String> points = new ArrayList<>();
        if (json) {
            for (Object o : (List<?>) v) {
                if (o == null) {
                    continue;
                }
                if (o instanceof String s) {
                    points.add(s);
                } else if (o instanceof List<?> arr) {
                    for (Object e : arr) {
                        if (e instanceof String s) {
                            points.add(s);
                        } else if (e != null) {
                            return "Invalid JSON type: Geo type can only be a string or an array of strings";
                        }
                    }
                } else {
                    return "Invalid JSON type: Geo type can only be a string or an array of strings";
                }
            }
            if (points.isEmpty()) {
                p.missing.set(f.index);
                return null;
            }
        } else {
            points.add(new String((byte[]) v, StandardCharsets.UTF_8));
        }
        double[] out = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            double[] ll = parseGeo(points.get(i));
            if (ll == null) {
                return "Invalid geo string";
            }
            out[2 * i] = ll[0];
            out[2 * i + 1] = ll[1];
        }
        if (f.sortable) {
            p.sortables[f.sortIdx] = points.get(0);
        }
        if (f.indexed()) {
            p.geo[f.typeSlot] = out;
        }
        return null;
    }

    /** "lon,lat" (a space or a comma between them); null when invalid or out of range. */
    static double[] parseGeo(String s) {
        int c = s.indexOf(',');
        if (c < 0) {
            c = s.indexOf(' ');
        }
        if (c < 0) {
            return null;
        }
        Double lon = parseNumber(s.substring(0, c).strip());
        Double lat = parseNumber(s.substring(c + 1).strip());
        if (lon == null || lat == null || !Geo.valid(lon, lat)) {
            return null;
        }
        return new double[] {lon, lat};
    }

    // ------------------------------------------------------------------ VECTOR

    private static String vector(FieldSpec f, Object v, boolean json, Prepared p) {
        VectorParams vp = f.vector;
        Object vec;
        if (json) {
            List<?> matches = (List<?>) v;
            Object first = matches.isEmpty() ? null : matches.get(0);
            if (first == null) {
                p.missing.set(f.index);
                return null;
            }
            if (!(first instanceof List<?> arr)) {
                return "Invalid JSON type: vector must be an array of numbers";
            }
            if (!arr.isEmpty() && arr.get(0) instanceof List<?>) {
                arr = (List<?>) arr.get(0); // multi-vector values: the first vector is indexed
            }
            if (arr.size() != vp.dim()) {
                return "Invalid vector length. Expected " + vp.dim() + ", got " + arr.size();
            }
            if (vp.float64()) {
                double[] d = new double[vp.dim()];
                for (int i = 0; i < d.length; i++) {
                    if (!(arr.get(i) instanceof Number n)) {
                        return "Invalid JSON type: vector must be an array of numbers";
                    }
                    d[i] = n.doubleValue();
                }
                vec = d;
            } else {
                float[] d = new float[vp.dim()];
                for (int i = 0; i < d.length; i++) {
                    if (!(arr.get(i) instanceof Number n)) {
                        return "Invalid JSON type: vector must be an array of numbers";
                    }
                    d[i] = n.floatValue();
                }
                vec = d;
            }
        } else {
            byte[] blob = (byte[]) v;
            if (blob.length != vp.blobSize()) {
                return "Could not add vector with blob size " + blob.length + " (expected size "
                        + vp.blobSize() + ")";
            }
            vec = decode(blob, vp);
        }
        if (f.indexed()) {
            p.vectors[f.typeSlot] = vec;
        }
        return null;
    }

    /** A FLOAT32 (float[]) or FLOAT64 (double[]) vector from its little-endian blob. */
    static Object decode(byte[] blob, VectorParams vp) {
        ByteBuffer bb = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (vp.float64()) {
            double[] d = new double[vp.dim()];
            bb.asDoubleBuffer().get(d);
            return d;
        }
        float[] d = new float[vp.dim()];
        bb.asFloatBuffer().get(d);
        return d;
    }

    // ------------------------------------------------------------------ scalars

    private static Double number(Object o) {
        if (o instanceof byte[] b) {
            return parseNumber(new String(b, StandardCharsets.UTF_8));
        }
        if (o instanceof List<?> l) {
            return l.isEmpty() ? null : number(l.get(0));
        }
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String s) {
            return parseNumber(s);
        }
        return null;
    }

    private static String string(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (o instanceof List<?> l) {
            return l.isEmpty() ? null : string(l.get(0));
        }
        return o instanceof String s ? s : null;
    }

    private static byte[] bytes(Object o) {
        if (o instanceof List<?> l) {
            return l.isEmpty() ? null : bytes(l.get(0));
        }
        if (o instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        return o == null ? null : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
    }
}
