package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.Args;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the packed blobs older Redis versions wrote, laid out as their C code lays them out, for
 * tests of the readers: ziplists ({@code ziplist.c}: prevlen, the smallest integer encoding for
 * strings that parse as integers, string lengths in 6, 14 or 32 bits big-endian) and zipmaps
 * ({@code zipmap.c}).
 */
public final class Packed {
    private Packed() {
    }

    /** A ziplist of {@code entries} as Redis 6's {@code ziplistPush} builds it. */
    public static byte[] ziplist(String... entries) {
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
            if (e.length <= 32 && Args.isLong(e, 0, e.length)) {
                long v = Args.parseLongUnchecked(e, 0, e.length);
                if (v >= 0 && v <= 12) {
                    body.write(0xF1 + (int) v);
                } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
                    body.write(0xFE);
                    le(body, v, 1);
                } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                    body.write(0xC0);
                    le(body, v, 2);
                } else if (v >= -(1 << 23) && v < (1 << 23)) {
                    body.write(0xF0);
                    le(body, v, 3);
                } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                    body.write(0xD0);
                    le(body, v, 4);
                } else {
                    body.write(0xE0);
                    le(body, v, 8);
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
        int total = 10 + body.size() + 1;
        le(zl, total, 4);
        le(zl, tail, 4);
        le(zl, Math.min(entries.length, 65535), 2);
        zl.writeBytes(body.toByteArray());
        zl.write(0xFF);
        return zl.toByteArray();
    }

    /** A zipmap of field, value pairs as Redis 2.4's {@code zipmapSet} builds it (no free bytes). */
    public static byte[] zipmap(String... pairs) {
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

    private static void le(ByteArrayOutputStream out, long v, int n) {
        for (int i = 0; i < n; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }
}
