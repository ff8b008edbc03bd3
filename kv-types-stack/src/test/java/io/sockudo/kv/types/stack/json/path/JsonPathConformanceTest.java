package io.sockudo.kv.types.stack.json.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sockudo.kv.types.stack.json.JsonParser;
import io.sockudo.kv.types.stack.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * JSONPath conformance: random documents and random paths (filters included), each path built as
 * a small model here, printed as text for the evaluator under test, and evaluated independently
 * on a Jackson tree by the reference below, which follows RedisJSON's documented rules. The two
 * must select the same values in the same order.
 */
class JsonPathConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] KEYS = {"a", "b", "c", "price", "tag"};
    private static final String[] STRINGS = {"", "a", "ab", "b", "x"};

    // ------------------------------------------------------------------ the path model

    interface Step {
        String text();
    }

    record Key(String name, boolean bracket) implements Step {
        public String text() {
            return bracket ? "['" + name + "']" : "." + name;
        }
    }

    record Keys(List<String> names) implements Step {
        public String text() {
            List<String> q = new ArrayList<>();
            for (String n : names) {
                q.add("\"" + n + "\"");
            }
            return "[" + String.join(",", q) + "]";
        }
    }

    record Indexes(List<Integer> idx) implements Step {
        public String text() {
            List<String> q = new ArrayList<>();
            for (int i : idx) {
                q.add(Integer.toString(i));
            }
            return "[" + String.join(",", q) + "]";
        }
    }

    record Slice(Integer start, Integer end, int step) implements Step {
        public String text() {
            return "[" + (start == null ? "" : start) + ":" + (end == null ? "" : end) + (step == 1 ? "" : ":" + step) + "]";
        }
    }

    record All(boolean bracket) implements Step {
        public String text() {
            return bracket ? "[*]" : ".*";
        }
    }

    /** {@code ..} followed by a key, {@code *} or a bracket step. */
    record Descent(Step next) implements Step {
        public String text() {
            String t = next.text();
            return ".." + (t.startsWith(".") ? t.substring(1) : t);
        }
    }

    record Filter(Expr e) implements Step {
        public String text() {
            return "[?(" + e.text() + ")]";
        }
    }

    interface Expr {
        String text();
    }

    record And(Expr l, Expr r) implements Expr {
        public String text() {
            return "(" + l.text() + " && " + r.text() + ")";
        }
    }

    record Or(Expr l, Expr r) implements Expr {
        public String text() {
            return "(" + l.text() + " || " + r.text() + ")";
        }
    }

    record Not(Expr e) implements Expr {
        public String text() {
            return "!(" + e.text() + ")";
        }
    }

    /** {@code term [op term]}; a term is a literal JSON node or a relative/absolute path. */
    record Cmp(Term l, String op, Term r) implements Expr {
        public String text() {
            return op == null ? l.text() : l.text() + " " + op + " " + r.text();
        }
    }

    record Term(JsonNode literal, boolean root, List<Step> path) {
        String text() {
            if (path == null) {
                return literal.isTextual() ? "\"" + literal.asText() + "\"" : literal.toString();
            }
            StringBuilder sb = new StringBuilder(root ? "$" : "@");
            for (Step s : path) {
                sb.append(s.text());
            }
            return sb.toString();
        }
    }

    // ------------------------------------------------------------------ the reference evaluator

    private static void eval(List<Step> steps, int i, JsonNode node, JsonNode root, List<JsonNode> out) {
        if (i == steps.size()) {
            out.add(node);
            return;
        }
        Step s = steps.get(i);
        if (s instanceof Key k) {
            if (node.isObject() && node.has(k.name())) {
                eval(steps, i + 1, node.get(k.name()), root, out);
            }
        } else if (s instanceof Keys ks) {
            if (node.isObject()) {
                for (String n : ks.names()) {
                    if (node.has(n)) {
                        eval(steps, i + 1, node.get(n), root, out);
                    }
                }
            }
        } else if (s instanceof Indexes ix) {
            if (node.isArray()) {
                int n = node.size();
                for (int idx : ix.idx()) {
                    int a = idx >= 0 ? Math.min(idx, n) : Math.max(idx + n, 0);
                    if (a < n) {
                        eval(steps, i + 1, node.get(a), root, out);
                    }
                }
            }
        } else if (s instanceof Slice sl) {
            if (node.isArray()) {
                int n = node.size();
                int from = sl.start() == null ? 0 : norm(sl.start(), n);
                int to = sl.end() == null ? n : norm(sl.end(), n);
                for (int k = from; k < to; k += sl.step()) {
                    eval(steps, i + 1, node.get(k), root, out);
                }
            }
        } else if (s instanceof All) {
            for (JsonNode ch : children(node)) {
                eval(steps, i + 1, ch, root, out);
            }
        } else if (s instanceof Descent d) {
            List<Step> rest = new ArrayList<>();
            rest.add(d.next());
            rest.addAll(steps.subList(i + 1, steps.size()));
            preorder(rest, node, root, out);
        } else if (s instanceof Filter f) {
            if (node.isArray() || node.isObject()) {
                for (JsonNode ch : children(node)) {
                    if (test(f.e(), ch, root)) {
                        eval(steps, i + 1, ch, root, out);
                    }
                }
            } else if (test(f.e(), node, root)) {
                eval(steps, i + 1, node, root, out);
            }
        }
    }

    private static void preorder(List<Step> rest, JsonNode node, JsonNode root, List<JsonNode> out) {
        eval(rest, 0, node, root, out);
        for (JsonNode ch : children(node)) {
            preorder(rest, ch, root, out);
        }
    }

    private static int norm(int i, int n) {
        return i >= 0 ? Math.min(i, n) : Math.max(i + n, 0);
    }

    private static List<JsonNode> children(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray() || node.isObject()) {
            Iterator<JsonNode> it = node.elements();
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static boolean test(Expr e, JsonNode cur, JsonNode root) {
        if (e instanceof And a) {
            return test(a.l(), cur, root) && test(a.r(), cur, root);
        }
        if (e instanceof Or o) {
            return test(o.l(), cur, root) || test(o.r(), cur, root);
        }
        if (e instanceof Not n) {
            return !test(n.e(), cur, root);
        }
        Cmp c = (Cmp) e;
        Object l = operand(c.l(), cur, root);
        if (c.op() == null) {
            return l != INVALID;
        }
        Object r = operand(c.r(), cur, root);
        boolean lDoc = c.l().path() != null;
        boolean rDoc = c.r().path() != null;
        switch (c.op()) {
            case "==":
                return equal(l, r, lDoc && rDoc);
            case "!=":
                return !equal(l, r, lDoc && rDoc);
            case "=~": {
                if (!lDoc || !(l instanceof JsonNode ln) || !ln.isTextual()) {
                    return false;
                }
                Object re = r instanceof JsonNode rn && rn.isTextual() ? rn.asText() : null;
                return re != null && Pattern.compile((String) re).matcher(ln.asText()).find();
            }
            default: {
                Integer cmp = compare(l, r);
                if (cmp == null) {
                    return false;
                }
                return switch (c.op()) {
                    case ">" -> cmp > 0;
                    case ">=" -> cmp >= 0;
                    case "<" -> cmp < 0;
                    default -> cmp <= 0;
                };
            }
        }
    }

    private static final Object INVALID = new Object();

    private static Object operand(Term t, JsonNode cur, JsonNode root) {
        if (t.path() == null) {
            return t.literal();
        }
        List<JsonNode> found = new ArrayList<>();
        eval(t.path(), 0, t.root() ? root : cur, root, found);
        return found.size() == 1 ? found.get(0) : INVALID;
    }

    private static boolean equal(Object a, Object b, boolean bothFromDocument) {
        if (bothFromDocument && a instanceof JsonNode x && b instanceof JsonNode y) {
            return deepEqual(x, y);
        }
        Integer c = compare(a, b);
        return c != null && c == 0;
    }

    private static boolean deepEqual(JsonNode x, JsonNode y) {
        if (x.isNumber() && y.isNumber()) {
            return x.isIntegralNumber() && y.isIntegralNumber() ? x.longValue() == y.longValue() : x.doubleValue() == y.doubleValue();
        }
        if (x.isObject() && y.isObject()) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!y.has(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (x.isArray() && y.isArray()) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!deepEqual(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return x.equals(y);
    }

    /** RedisJSON's ordering of scalars; null when the two do not compare. */
    private static Integer compare(Object a, Object b) {
        if (!(a instanceof JsonNode x) || !(b instanceof JsonNode y)) {
            return null;
        }
        if (x.isNumber() && y.isNumber()) {
            if (x.isIntegralNumber() && y.isIntegralNumber()) {
                return Long.compare(x.longValue(), y.longValue());
            }
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0 ? 0 : (x.doubleValue() > y.doubleValue() ? 1 : -1);
        }
        if (x.isTextual() && y.isTextual()) {
            byte[] p = x.asText().getBytes(StandardCharsets.UTF_8);
            byte[] q = y.asText().getBytes(StandardCharsets.UTF_8);
            return Integer.signum(java.util.Arrays.compareUnsigned(p, q));
        }
        if (x.isBoolean() && y.isBoolean()) {
            return Boolean.compare(x.booleanValue(), y.booleanValue());
        }
        if (x.isNull() && y.isNull()) {
            return 0;
        }
        return null;
    }

    // ------------------------------------------------------------------ generators

    private static JsonNode doc(Random r, int depth) {
        int kind = depth >= 4 ? r.nextInt(6) : depth == 0 ? 6 + r.nextInt(3) : r.nextInt(9);
        switch (kind) {
            case 0:
                return F.numberNode(r.nextInt(7) - 3);
            case 1:
                return F.numberNode((r.nextInt(9) - 4) / 2.0);
            case 2:
                return F.textNode(STRINGS[r.nextInt(STRINGS.length)]);
            case 3:
                return F.booleanNode(r.nextBoolean());
            case 4:
                return F.nullNode();
            case 5:
                return F.numberNode(r.nextInt(100));
            case 6:
            case 7: {
                ObjectNode o = F.objectNode();
                int n = depth == 0 ? 3 + r.nextInt(3) : r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    o.set(KEYS[r.nextInt(KEYS.length)], doc(r, depth + 1));
                }
                return o;
            }
            default: {
                ArrayNode a = F.arrayNode();
                int n = depth == 0 ? 2 + r.nextInt(3) : r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    a.add(doc(r, depth + 1));
                }
                return a;
            }
        }
    }

    private static List<Step> path(Random r, int depth, boolean inFilter) {
        List<Step> steps = new ArrayList<>();
        int n = 1 + r.nextInt(inFilter ? 2 : 3);
        for (int i = 0; i < n; i++) {
            steps.add(step(r, depth, inFilter));
        }
        return steps;
    }

    private static Step step(Random r, int depth, boolean inFilter) {
        int k = r.nextInt(inFilter || depth > 1 ? 7 : 9);
        switch (k) {
            case 0:
            case 1:
                return new Key(KEYS[r.nextInt(KEYS.length)], r.nextInt(4) == 0);
            case 2: {
                List<String> names = new ArrayList<>();
                int c = 1 + r.nextInt(3);
                for (int i = 0; i < c; i++) {
                    names.add(KEYS[r.nextInt(KEYS.length)]);
                }
                return new Keys(names);
            }
            case 3: {
                List<Integer> idx = new ArrayList<>();
                int c = 1 + r.nextInt(2);
                for (int i = 0; i < c; i++) {
                    idx.add(r.nextInt(9) - 4);
                }
                return new Indexes(idx);
            }
            case 4: {
                Integer s = r.nextBoolean() ? r.nextInt(9) - 4 : null;
                Integer e = r.nextBoolean() ? r.nextInt(9) - 4 : null;
                return new Slice(s, e, 1 + r.nextInt(3));
            }
            case 5:
                return new All(r.nextBoolean());
            case 6: {
                if (inFilter) {
                    return new Key(KEYS[r.nextInt(KEYS.length)], false);
                }
                Step next = r.nextBoolean() ? new Key(KEYS[r.nextInt(KEYS.length)], false)
                        : r.nextBoolean() ? new All(false) : new Indexes(List.of(r.nextInt(5) - 2));
                return new Descent(next);
            }
            default:
                return new Filter(expr(r, depth + 1));
        }
    }

    private static Expr expr(Random r, int depth) {
        int k = depth > 3 ? 3 : r.nextInt(6);
        switch (k) {
            case 0:
                return new And(expr(r, depth + 1), expr(r, depth + 1));
            case 1:
                return new Or(expr(r, depth + 1), expr(r, depth + 1));
            case 2:
                return new Not(expr(r, depth + 1));
            default: {
                Term left = pathTerm(r, depth);
                if (r.nextInt(5) == 0) {
                    return new Cmp(left, null, null);
                }
                String[] ops = {"==", "!=", "<", "<=", ">", ">=", "=~"};
                String op = ops[r.nextInt(ops.length)];
                Term right;
                if (op.equals("=~")) {
                    right = r.nextInt(4) == 0 ? pathTerm(r, depth) : new Term(F.textNode(r.nextBoolean() ? "^a" : "b$"), false, null);
                } else if (r.nextInt(4) == 0) {
                    right = pathTerm(r, depth);
                } else {
                    right = new Term(literal(r), false, null);
                }
                return new Cmp(left, op, right);
            }
        }
    }

    private static Term pathTerm(Random r, int depth) {
        if (r.nextInt(4) == 0) {
            return new Term(null, false, List.of());
        }
        return new Term(null, r.nextInt(6) == 0, path(r, depth + 1, true));
    }

    private static JsonNode literal(Random r) {
        switch (r.nextInt(6)) {
            case 0:
                return F.numberNode(r.nextInt(7) - 3);
            case 1:
                return F.numberNode((r.nextInt(9) - 4) / 2.0);
            case 2:
                return F.textNode(STRINGS[r.nextInt(STRINGS.length)]);
            case 3:
                return F.booleanNode(r.nextBoolean());
            case 4:
                return F.nullNode();
            default:
                return F.numberNode(r.nextInt(100));
        }
    }

    // ------------------------------------------------------------------ comparison

    /** Jackson node to the plain Java values {@link JsonValue#toJava} produces. */
    private static Object java(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(java(e)));
            return l;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> m.put(e.getKey(), java(e.getValue())));
        return m;
    }

    @Test
    void randomDocumentsAndPathsSelectLikeTheReference() throws Exception {
        Random r = new Random(20261207L);
        int compared = 0;
        int nonEmpty = 0;
        int filtered = 0;
        for (int round = 0; round < 3000; round++) {
            JsonNode generated = doc(r, 0);
            JsonNode doc = generated.isContainerNode() ? generated : F.objectNode().set("a", generated);
            byte[] text = MAPPER.writeValueAsBytes(doc);
            JsonValue value = new JsonValue(JsonParser.parse(text));
            for (int p = 0; p < 10; p++) {
                List<Step> steps = path(r, 0, false);
                StringBuilder sb = new StringBuilder("$");
                for (Step s : steps) {
                    sb.append(s.text());
                }
                String path = sb.toString();
                List<JsonNode> expected = new ArrayList<>();
                eval(steps, 0, doc, doc, expected);
                List<Object> want = new ArrayList<>();
                for (JsonNode e : expected) {
                    want.add(java(e));
                }
                List<Object> got = value.select(path);
                assertEquals(want, got, () -> "path " + path + " on " + doc);
                compared++;
                if (!want.isEmpty()) {
                    nonEmpty++;
                    if (path.contains("?(")) {
                        filtered++;
                    }
                }
            }
        }
        // the generator must produce paths that select something, or the test proves little
        org.junit.jupiter.api.Assertions.assertTrue(nonEmpty > compared / 8, nonEmpty + " of " + compared);
        org.junit.jupiter.api.Assertions.assertTrue(filtered > 300, filtered + " filtered paths selected something");
    }

    @Test
    void fixedCases() throws Exception {
        String store = "{\"store\":{\"book\":[{\"category\":\"reference\",\"author\":\"Nigel Rees\",\"title\":\"Sayings of the Century\",\"price\":8.95},"
                + "{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\",\"title\":\"Sword of Honour\",\"price\":12.99},"
                + "{\"category\":\"fiction\",\"author\":\"Herman Melville\",\"title\":\"Moby Dick\",\"isbn\":\"0-553-21311-3\",\"price\":8.99},"
                + "{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\",\"title\":\"The Lord of the Rings\",\"isbn\":\"0-395-19395-8\",\"price\":22.99}],"
                + "\"bicycle\":{\"color\":\"red\",\"price\":19.95}},\"expensive\":10}";
        JsonValue v = new JsonValue(JsonParser.parse(store.getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"), v.select("$.store.book[*].author"));
        assertEquals(List.of("Nigel Rees", "Evelyn Waugh", "Herman Melville", "J. R. R. Tolkien"), v.select("$..author"));
        assertEquals(List.of(8.95, 12.99, 8.99, 22.99, 19.95), v.select("$.store..price"));
        assertEquals(List.of("Moby Dick"), v.select("$..book[2].title"));
        assertEquals(List.of("The Lord of the Rings"), v.select("$..book[-1].title"));
        assertEquals(List.of("Sayings of the Century", "Sword of Honour"), v.select("$..book[0,1].title"));
        assertEquals(List.of("Sayings of the Century", "Sword of Honour"), v.select("$..book[:2].title"));
        assertEquals(List.of("Sayings of the Century", "Moby Dick"), v.select("$..book[0:4:2].title"));
        assertEquals(List.of("Moby Dick", "The Lord of the Rings"), v.select("$..book[?(@.isbn)].title"));
        assertEquals(List.of("Sayings of the Century", "Moby Dick"), v.select("$..book[?(@.price<10)].title"));
        assertEquals(List.of("Sayings of the Century", "Moby Dick"), v.select("$..book[?(@.price < $.expensive)].title"));
        assertEquals(List.of("Moby Dick"), v.select("$..book[?(@.price < 10 && @.category == \"fiction\")].title"));
        assertEquals(List.of("Sayings of the Century", "Moby Dick", "The Lord of the Rings"),
                v.select("$..book[?(@.price < 10 || (@.category == 'fiction' && @.price > 20))].title"));
        assertEquals(List.of("Sword of Honour", "The Lord of the Rings"), v.select("$..book[?(!(@.price < 10))].title"));
        assertEquals(List.of("Herman Melville"), v.select("$..book[?(@.author =~ \"M.*ll\")].author"));
        assertEquals(List.of("red"), v.select("$.store['bicycle'].color"));
        assertEquals(List.of("red", 19.95), v.select("$.store.bicycle['color','price']"));
        assertEquals(List.of(10L), v.select("$[\"expensive\"]"));
        assertEquals(List.of(10L), v.select("$.expensive[?(@ > 5)]"));
        assertEquals(List.of(), v.select("$.expensive[?(@ > 50)]"));
        assertEquals(4, ((List<?>) v.select("$.store.book").get(0)).size());
        assertEquals(List.of("Nigel Rees"), v.select(".store.book[0].author"));
    }
}
