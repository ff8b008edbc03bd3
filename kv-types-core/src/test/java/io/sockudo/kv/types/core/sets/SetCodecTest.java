package io.sockudo.kv.types.core.sets;

import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
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

    /** Test primitives: lengths as 8-byte longs, strings as length + bytes (the engine's encodings are not under test). */
    private static final class Out implements RdbOutput {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);

        public void writeLength(long length) throws IOException { out.writeLong(length); }
        public void writeString(byte[] v, int off, int len) throws IOException { out.writeLong(len); out.write(v, off, len); }
        public void writeBinaryDouble(double v) throws IOException { out.writeDouble(v); }
        public void writeRaw(byte[] v, int off, int len) throws IOException { out.write(v, off, len); }
        public void writeByte(int b) throws IOException { out.writeByte(b); }
    }

    private static final class In implements RdbInput {
        final DataInputStream in;

        In(byte[] data) { in = new DataInputStream(new ByteArrayInputStream(data)); }

        public long readLength() throws IOException { return in.readLong(); }
        public byte[] readString() throws IOException { byte[] b = new byte[(int) in.readLong()]; in.readFully(b); return b; }
        public double readBinaryDouble() throws IOException { return in.readDouble(); }
        public void readRaw(byte[] into, int off, int len) throws IOException { in.readFully(into, off, len); }
        public int readByte() throws IOException { return in.readUnsignedByte(); }
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
        SetCodec codec = new SetCodec(null);
        assertEquals(expectedType, codec.rdbType(v));
        Out out = new Out();
        codec.write(v, out);
        return (SetValue) codec.read(expectedType, new In(out.bytes.toByteArray()));
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
        assertThrows(IOException.class, () -> new SetCodec(null).read(99, new In(new byte[0])));
    }
}
