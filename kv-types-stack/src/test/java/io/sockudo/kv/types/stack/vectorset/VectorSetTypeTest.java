package io.sockudo.kv.types.stack.vectorset;

import io.sockudo.kv.spi.ModuleTypeDigest;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.types.stack.vectorset.hnsw.Hnsw;
import io.sockudo.kv.types.stack.vectorset.hnsw.Quant;
import io.sockudo.kv.types.stack.vectorset.hnsw.VectorMath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code vectorset} record: the item sequence of Redis 8's VectorSetRdbSave (checked item by
 * item on a hand-made set), exact round trips (elements, attributes, stored vectors, the graph
 * link by link, the entry point), and the checks that reject a corrupt or hostile record.
 */
class VectorSetTypeTest {
    /** One saved item: its kind (as the RedisModule_Save* call) and value. */
    record Item(char kind, Object value) {
    }

    /** Records the items a save writes; reads them back checking each kind, as Redis's loader does. */
    static final class Record implements ModuleTypeOutput, ModuleTypeInput {
        final List<Item> items = new ArrayList<>();
        int next;

        @Override
        public void saveUnsigned(long value) {
            items.add(new Item('u', value));
        }

        @Override
        public void saveSigned(long value) {
            items.add(new Item('s', value));
        }

        @Override
        public void saveDouble(double value) {
            items.add(new Item('d', value));
        }

        @Override
        public void saveFloat(float value) {
            items.add(new Item('f', value));
        }

        @Override
        public void saveString(byte[] value, int offset, int length) {
            items.add(new Item('b', Arrays.copyOfRange(value, offset, offset + length)));
        }

        private Object take(char kind) throws IOException {
            if (next >= items.size()) {
                throw new IOException("record ended");
            }
            Item i = items.get(next++);
            if (i.kind != kind) {
                throw new IOException("expected item " + kind + " but found " + i.kind);
            }
            return i.value;
        }

        @Override
        public long loadUnsigned() throws IOException {
            return (Long) take('u');
        }

        @Override
        public long loadSigned() throws IOException {
            return (Long) take('s');
        }

        @Override
        public double loadDouble() throws IOException {
            return (Double) take('d');
        }

        @Override
        public float loadFloat() throws IOException {
            return (Float) take('f');
        }

        @Override
        public byte[] loadString() throws IOException {
            return (byte[]) take('b');
        }

