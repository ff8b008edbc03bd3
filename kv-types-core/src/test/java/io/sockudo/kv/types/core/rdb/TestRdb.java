package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

/**
 * The RDB primitives for codec tests, in the real format (lengths, integer-encoded strings; no
 * LZF, which the kernel's writer adds): what a codec writes here is what it writes into a DUMP
 * payload with {@code rdbcompression no}.
 */
public final class TestRdb {
    private TestRdb() {
    }

    /** A configuration from name/value pairs (absent names answer null / 0). */
    public static ServerConfigView config(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new ServerConfigView() {
            @Override
            public String get(String name) {
                return m.get(name);
            }

            @Override
            public long getLong(String name) {
                String v = m.get(name);
                return v == null ? defaults(name) : Long.parseLong(v);
            }
        };
    }

    private static long defaults(String name) {
        switch (name) {
            case "hash-max-listpack-entries":
            case "set-max-intset-entries":
                return 512;
            case "hash-max-listpack-value":
            case "zset-max-listpack-value":
                return 64;
            case "zset-max-listpack-entries":
                return 128;
            case "list-max-listpack-size":
                return -2;
            default:
                return 0;
        }
    }

    /** The type byte and body a codec writes. */
    public static byte[] write(ValueCodec codec, KvValue v) throws IOException {
        Out out = new Out();
        out.writeByte(codec.rdbType(v));
        codec.write(v, out);
        return out.bytes();
    }

    /** Reads what {@link #write} produced. */
    public static KvValue read(ValueCodec codec, byte[] payload, ServerConfigView config) throws IOException {
        In in = new In(payload, config);
        int type = in.readByte();
        KvValue v = codec.read(type, in);
        if (in.remaining() != 0) {
            throw new IOException("trailing bytes: " + in.remaining());
        }
        return v;
    }

    /**
     * Reads {@code rounds} corrupted copies of {@code payload} (truncations, flipped bits, bytes
     * overwritten with small and large values, bytes inserted): each must load as some value (or
     * none) or fail with an {@link IOException}: never an unchecked exception, an error, or an
     * allocation sized by a corrupt count.
     */
    public static void fuzz(ValueCodec codec, byte[] payload, java.util.Random rnd, int rounds,
                            ServerConfigView config) {
        for (int r = 0; r < rounds; r++) {
            byte[] p;
            int kind = rnd.nextInt(5);
            if (kind == 0) {
                p = java.util.Arrays.copyOf(payload, 1 + rnd.nextInt(Math.max(1, payload.length - 1)));
            } else if (kind == 4 && payload.length > 2) {
                int at = 1 + rnd.nextInt(payload.length - 1);
                p = new byte[payload.length + 1];
                System.arraycopy(payload, 0, p, 0, at);
                p[at] = (byte) rnd.nextInt(256);
                System.arraycopy(payload, at, p, at + 1, payload.length - at);
            } else {
                p = payload.clone();
                int changes = 1 + rnd.nextInt(3);
                for (int c = 0; c < changes && p.length > 1; c++) {
                    int at = 1 + rnd.nextInt(p.length - 1); // keep the type byte
                    switch (kind) {
                        case 1 -> p[at] ^= (byte) (1 << rnd.nextInt(8));
                        case 2 -> p[at] = (byte) rnd.nextInt(4);
                        default -> p[at] = (byte) (0xF0 | rnd.nextInt(16));
                    }
                }
            }
            try {
                read(codec, p, config);
            } catch (IOException expected) {
                // refused: fine
            } catch (RuntimeException | Error e) {
                throw new AssertionError("corrupt payload " + hex(p) + " (from " + hex(payload) + ") threw " + e, e);
            }
        }
    }

    /** The 40 hex digits of what a codec's digest feeds, computed as Redis's {@code debug.c} does. */
    public static String digest(ValueCodec codec, KvValue v) {
        Sha1 d = new Sha1();
        codec.digest(v, d);
        return hex(d.state);
    }

    /** Redis's mixDigest/xorDigest over a 20-byte state. */
    public static final class Sha1 implements ValueDigest {
        final byte[] state = new byte[20];

