package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** RDB bodies byte for byte as redis-server 7.0.15's DUMP (taken with rdbcompression no). */
class ZSetCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    /** DUMP of ZADD small 1 a 2.5 bb -3 ccc 100000 123 (listpack): type, string length, listpack. */
    private static final String SMALL = "1124" + "2400000008008363636304dffd0281610201018262620383322e35047b01f2a0860104ff";
    /** DUMP of ZADD nz -0 a 1.1 b inf c -inf d 12345678901234 e -5000 f 40000 g. */
    private static final String NZ = "114050" + "500000000e00816402842d696e6605816602f178ec038161020001816202"
            + "92312e3130303030303030303030303030303113816702f2409c0004816502f4f22fce733a0b00000981630283696e6604ff";
    /** DUMP of the same four members as SMALL's first three plus x=inf, skiplist-encoded (ZSET_2). */
    private static final String BIG = "0504" + "0178000000000000f07f" + "02626200000000000004400161000000000000f03f"
            + "0363636300000000000008c0";

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ZSetValue packed(Object... pairs) {
        ZSetValue z = ZSetValue.createPacked();
        for (int i = 0; i < pairs.length; i += 2) {
            z.put(b((String) pairs[i + 1]), ((Number) pairs[i]).doubleValue(), ZSetLimits.NONE);
        }
        return z;
    }

    @Test
    void listpackBytesAsRedis() throws IOException {
        ZSetValue small = packed(1, "a", 2.5, "bb", -3, "ccc", 100000, "123");
        assertEquals(SMALL.substring(4), HEX.formatHex(ZSetCodec.listpack(small)));
        ZSetValue nz = packed(-0.0, "a", 1.1, "b", Double.POSITIVE_INFINITY, "c", Double.NEGATIVE_INFINITY, "d",
                12345678901234L, "e", -5000, "f", 40000, "g");
        assertEquals(NZ.substring(6), HEX.formatHex(ZSetCodec.listpack(nz)));
        assertEquals(ZSetCodec.ZSET_LISTPACK, ZSetCodec.INSTANCE.rdbType(nz));
    }

    @Test
    void readsRedisPayloads() throws IOException {
        for (String payload : new String[]{SMALL, NZ, BIG}) {
            Input in = new Input(HEX.parseHex(payload));
            int type = in.readByte();
            ZSetValue z = (ZSetValue) ZSetCodec.INSTANCE.read(type, in);
            assertEquals(in.data.length, in.pos, "whole payload consumed");
            assertEquals(payload == SMALL ? 4 : payload == NZ ? 7 : 4, z.size());
        }
        ZSetValue z = (ZSetValue) ZSetCodec.INSTANCE.read(ZSetCodec.ZSET_2, skipType(BIG));
        assertEquals(Double.POSITIVE_INFINITY, z.score(b("x")));
        assertEquals(-3.0, z.score(b("ccc")));
        ZSetValue s = (ZSetValue) ZSetCodec.INSTANCE.read(ZSetCodec.ZSET_LISTPACK, skipType(SMALL));
        assertEquals(100000.0, s.score(b("123")));
        assertEquals(-3.0, s.score(b("ccc")));
    }

    private static Input skipType(String payload) {
        Input in = new Input(HEX.parseHex(payload));
        in.readByte();
        return in;
    }

    @Test
    void skiplistWritesGreatestFirstAsRedis() throws IOException {
        ZSetValue z = ZSetValue.createTree(4);
        z.put(b("a"), 1, ZSetLimits.NONE);
        z.put(b("bb"), 2.5, ZSetLimits.NONE);
        z.put(b("ccc"), -3, ZSetLimits.NONE);
        z.put(b("x"), Double.POSITIVE_INFINITY, ZSetLimits.NONE);
        Output out = new Output();
        out.writeByte(ZSetCodec.INSTANCE.rdbType(z));
        ZSetCodec.INSTANCE.write(z, out);
        assertEquals(BIG, HEX.formatHex(out.buf.toByteArray()));
    }

    @Test
    void roundTripBothEncodings() throws IOException {
        for (ZSetValue z : new ZSetValue[]{packed(1, "a", 2, "b", 300000, "c", -7.25, "{{x}}"), ZSetValue.createTree(4)}) {
            if (!z.isPacked()) {
                for (int i = 0; i < 300; i++) {
                    z.put(b("m" + i), i * 0.5, ZSetLimits.NONE);
                }
            }
            Output out = new Output();
            ZSetCodec.INSTANCE.write(z, out);
            ZSetValue back = (ZSetValue) ZSetCodec.INSTANCE.read(ZSetCodec.INSTANCE.rdbType(z),
                    new Input(out.buf.toByteArray()));
            List<String> a = new ArrayList<>();
            List<String> c = new ArrayList<>();
            z.forEach((buf, off, len, score) -> a.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + score));
            back.forEach((buf, off, len, score) -> c.add(new String(buf, off, len, StandardCharsets.ISO_8859_1) + score));
            assertEquals(a, c);
        }
    }

    @Test
    void readsZiplist() throws IOException {
        // ziplist of "a", 1, "b", "2.5" (zlbytes, zltail, zllen, entries with prevlen, end)
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        zl.writeBytes(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 4, 0});
        zl.writeBytes(new byte[]{0, 0x01, 'a'});
        zl.writeBytes(new byte[]{3, (byte) 0xF2});
        zl.writeBytes(new byte[]{2, 0x01, 'b'});
        zl.writeBytes(new byte[]{3, 0x03, '2', '.', '5'});
        zl.write(0xFF);
        byte[][] items = ZSetCodec.parseZiplist(zl.toByteArray());
        assertArrayEquals(b("a"), items[0]);
        assertArrayEquals(b("1"), items[1]);
        assertArrayEquals(b("2.5"), items[3]);
    }

    /** Plain RDB strings and lengths (no integer or LZF encodings: DUMPs were taken without compression). */
    private static final class Output implements RdbOutput {
        final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        @Override
        public void writeLength(long length) {
            if (length < 64) {
                buf.write((int) length);
            } else {
                buf.write(0x40 | (int) (length >>> 8));
                buf.write((int) (length & 0xFF));
            }
        }

        @Override
        public void writeString(byte[] value, int offset, int length) {
            if (length < 64) {
                buf.write(length);
            } else {
                buf.write(0x40 | (length >>> 8));
                buf.write(length & 0xFF);
            }
            buf.write(value, offset, length);
        }

        @Override
        public void writeBinaryDouble(double value) {
            buf.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
        }

        @Override
        public void writeRaw(byte[] value, int offset, int length) {
            buf.write(value, offset, length);
        }

        @Override
        public void writeByte(int b) {
            buf.write(b);
        }
    }

    private static final class Input implements RdbInput {
        final byte[] data;
        int pos;

        Input(byte[] data) {
            this.data = data;
        }

        @Override
        public long readLength() {
            int b = data[pos++] & 0xFF;
            if ((b & 0xC0) == 0) {
                return b;
            }
            return ((b & 0x3F) << 8) | (data[pos++] & 0xFF);
        }

        @Override
        public byte[] readString() {
            int len = (int) readLength();
            byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + len);
            pos += len;
            return out;
        }

        @Override
        public double readBinaryDouble() {
            double d = ByteBuffer.wrap(data, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
            pos += 8;
            return d;
        }

        @Override
        public void readRaw(byte[] into, int offset, int length) {
            System.arraycopy(data, pos, into, offset, length);
            pos += length;
        }

        @Override
        public int readByte() {
            return data[pos++] & 0xFF;
        }
    }
}