        String kinds() {
            StringBuilder sb = new StringBuilder();
            for (Item i : items) {
                sb.append(i.kind);
            }
            return sb.toString();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static VectorSet randomSet(int n, int dim, int quant, boolean attrs, boolean reduce, long seed) {
        Random r = new Random(seed);
        int inDim = reduce ? dim * 2 : dim;
        float[] proj = reduce ? VectorMath.projectionMatrix(inDim, dim) : null;
        VectorSet v = new VectorSet(dim, quant, 16, proj, reduce ? inDim : 0);
        for (int i = 0; i < n; i++) {
            float[] vec = new float[inDim];
            for (int j = 0; j < inDim; j++) {
                vec[j] = (float) r.nextGaussian();
            }
            if (reduce) {
                vec = VectorMath.project(vec, proj, inDim, dim);
            }
            v.add(vec, b("el:" + i), attrs && i % 2 == 0 ? b("{\"i\":" + i + "}") : null, 200);
        }
        return v;
    }

    static VectorSet roundTrip(VectorSet v) throws IOException {
        Record rec = new Record();
        VectorSetType.INSTANCE.save(v, rec);
        VectorSet back = (VectorSet) VectorSetType.INSTANCE.load(rec, 0);
        assertEquals(rec.items.size(), rec.next, "every item read back");
        return back;
    }

    static void assertSameSet(VectorSet a, VectorSet b) {
        assertEquals(a.size(), b.size());
        assertEquals(a.dim(), b.dim());
        assertEquals(a.quant(), b.quant());
        assertEquals(a.m(), b.m());
        assertEquals(a.attributeCount(), b.attributeCount());
        assertEquals(a.projectionInputDim(), b.projectionInputDim());
        assertArrayEquals(a.projection(), b.projection());
        assertEquals(a.maxLevel(), b.maxLevel());
        Hnsw ga = a.graph();
        Hnsw gb = b.graph();
        assertArrayEquals(ga.store.name(ga.entry()), gb.store.name(gb.entry()), "same entry point");
        for (int i = 0; i < ga.size(); i++) {
            int sa = ga.liveSlot(i);
            int sb = b.slotOf(ga.store.name(sa));
            assertTrue(sb >= 0);
            assertArrayEquals(ga.store.attr(sa), gb.store.attr(sb));
            assertArrayEquals(ga.store.rawVector(sa), gb.store.rawVector(sb));
            assertEquals(ga.store.l2(sa), gb.store.l2(sb));
            assertEquals(ga.store.range(sa), gb.store.range(sb));
            // the same params: ids, levels, links (by id) in the same order
            assertArrayEquals(ga.params(sa), gb.params(sb));
        }
    }

    @Test
    void itemSequence() throws IOException {
        VectorSet v = new VectorSet(2, Quant.Q8, 16, null, 0);
        v.add(new float[]{1, 1}, b("a"), b("{\"x\":1}"), 200);
        v.add(new float[]{-1, 1}, b("b"), null, 200);
        Record rec = new Record();
        VectorSetType.INSTANCE.save(v, rec);
        List<Item> it = rec.items;
        assertEquals(2L, it.get(0).value, "dimension");
        assertEquals(2L, it.get(1).value, "count");
        assertEquals((long) Quant.Q8 | 16L << 8, it.get(2).value, "quantisation | M << 8");
        assertEquals(2L, it.get(3).value, "flags: attributes, no projection");
        // element: name, attributes, vector, params count, params
        assertEquals("uuuu" + "bbbu" + "u".repeat(((Long) it.get(7).value).intValue())
                + "bbbu" + "u".repeat(rec.items.size() - 8 - ((Long) it.get(7).value).intValue() - 4),
                rec.kinds());
        int aFirst = Arrays.equals((byte[]) it.get(4).value, b("a")) ? 4 : 8 + ((Long) it.get(7).value).intValue();
        assertArrayEquals(b("{\"x\":1}"), (byte[]) it.get(aFirst + 1).value);
        assertArrayEquals(new byte[]{127, 127}, (byte[]) it.get(aFirst + 2).value, "int8 codes");
        long[] params = v.graph().params(v.slotOf(b("a")));
        assertEquals(1L, params[0], "node id");
        assertEquals(1L << 24, params[1] & ~0xffL, "serialisation version 1");
        int level = (int) (params[1] & 0xff);
        assertEquals(1L, params[2], "one link at layer 0");
        assertEquals(32L, params[3], "layer 0 holds 2M");
        assertEquals(2L, params[4], "linked to node 2");
        long packed = params[params.length - 1];
        assertEquals((float) Math.sqrt(2), Float.intBitsToFloat((int) packed), "l2 in the low half");
        assertEquals(v.graph().store.range(v.slotOf(b("a"))), Float.intBitsToFloat((int) (packed >>> 32)),
                "int8 range in the high half");
        assertEquals(2 + (level + 1) * 3 + 1 + 1, params.length);
        // the empty attribute of "b" is saved as an empty string
        int bFirst = aFirst == 4 ? 8 + ((Long) it.get(7).value).intValue() : 4;
        assertEquals(0, ((byte[]) it.get(bFirst + 1).value).length);
    }

    @ParameterizedTest
    @ValueSource(ints = {Quant.NONE, Quant.Q8, Quant.BIN})
    void roundTrips(int quant) throws IOException {
        VectorSet v = randomSet(700, 20, quant, true, false, quant);
        for (int i = 0; i < 700; i += 7) {
            v.remove(b("el:" + i));
        }
        VectorSet back = roundTrip(v);
        assertSameSet(v, back);
        assertNotEquals(v.uid(), back.uid());
        // the loaded set keeps working: inserts and deletes, and a second round trip is identical
        back.add(new float[20], b("zero"), null, 200);
        back.remove(b("el:1"));
        assertSameSet(back, roundTrip(back));
    }

    @Test
    void projectionAndNoAttributes() throws IOException {
        VectorSet v = randomSet(200, 8, Quant.Q8, false, true, 3);
        Record rec = new Record();
        VectorSetType.INSTANCE.save(v, rec);
        assertEquals(1L, rec.items.get(3).value, "flags: projection only");
        assertEquals(16L, rec.items.get(4).value, "projection input dimension");
        assertEquals(16 * 8 * 4, ((byte[]) rec.items.get(5).value).length, "matrix as floats");
        assertSameSet(v, roundTrip(v));
    }

    @Test
    void copyIsDeep() throws IOException {
        VectorSet v = randomSet(300, 4, Quant.Q8, true, true, 4);
        for (int i = 0; i < 300; i += 5) {
            v.remove(b("el:" + i));
        }
        VectorSet c = (VectorSet) v.copy();
        assertSameSet(v, c);
        assertNotEquals(v.uid(), c.uid());
        assertEquals(v.memoryUsage(), c.memoryUsage());
        // changes to one leave the other alone, both ways
        c.remove(b("el:1"));
        c.setAttr(b("el:2"), b("{\"changed\": 1}"));
        c.add(new float[]{1, 2, 3, 4}, b("only-in-copy"), null, 200);
        assertTrue(v.slotOf(b("el:1")) >= 0);
        assertArrayEquals(b("{\"i\":2}"), v.graph().store.attr(v.slotOf(b("el:2"))));
        assertTrue(v.slotOf(b("only-in-copy")) < 0);
        v.remove(b("el:3"));
        assertTrue(c.slotOf(b("el:3")) >= 0);
        assertSameSet(c, roundTrip(c));
    }

    @Test
    void emptyAttributeOnLoadMeansNone() throws IOException {
        VectorSet v = new VectorSet(2, Quant.NONE, 16, null, 0);
        v.add(new float[]{1, 0}, b("a"), b("{}"), 200);
        v.add(new float[]{0, 1}, b("b"), null, 200);
        VectorSet back = roundTrip(v);
        assertNull(back.graph().store.attr(back.slotOf(b("b"))));
        assertEquals(1, back.attributeCount());
    }

    /** Mixes each sequence's items in order and xors the sequences, as Redis's digest does. */
    static final class Digest implements ModuleTypeDigest {
        long seq = 17;
        long total;
        int sequences;

        @Override
        public void addStringBuffer(byte[] data, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                seq = seq * 31 + data[i];
            }
            seq = seq * 1_000_003;
        }

        @Override
        public void addLongLong(long value) {
            addStringBuffer(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void endSequence() {
            total ^= seq;
            seq = 17;
            sequences++;
        }
    }

    static long digest(VectorSet v) {
        Digest d = new Digest();
        VectorSetType.INSTANCE.digest(v, d);
        assertEquals(v.size() + 1, d.sequences, "a header and one sequence per element");
        return d.total;
    }

    @Test
    void digestIgnoresOrderAndSeesEveryField() throws IOException {
        VectorSet x = new VectorSet(3, Quant.Q8, 16, null, 0);
        VectorSet y = new VectorSet(3, Quant.Q8, 16, null, 0);
        for (int i = 0; i < 50; i++) {
            x.add(new float[]{i, 1, -i}, b("e" + i), i % 3 == 0 ? b("{\"i\":" + i + "}") : null, 200);
        }
        for (int i = 49; i >= 0; i--) {
            y.add(new float[]{i, 1, -i}, b("e" + i), i % 3 == 0 ? b("{\"i\":" + i + "}") : null, 200);
        }
        assertEquals(digest(x), digest(y), "insertion order does not matter");
        assertEquals(digest(x), digest(roundTrip(x)), "a reloaded set digests alike");
        long before = digest(y);
        y.setAttr(b("e1"), b("{}"));
        assertNotEquals(before, digest(y), "attributes count");
        y.setAttr(b("e1"), b(""));
        assertEquals(before, digest(y));
        y.add(new float[]{1, 2, 3}, b("e1"), null, 200);
        assertNotEquals(before, digest(y), "vectors count");
    }

    // ---------------------------------------------------------------------------------------
    // Corrupt records
    // ---------------------------------------------------------------------------------------

    private static Record saved(VectorSet v) throws IOException {
        Record rec = new Record();
        VectorSetType.INSTANCE.save(v, rec);
        return rec;
    }

    private static void rejects(Record rec) {
        rec.next = 0;
        assertThrows(IOException.class, () -> VectorSetType.INSTANCE.load(rec, 0));
    }

    /** Index of the first params item of the element saved first (after name and vector). */
    private static int firstParams(Record rec) {
        return 4 + 2 + 1; // header, name, vector, params count
    }

    @Test
    void corruptRecordsAreRejected() throws IOException {
        VectorSet v = randomSet(30, 4, Quant.Q8, false, false, 5);

        Record badDim = saved(v);
        badDim.items.set(0, new Item('u', 0L));
        rejects(badDim);

        Record bigDim = saved(v);
        bigDim.items.set(0, new Item('u', 70000L));
        rejects(bigDim);

        Record badQuant = saved(v);
        badQuant.items.set(2, new Item('u', 7L | 16L << 8));
        rejects(badQuant);

        Record shortVector = saved(v);
        shortVector.items.set(5, new Item('b', new byte[3]));
        rejects(shortVector);

        Record zeroId = saved(v);
        zeroId.items.set(firstParams(zeroId), new Item('u', 0L));
        rejects(zeroId);

        Record deepLevel = saved(v);
        deepLevel.items.set(firstParams(deepLevel) + 1, new Item('u', 1L << 24 | 17));
        rejects(deepLevel);

        Record futureVersion = saved(v);
        long p1 = (Long) futureVersion.items.get(firstParams(futureVersion) + 1).value;
        futureVersion.items.set(firstParams(futureVersion) + 1, new Item('u', (p1 & 0xff) | 2L << 24));
        rejects(futureVersion);

        // a link to a node id that does not exist
        Record dangling = saved(v);
        dangling.items.set(firstParams(dangling) + 4, new Item('u', 999_999L));
        rejects(dangling);

        // a link whose reverse is missing: point it at another existing node
        Record oneWay = saved(v);
        int at = firstParams(oneWay) + 4;
        long target = (Long) oneWay.items.get(at).value;
        long other = target == 1 ? 2 : 1;
        long self = (Long) oneWay.items.get(firstParams(oneWay)).value;
        if (other == self) {
            other = 3;
        }
        oneWay.items.set(at, new Item('u', other));
        rejects(oneWay);

        // two elements with the same name
        Record dupName = saved(v);
        int second = firstParams(dupName) + ((Long) dupName.items.get(6).value).intValue();
        dupName.items.set(second, new Item('b', (byte[]) dupName.items.get(4).value));
        rejects(dupName);

        // the wrong item kind (a double where an unsigned is expected)
        Record wrongKind = saved(v);
        wrongKind.items.set(1, new Item('d', 1.0));
        rejects(wrongKind);

        // truncated
        Record truncated = saved(v);
        truncated.items.remove(truncated.items.size() - 1);
        rejects(truncated);

        assertThrows(IOException.class, () -> VectorSetType.INSTANCE.load(saved(v), 1), "unknown encoding version");
    }
}
