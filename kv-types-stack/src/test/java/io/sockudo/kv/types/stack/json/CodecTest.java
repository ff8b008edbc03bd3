package io.sockudo.kv.types.stack.json;

import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ReJSON-RL module-type record: RedisJSON's item sequence, round trip, older versions. */
class CodecTest {
    /** Records items as "kind:value" and plays them back, checking each kind on load. */
    static final class Items implements ModuleTypeOutput, ModuleTypeInput {
        final List<String> kinds = new ArrayList<>();
        final Deque<Object[]> queue = new ArrayDeque<>();

        public void saveUnsigned(long v) {
            kinds.add("unsigned");
            queue.add(new Object[] {"unsigned", v});
        }

        public void saveSigned(long v) {
            kinds.add("signed");
            queue.add(new Object[] {"signed", v});
        }

        public void saveDouble(double v) {
            kinds.add("double");
            queue.add(new Object[] {"double", v});
        }

        public void saveFloat(float v) {
            kinds.add("float");
            queue.add(new Object[] {"float", v});
        }

        public void saveString(byte[] v, int off, int len) {
            kinds.add("string");
            queue.add(new Object[] {"string", java.util.Arrays.copyOfRange(v, off, off + len)});
        }

        private Object next(String kind) throws IOException {
            Object[] item = queue.poll();
            if (item == null || !item[0].equals(kind)) {
                throw new IOException("expected " + kind);
            }
            return item[1];
        }

        public long loadUnsigned() throws IOException {
            return (Long) next("unsigned");
        }

        public long loadSigned() throws IOException {
            return (Long) next("signed");
        }

        public double loadDouble() throws IOException {
            return (Double) next("double");
        }

        public float loadFloat() throws IOException {
            return (Float) next("float");
        }

        public byte[] loadString() throws IOException {
            return (byte[]) next("string");
        }
    }

    private static JsonValue doc(String json) {
        return new JsonValue(JsonParser.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String text(JsonValue v) {
        Scratch s = new Scratch();
        JsonWriter.COMPACT.value(v.bytes(), 0, s);
        return new String(s.buf, 0, s.len, StandardCharsets.UTF_8);
    }

    @Test
    void typeNameAndVersion() {
        assertEquals("ReJSON-RL", JsonCodec.INSTANCE.typeName());
        assertEquals(3, JsonCodec.INSTANCE.encodingVersion());
        assertEquals("ReJSON-RL", JsonType.INSTANCE.name());
        assertEquals(JsonCodec.INSTANCE, JsonType.INSTANCE.moduleCodec());
    }

    @Test
    void savesOneStringOfCompactJsonAndLoadsItBack() throws IOException {
        String json = "{\"a\":[1,1.0,-0.0,18446744073709551615,\"é\\n\"],\"b\":{\"c\":null,\"d\":true}}";
        JsonValue v = doc(json);
        Items items = new Items();
        JsonCodec.INSTANCE.save(v, items);
        assertEquals(List.of("string"), items.kinds);
        assertEquals(json, new String((byte[]) items.queue.peek()[1], StandardCharsets.UTF_8));
        JsonValue back = (JsonValue) JsonCodec.INSTANCE.load(items, 3);
        assertEquals(json, text(back));
        assertEquals(0, items.queue.size());
    }

    @Test
    void loadsVersionTwoWithItsSearchFields() throws IOException {
        Items items = new Items();
        items.saveString("[1,2]".getBytes(StandardCharsets.UTF_8));
        items.saveUnsigned(1);
        items.saveString("idx".getBytes(StandardCharsets.UTF_8));
        items.saveString("field".getBytes(StandardCharsets.UTF_8));
        assertEquals("[1,2]", text((JsonValue) JsonCodec.INSTANCE.load(items, 2)));
        assertEquals(0, items.queue.size());
        items.saveString("{}".getBytes(StandardCharsets.UTF_8));
        items.saveUnsigned(0);
        assertEquals("{}", text((JsonValue) JsonCodec.INSTANCE.load(items, 2)));
    }

    @Test
    void refusesWhatItCannotRead() throws IOException {
        Items items = new Items();
        items.saveString("{".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> JsonCodec.INSTANCE.load(items, 3));
        Items other = new Items();
        other.saveUnsigned(5);
        assertThrows(IOException.class, () -> JsonCodec.INSTANCE.load(other, 3));
        assertThrows(IOException.class, () -> JsonCodec.INSTANCE.load(new Items(), 0));
        assertThrows(IOException.class, () -> JsonCodec.INSTANCE.load(new Items(), 4));
    }

    @Test
    void loadsDocumentsDeeperThanACommandMaySet() throws IOException {
        String deep = "[".repeat(300) + "]".repeat(300);
        Items items = new Items();
        items.saveString(deep.getBytes(StandardCharsets.UTF_8));
        assertEquals(deep, text((JsonValue) JsonCodec.INSTANCE.load(items, 3)));
    }

    @Test
    void copyIsDeepAndMemoryIsReported() {
        JsonValue v = doc("{\"a\":[1,2,3]}");
        JsonValue c = (JsonValue) v.copy();
        c.replace(0, JsonParser.parse("1".getBytes(StandardCharsets.UTF_8)), 0, 2);
        assertEquals("{\"a\":[1,2,3]}", text(v));
        assertEquals("1", text(c));
        assertEquals("raw", v.encoding());
        org.junit.jupiter.api.Assertions.assertTrue(v.memoryUsage() >= v.length());
    }
}
