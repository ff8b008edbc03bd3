package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.types.core.rdb.TestRdb;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The set RDB codec: Redis's intset blob byte for byte, and round trips of both encodings. */
class SetCodecTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void intsetBlobMatchesRedis() {
        // DUMP of SADD s 1 2 3 and SADD w 1 70000 in redis-server 7.0.15 (after the type byte and string length)
        SetValue s = SetValue.builder(512).add(b("3")).add(b("1")).add(b("2")).build();
        assertArrayEquals(new byte[] {2, 0, 0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0}, s.intSet().toBlob());
        SetValue w = SetValue.builder(512).add(b("1")).add(b("70000")).build();
        assertArrayEquals(new byte[] {4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0x70, 0x11, 1, 0}, w.intSet().toBlob());
        assertNull(IntSet.fromBlob(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 1, 0}), "unsorted");
        assertNull(IntSet.fromBlob(new byte[] {3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0}), "bad width");
        assertNull(IntSet.fromBlob(new byte[] {2, 0, 0, 0, 2, 0, 0, 0, 1, 0}), "short");
    }

    private static SetValue roundTrip(SetValue v, int expectedType) throws IOException {
        SetCodec codec = SetCodec.INSTANCE;
        assertEquals(expectedType, codec.rdbType(v));
        return (SetValue) TestRdb.read(codec, TestRdb.write(codec, v), TestRdb.config());
    }

    private static Set<String> members(SetValue v) {
        Set<String> out = new HashSet<>();
        for (int i = v.next(0); i >= 0; i = v.next(i + 1)) {
            out.add(new String(v.memberAt(i), StandardCharsets.ISO_8859_1));
        }
        return out;
    }

    @Test
    void roundTrips() throws IOException {
        SetValue.Builder ints = SetValue.builder(512);
        SetValue.Builder strs = SetValue.builder(512);
        SetValue.Builder many = SetValue.builder(10_000);
        for (int i = 0; i < 600; i++) {
            ints.add(b(Integer.toString(i * 1000 - 5000)));
            strs.add(b("m" + i));
            many.add(b(Integer.toString(i)));
        }
        SetValue i1 = ints.build();
        i1.addLong(Long.MIN_VALUE, Long.MAX_VALUE);
        // 600 integers over the default threshold: written as a plain set, loaded as a hashtable
        SetValue back = roundTrip(i1, SetCodec.RDB_TYPE_SET);
        assertEquals(members(i1), members(back));
        assertEquals("hashtable", back.encoding());
        SetValue s = strs.build();
        assertEquals(members(s), members(roundTrip(s, SetCodec.RDB_TYPE_SET)));
        // a 600-member intset (threshold raised) loads back as a hashtable at the default 512, as Redis would
        SetValue m = many.build();
        assertEquals("intset", m.encoding());
        SetValue mb = roundTrip(m, SetCodec.RDB_TYPE_SET_INTSET);
        assertEquals(members(m), members(mb));
        assertEquals("hashtable", mb.encoding());
        SetValue small = SetValue.builder(512).add(b("7")).add(b("-3")).build();
        SetValue sb = roundTrip(small, SetCodec.RDB_TYPE_SET_INTSET);
        assertEquals("intset", sb.encoding());
        assertEquals(members(small), members(sb));
        assertThrows(IOException.class, () -> SetCodec.INSTANCE.read(99, new TestRdb.In(new byte[0], null)));
    }
}