        private static byte[] sha1(byte[] b, int off, int len) {
            try {
                MessageDigest md = MessageDigest.getInstance("SHA-1");
                md.update(b, off, len);
                return md.digest();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private static void xorInto(byte[] target, byte[] b, int off, int len) {
            byte[] h = sha1(b, off, len);
            for (int i = 0; i < 20; i++) {
                target[i] ^= h[i];
            }
        }

        private static void mixInto(byte[] target, byte[] b, int off, int len) {
            xorInto(target, b, off, len);
            System.arraycopy(sha1(target, 0, 20), 0, target, 0, 20);
        }

        @Override
        public void mix(byte[] data, int offset, int length) {
            mixInto(state, data, offset, length);
        }

        @Override
        public void xor(byte[] data, int offset, int length) {
            xorInto(state, data, offset, length);
        }

        @Override
        public void xorPair(byte[] a, int ao, int al, byte[] b, int bo, int bl) {
            byte[] e = new byte[20];
            mixInto(e, a, ao, al);
            mixInto(e, b, bo, bl);
            xorInto(state, e, 0, 20); // Redis's xorDigest(digest, eledigest, 20) hashes the element digest

        }
    }

    public static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    public static byte[] unhex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Writes the RDB primitives into memory. */
    public static final class Out implements RdbOutput {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        public byte[] bytes() {
            return b.toByteArray();
        }

        @Override
        public void writeLength(long len) {
            if (len >= 0 && len < 64) {
                b.write((int) len);
            } else if (len >= 0 && len < 16384) {
                b.write((int) (0x40 | (len >>> 8)));
                b.write((int) len & 0xff);
            } else if (len >= 0 && len <= 0xffffffffL) {
                b.write(0x80);
                for (int i = 3; i >= 0; i--) {
                    b.write((int) (len >>> (8 * i)) & 0xff);
                }
            } else {
                b.write(0x81);
                for (int i = 7; i >= 0; i--) {
                    b.write((int) (len >>> (8 * i)) & 0xff);
                }
            }
        }

        @Override
        public void writeString(byte[] v, int off, int len) {
            if (len > 0 && len <= 11 && Args.isLong(v, off, len)) {
                long n = Args.parseLongUnchecked(v, off, len);
                if (n >= -128 && n <= 127) {
                    b.write(0xC0);
                    b.write((int) n & 0xff);
                    return;
                } else if (n >= -32768 && n <= 32767) {
                    b.write(0xC1);
                    le(n, 2);
                    return;
                } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
                    b.write(0xC2);
                    le(n, 4);
                    return;
                }
            }
            writeLength(len);
            b.write(v, off, len);
        }

        @Override
        public boolean writeCompressedNode(byte[] value, int offset, int length) {
            return false;
        }

        @Override
        public void writeBinaryDouble(double value) {
            le(Double.doubleToRawLongBits(value), 8);
        }

        @Override
        public void writeMillis(long millis) {
            le(millis, 8);
        }

        @Override
        public void writeRaw(byte[] value, int offset, int length) {
            b.write(value, offset, length);
        }

        @Override
        public void writeByte(int x) {
            b.write(x & 0xff);
        }

        private void le(long v, int n) {
            for (int i = 0; i < n; i++) {
                b.write((int) (v >>> (8 * i)) & 0xff);
            }
        }
    }

    /** Reads the RDB primitives from memory, bounds-checked like the kernel's reader. */
    public static final class In implements RdbInput {
        private final byte[] d;
        private final ServerConfigView config;
        private int p;

        public In(byte[] d, ServerConfigView config) {
            this.d = d;
            this.config = config;
        }

        private void need(int n) throws IOException {
            if (d.length - p < n) {
                throw new EOFException("short read");
            }
        }

        @Override
        public long readLength() throws IOException {
            int x = readByte();
            switch (x >>> 6) {
                case 0:
                    return x & 0x3f;
                case 1:
                    return ((x & 0x3f) << 8) | readByte();
                case 2: {
                    int n = x == 0x80 ? 4 : x == 0x81 ? 8 : -1;
                    if (n < 0) {
                        throw new IOException("bad length");
                    }
                    need(n);
                    long v = 0;
                    for (int i = 0; i < n; i++) {
                        v = (v << 8) | (d[p++] & 0xffL);
                    }
                    return v;
                }
                default:
                    throw new IOException("encoded length");
            }
        }

        @Override
        public byte[] readString() throws IOException {
            int x = readByte();
            if ((x >>> 6) == 3) {
                int n = (x & 0x3f) == 0 ? 1 : (x & 0x3f) == 1 ? 2 : (x & 0x3f) == 2 ? 4 : -1;
                if (n < 0) {
                    throw new IOException("LZF not supported in tests");
                }
                need(n);
                long v = 0;
                for (int i = 0; i < n; i++) {
                    v |= (d[p++] & 0xffL) << (8 * i);
                }
                int shift = 64 - 8 * n;
                return Args.bytes((v << shift) >> shift);
            }
            p--;
            long len = readLength();
            if (len < 0 || len > remaining()) { // as the kernel's reader: checked before allocating
                throw new EOFException("string past the end");
            }
            byte[] out = new byte[(int) len];
            readRaw(out, 0, out.length);
            return out;
        }

        @Override
        public double readBinaryDouble() throws IOException {
            return Double.longBitsToDouble(readMillis());
        }

        @Override
        public void readRaw(byte[] into, int offset, int length) throws IOException {
            need(length);
            System.arraycopy(d, p, into, offset, length);
            p += length;
        }

        @Override
        public int readByte() throws IOException {
            need(1);
            return d[p++] & 0xff;
        }

        @Override
        public long readMillis() throws IOException {
            need(8);
            long v = 0;
            for (int i = 7; i >= 0; i--) {
                v = (v << 8) | (d[p + i] & 0xffL);
            }
            p += 8;
            return v;
        }

        @Override
        public long remaining() {
            return d.length - p;
        }

        @Override
        public ServerConfigView config() {
            return config;
        }

        @Override
        public boolean deepSanitization() {
            return true;
        }
    }
}
