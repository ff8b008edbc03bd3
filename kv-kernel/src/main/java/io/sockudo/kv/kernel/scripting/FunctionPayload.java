package io.sockudo.kv.kernel.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The FUNCTION DUMP payload in redis-server 7.0's format: for each library the opcode
 * {@code RDB_OPCODE_FUNCTION2} (245) and its code as an RDB string (LZF-compressed when longer
 * than 20 bytes and compressible, as with {@code rdbcompression yes}), then the RDB version (10,
 * two bytes little-endian) and the CRC-64 of all that (eight bytes little-endian).
 */
final class FunctionPayload {
    static final int OPCODE_FUNCTION2 = 245;
    /** Redis 7.0.0's first function opcode, refused on load as Redis does. */
    static final int OPCODE_FUNCTION_PRE_GA = 246;
    static final int RDB_VERSION = 10;
    static final String BAD_PAYLOAD = "ERR DUMP payload version or checksum are wrong";

    private FunctionPayload() {
    }

    static byte[] dump(List<byte[]> codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] code : codes) {
            out.write(OPCODE_FUNCTION2);
            writeString(out, code);
        }
        out.write(RDB_VERSION & 0xff);
        out.write((RDB_VERSION >> 8) & 0xff);
        byte[] body = out.toByteArray();
        long crc = Crc64.of(0, body, 0, body.length);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)) & 0xff);
        }
        return out.toByteArray();
    }

    /** rdbSaveRawString: LZF for strings over 20 bytes that shrink by more than 4 bytes. */
    static void writeString(ByteArrayOutputStream out, byte[] s) {
        if (s.length > 20) {
            byte[] c = Lzf.compress(s, s.length - 4);
            if (c != null) {
                out.write(0xC3);
                writeLength(out, c.length);
                writeLength(out, s.length);
                out.writeBytes(c);
                return;
            }
        }
        writeLength(out, s.length);
        out.writeBytes(s);
    }

    static void writeLength(ByteArrayOutputStream out, long len) {
        if (len < (1 << 6)) {
            out.write((int) len);
        } else if (len < (1 << 14)) {
            out.write((int) (((len >> 8) & 0xff) | 0x40));
            out.write((int) (len & 0xff));
        } else if (len <= 0xffffffffL) {
            out.write(0x80);
            for (int i = 3; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        } else {
            out.write(0x81);
            for (int i = 7; i >= 0; i--) {
                out.write((int) (len >>> (8 * i)) & 0xff);
            }
        }
    }

    /**
     * The library codes of a payload.
     *
     * @throws ScriptException with Redis's message when the payload is malformed
     */
    static List<byte[]> parse(byte[] p) {
        if (p.length < 10) {
            throw new ScriptException(BAD_PAYLOAD);
        }
        int footer = p.length - 10;
        int version = (p[footer] & 0xff) | ((p[footer + 1] & 0xff) << 8);
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (long) (p[footer + 2 + i] & 0xff) << (8 * i);
        }
        if (version > RDB_VERSION || Crc64.of(0, p, 0, footer + 2) != crc) {
            throw new ScriptException(BAD_PAYLOAD);
        }
        List<byte[]> codes = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < footer) {
            int type = p[pos[0]++] & 0xff;
            if (type == OPCODE_FUNCTION_PRE_GA) {
                throw new ScriptException("ERR Pre-GA function format not supported");
            }
            if (type != OPCODE_FUNCTION2) {
                throw new ScriptException("ERR given type is not a function");
            }
            byte[] code = readString(p, pos, footer);
            if (code == null) {
                throw new ScriptException("ERR Failed loading library");
            }
            codes.add(code);
        }
        return codes;
    }

    private static byte[] readString(byte[] p, int[] pos, int end) {
        if (pos[0] >= end) {
            return null;
        }
        int first = p[pos[0]] & 0xff;
        if ((first >> 6) == 3) {
            pos[0]++;
            int enc = first & 0x3f;
            if (enc == 3) {
                long clen = readLength(p, pos, end);
                long len = readLength(p, pos, end);
                if (clen < 0 || len < 0 || pos[0] + clen > end) {
                    return null;
                }
                byte[] c = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + (int) clen);
                pos[0] += (int) clen;
                return Lzf.decompress(c, (int) len);
            }
            long v;
            int n = enc == 0 ? 1 : enc == 1 ? 2 : enc == 2 ? 4 : -1;
            if (n < 0 || pos[0] + n > end) {
                return null;
            }
            v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (p[pos[0] + i] & 0xff) << (8 * i);
            }
            v = n == 1 ? (byte) v : n == 2 ? (short) v : (int) v;
            pos[0] += n;
            return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
        long len = readLength(p, pos, end);
        if (len < 0 || pos[0] + len > end) {
            return null;
        }
        byte[] s = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + (int) len);
        pos[0] += (int) len;
        return s;
    }

    private static long readLength(byte[] p, int[] pos, int end) {
        if (pos[0] >= end) {
            return -1;
        }
        int first = p[pos[0]++] & 0xff;
        int type = first >> 6;
        if (type == 0) {
            return first & 0x3f;
        }
        if (type == 1) {
            if (pos[0] >= end) {
                return -1;
            }
            return ((long) (first & 0x3f) << 8) | (p[pos[0]++] & 0xff);
        }
        if (first == 0x80 || first == 0x81) {
            int n = first == 0x80 ? 4 : 8;
            if (pos[0] + n > end) {
                return -1;
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (p[pos[0]++] & 0xff);
            }
            return v;
        }
        return -1;
    }
}
