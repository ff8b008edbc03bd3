package io.sockudo.kv.it.persistence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Packed blobs as Redis's C code lays them out, for hand-made RDB files: ziplists (Redis 2.6-6.2:
 * prevlen, the smallest integer encoding for strings that are integers, 6/14/32-bit string
 * lengths), zipmaps (Redis 2.4 hashes) and listpacks (stream nodes: lpAppend's encodings).
 */
final class OldBlobs {
    private OldBlobs() {
    }

    /** A canonical decimal integer as Redis's string2ll accepts it, or null. */
    private static Long integer(String s) {
        if (s.isEmpty() || s.length() > 20) {
            return null;
        }
        try {
            long v = Long.parseLong(s);
            return Long.toString(v).equals(s) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static byte[] ziplist(String... entries) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int prev = 0;
        int tail = 10;
        for (String s : entries) {
            byte[] e = s.getBytes(StandardCharsets.ISO_8859_1);
            int start = body.size();
            tail = 10 + start;
            if (prev < 254) {
                body.write(prev);
            } else {
                body.write(0xFE);
                le(body, prev, 4);
            }
            Long v = e.length <= 32 ? integer(s) : null;
            if (v != null) {
                long x = v;
                if (x >= 0 && x <= 12) {
                    body.write(0xF1 + (int) x);
                } else if (x >= Byte.MIN_VALUE && x <= Byte.MAX_VALUE) {
                    body.write(0xFE);
                    le(body, x, 1);
                } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
                    body.write(0xC0);
                    le(body, x, 2);
                } else if (x >= -(1 << 23) && x < (1 << 23)) {
                    body.write(0xF0);
                    le(body, x, 3);
                } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                    body.write(0xD0);
                    le(body, x, 4);
                } else {
                    body.write(0xE0);
                    le(body, x, 8);
                }
            } else if (e.length <= 63) {
                body.write(e.length);
                body.writeBytes(e);
            } else if (e.length <= 16383) {
                body.write(0x40 | (e.length >>> 8));
                body.write(e.length & 0xff);
                body.writeBytes(e);
            } else {
                body.write(0x80);
                body.write(e.length >>> 24);
                body.write(e.length >>> 16);
                body.write(e.length >>> 8);
                body.write(e.length);
                body.writeBytes(e);
            }
            prev = body.size() - start;
        }
        ByteArrayOutputStream zl = new ByteArrayOutputStream();
        le(zl, 10 + body.size() + 1, 4);
        le(zl, tail, 4);
        le(zl, Math.min(entries.length, 65535), 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xFF);
        return zl.toByteArray();
    }

    static byte[] zipmap(String... pairs) {
        ByteArrayOutputStream zm = new ByteArrayOutputStream();
        zm.write(Math.min(pairs.length / 2, 254));
        for (int i = 0; i < pairs.length; i += 2) {
            byte[] f = pairs[i].getBytes(StandardCharsets.ISO_8859_1);
            byte[] v = pairs[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            zipmapLen(zm, f.length);
            zm.writeBytes(f);
            zipmapLen(zm, v.length);
            zm.write(0);
            zm.writeBytes(v);
        }
        zm.write(0xFF);
        return zm.toByteArray();
    }

    private static void zipmapLen(ByteArrayOutputStream out, int len) {
        if (len < 254) {
            out.write(len);
        } else {
            out.write(254);
            le(out, len, 4);
        }
    }

    /** A listpack of Integers and Strings (strings that are integers take integer encodings, as lpAppend). */
    static byte[] listpack(Object... elements) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Object o : elements) {
            Long v = o instanceof Integer i ? Long.valueOf(i) : integer((String) o);
            int start = body.size();
            if (v != null) {
                long x = v;
                if (x >= 0 && x <= 127) {
                    body.write((int) x);
                } else if (x >= -4096 && x <= 4095) {
                    int u = (int) (x < 0 ? (1 << 13) + x : x);
                    body.write((u >>> 8) | 0xC0);
                    body.write(u & 0xff);
                } else if (x >= Short.MIN_VALUE && x <= Short.MAX_VALUE) {
                    body.write(0xF1);
                    le(body, x, 2);
                } else if (x >= -(1 << 23) && x < (1 << 23)) {
                    body.write(0xF2);
                    le(body, x, 3);
                } else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) {
                    body.write(0xF3);
                    le(body, x, 4);
                } else {
                    body.write(0xF4);
                    le(body, x, 8);
                }
            } else {
                byte[] s = ((String) o).getBytes(StandardCharsets.ISO_8859_1);
                if (s.length >= 64) {
                    throw new IllegalArgumentException("short strings only");
                }
                body.write(0x80 | s.length);
                body.writeBytes(s);
            }
            int len = body.size() - start;
            if (len > 127) {
                throw new IllegalArgumentException("one-byte back-lengths only");
            }
            body.write(len);
        }
        ByteArrayOutputStream lp = new ByteArrayOutputStream();
        le(lp, 6 + body.size() + 1, 4);
        le(lp, elements.length, 2);
        lp.writeBytes(body.toByteArray());
        lp.write(0xFF);
        return lp.toByteArray();
    }

    private static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
