package io.sockudo.kv.types.stack.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random edit sequences on the packed document, mirrored on a Jackson tree: after every command
 * the stored document must serialise to what the model holds. This exercises the in-place edits
 * (size fields of every enclosing container, counts, moved tails, growth) far beyond the examples.
 */
class EditModelTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] KEYS = {"a", "b", "cc", "dd", "e", "long_member_name_to_cross_varint_sizes"};

    /** Length of the long strings values may hold: large values take documents past 64 KB. */
    private int longString = 130;

    private JsonNode value(Random r, int depth) {
        int k = depth > 3 ? r.nextInt(5) : r.nextInt(8);
        switch (k) {
            case 0:
                return F.numberNode(r.nextInt(2000) - 1000);
            case 1:
                return F.textNode("s".repeat(r.nextInt(3) == 0 ? longString : r.nextInt(5)));
            case 2:
                return F.booleanNode(r.nextBoolean());
            case 3:
                return F.nullNode();
            case 4:
                return F.numberNode((long) r.nextInt() * 100000L);
            case 5:
            case 6: {
                ObjectNode o = F.objectNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(KEYS[r.nextInt(KEYS.length)], value(r, depth + 1));
                }
                return o;
            }
            default: {
                ArrayNode a = F.arrayNode();
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(r, depth + 1));
                }
                return a;
            }
        }
    }

    /** Every path (lists of String keys and Integer indexes) in the model, root first. */
    private static void paths(JsonNode n, List<Object> prefix, List<List<Object>> out) {
        out.add(new ArrayList<>(prefix));
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                prefix.add(e.getKey());
                paths(e.getValue(), prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                prefix.add(i);
                paths(n.get(i), prefix, out);
                prefix.remove(prefix.size() - 1);
            }
        }
    }

    private static String text(List<Object> p) {
        StringBuilder sb = new StringBuilder("$");
        for (Object o : p) {
            sb.append(o instanceof Integer ? "[" + o + "]" : "." + o);
        }
        return sb.toString();
    }

    private static JsonNode at(JsonNode root, List<Object> p) {
        JsonNode n = root;
        for (Object o : p) {
            n = o instanceof Integer i ? n.get(i) : n.get((String) o);
        }
        return n;
    }

    private static void replace(JsonNode root, List<Object> p, JsonNode v) {
        JsonNode parent = at(root, p.subList(0, p.size() - 1));
        Object last = p.get(p.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).set(i, v);
        } else {
            ((ObjectNode) parent).set((String) last, v);
        }
    }

    private static void remove(JsonNode root, List<Object> p) {
        JsonNode parent = at(root, p.subList(0, p.size() - 1));
        Object last = p.get(p.size() - 1);
        if (last instanceof Integer i) {
            ((ArrayNode) parent).remove(i);
        } else {
            ((ObjectNode) parent).remove((String) last);
        }
    }

    private static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode out = target != null && target.isObject() ? (ObjectNode) target : F.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                out.remove(e.getKey());
            } else {
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue()));
            }
        }
        return out;
    }

    private static long norm(long i, long len) {
        return i >= 0 ? Math.min(i, len - 1) : Math.max(len + i, 0);
    }

    @Test
    void randomEditsMatchTheModel() throws Exception {
        org.junit.jupiter.api.Assertions.assertTrue(run(new Random(7), 300) > 3000);
    }

    /** Documents grow past 64 KB (2-byte to 4-byte container fields) in the middle of edit sequences. */
    @Test
    void editsAcrossTheWidthLimit() throws Exception {
        longString = 25000;
        org.junit.jupiter.api.Assertions.assertTrue(run(new Random(11), 40) > 300);
        org.junit.jupiter.api.Assertions.assertTrue(wide > 5, wide + " documents went past 64 KB");
    }

    private int wide;

    private int run(Random r, int rounds) throws Exception {
        int edits = 0;
        for (int round = 0; round < rounds; round++) {
            FakeContext c = new FakeContext();
            JsonNode model = F.objectNode();
            ((ObjectNode) model).set("a", value(r, 1));
            ((ObjectNode) model).set("b", value(r, 1));
            if (longString > 1000) {
                // start just below 64 KB, so most growth crosses the limit
                ((ObjectNode) model).set("pad", F.textNode("p".repeat(60000 + r.nextInt(5000))));
            }
            c.run("JSON.SET", "k", "$", MAPPER.writeValueAsString(model));
            for (int step = 0; step < 40; step++) {
                List<List<Object>> all = new ArrayList<>();
                paths(model, new ArrayList<>(), all);
                List<Object> p = all.get(r.nextInt(all.size()));
                String path = text(p);
                JsonNode target = at(model, p);
                JsonNode v = value(r, 2);
                String vt = MAPPER.writeValueAsString(v);
                int op = r.nextInt(11);
                if (op == 0 && !p.isEmpty()) {
                    c.run("JSON.SET", "k", path, vt);
                    replace(model, p, v);
                } else if (op == 1 && target.isObject()) {
                    String key = KEYS[r.nextInt(KEYS.length)];
                    c.run("JSON.SET", "k", path + "." + key, vt);
                    ((ObjectNode) target).set(key, v);
                } else if (op == 2 && !p.isEmpty()) {
                    c.run("JSON.DEL", "k", path);
                    remove(model, p);
                } else if (op == 3 && target.isArray()) {
                    c.run("JSON.ARRAPPEND", "k", path, vt, "1");
                    ((ArrayNode) target).add(v).add(1);
                } else if (op == 4 && target.isArray()) {
                    int len = target.size();
                    int idx = r.nextInt(2 * len + 1) - len;
                    c.run("JSON.ARRINSERT", "k", path, Integer.toString(idx), vt);
                    ((ArrayNode) target).insert(idx < 0 ? len + idx : idx, v);
                } else if (op == 5 && target.isArray()) {
                    int idx = r.nextInt(9) - 4;
                    c.run("JSON.ARRPOP", "k", path, Integer.toString(idx));
                    if (target.size() > 0) {
                        ((ArrayNode) target).remove((int) norm(idx, target.size()));
                    }
                } else if (op == 6 && target.isArray()) {
                    int start = r.nextInt(7) - 3;
                    int stop = r.nextInt(7) - 3;
                    c.run("JSON.ARRTRIM", "k", path, Integer.toString(start), Integer.toString(stop));
                    long len = target.size();
                    long to = norm(stop, len);
                    long from = (start < 0 || start < len) ? norm(start, len) : to + 1;
                    ArrayNode kept = F.arrayNode();
                    if (!(from > to || len == 0)) {
                        for (long i = from; i <= to; i++) {
                            kept.add(target.get((int) i));
                        }
                    }
                    ((ArrayNode) target).removeAll().addAll(kept);
                } else if (op == 7 && target.isTextual()) {
                    String add = "x".repeat(r.nextInt(longString + 70));
                    c.run("JSON.STRAPPEND", "k", path, "\"" + add + "\"");
                    JsonNode nv = F.textNode(target.asText() + add);
                    if (p.isEmpty()) {
                        model = nv;
                    } else {
                        replace(model, p, nv);
                    }
                } else if (op == 8 && target.isIntegralNumber()) {
                    int by = r.nextInt(1 << 20) - (1 << 19);
                    c.run("JSON.NUMINCRBY", "k", path, Integer.toString(by));
                    replace(model, p, F.numberNode(target.longValue() + by));
                } else if (op == 9 && (target.isContainerNode() || target.isIntegralNumber())) {
                    c.run("JSON.CLEAR", "k", path);
                    if (target.isObject()) {
                        ((ObjectNode) target).removeAll();
                    } else if (target.isArray()) {
                        ((ArrayNode) target).removeAll();
                    } else {
                        replace(model, p, F.numberNode(0));
                    }
                } else if (op == 10 && target.isObject()) {
                    ObjectNode patch = F.objectNode();
                    patch.set(KEYS[r.nextInt(KEYS.length)], r.nextBoolean() ? F.nullNode() : v);
                    patch.set(KEYS[r.nextInt(KEYS.length)], value(r, 3));
                    c.run("JSON.MERGE", "k", path, MAPPER.writeValueAsString(patch));
                    JsonNode merged = merge(target, patch);
                    if (p.isEmpty()) {
                        model = merged;
                    } else {
                        replace(model, p, merged);
                    }
                } else {
                    continue;
                }
                edits++;
                String got = c.run("JSON.GET", "k");
                String want = MAPPER.writeValueAsString(model);
                assertEquals("$" + want.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n" + want + "\r\n", got,
                        "after op " + op + " at " + path);
            }
            if (!((JsonValue) c.data.get("k")).narrow()) {
                wide++;
            }
        }
        return edits;
    }
}
