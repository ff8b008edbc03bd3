package io.sockudo.kv.types.core.zsets;

import io.sockudo.kv.types.core.common.Strtod;
import io.sockudo.kv.spi.DoubleFormat;
import io.sockudo.kv.spi.Args;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ValueCodec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * RDB serialization of sorted sets as Redis 7.0 writes them: a listpack-encoded set as
 * {@code RDB_TYPE_ZSET_LISTPACK} (17) holding a real listpack blob (members and scores as
 * listpack strings or integers, scores in {@code d2string} form), a skiplist-encoded set as
 * {@code RDB_TYPE_ZSET_2} (5, binary doubles, greatest first). Reads those plus the older
 * {@code RDB_TYPE_ZSET} (3) and {@code RDB_TYPE_ZSET_ZIPLIST} (12).
 */
public final class ZSetCodec implements ValueCodec {
    static final int ZSET = 3;
    static final int ZSET_2 = 5;
    static final int ZSET_ZIPLIST = 12;
    static final int ZSET_LISTPACK = 17;

    public static final ZSetCodec INSTANCE = new ZSetCodec();

    private ZSetCodec() {
    }

    @Override
    public int rdbType(KvValue value) {
        return ((ZSetValue) value).isPacked() ? ZSET_LISTPACK : ZSET_2;
    }

    @Override
    public int[] rdbTypes() {
        return new int[]{ZSET, ZSET_2, ZSET_ZIPLIST, ZSET_LISTPACK};
    }

    @Override
    public void write(KvValue value, RdbOutput out) throws IOException {
        ZSetValue z = (ZSetValue) value;
        if (z.isPacked()) {
            byte[] lp = listpack(z);
            out.writeString(lp, 0, lp.length);
            return;
        }
        out.writeLength(z.size());
        IOException[] failed = {null};
        z.visit(0, z.size() - 1, true, (buf, off, len, score) -> {
            if (failed[0] != null) {
                return;
            }
            try {
                out.writeString(buf, off, len);
                out.writeBinaryDouble(score);
            } catch (IOException e) {
                failed[0] = e;
            }
        });
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    @Override
    public KvValue read(int rdbType, RdbInput in) throws IOException {
        ZSetValue.Builder b = ZSetValue.builder();
        switch (rdbType) {
            case ZSET, ZSET_2 -> {
                long n = in.readLength();
                for (long i = 0; i < n; i++) {
                    byte[] member = in.readString();
                    double score = rdbType == ZSET_2 ? in.readBinaryDouble() : readTextDouble(in);
                    if (score != score) {
                        throw new IOException("zset score is NaN");
                    }
                    b.add(member, score);
                }
            }
            case ZSET_LISTPACK -> readPairs(parseListpack(in.readString()), b);
            case ZSET_ZIPLIST -> readPairs(parseZiplist(in.readString()), b);
            default -> throw new IOException("not a zset RDB type: " + rdbType);
        }
        if (b.size() == 0) {
            throw new IOException("empty zset");
        }
        return b.build(ZSetLimits.current());
    }

    /** rdbLoadDoubleValue: a length byte (253 nan, 254 inf, 255 -inf) then ASCII. */
    private static double readTextDouble(RdbInput in) throws IOException {
        int len = in.readByte();
        switch (len) {
            case 253:
                return Double.NaN;
            case 254:
                return Double.POSITIVE_INFINITY;
            case 255:
                return Double.NEGATIVE_INFINITY;
            default:
                byte[] buf = new byte[len];
                in.readRaw(buf, 0, len);
                return Strtod.parseStrict(buf);
        }
    }

    private static void readPairs(byte[][] items, ZSetValue.Builder b) throws IOException {
        if (items.length % 2 != 0) {
            throw new IOException("odd zset listpack");
        }
        for (int i = 0; i < items.length; i += 2) {
            double score = Strtod.parseStrict(items[i + 1]);
            if (score != score) {
                throw new IOException("bad zset score");
            }
            b.add(items[i], score);
        }
    }

    // ---- listpack ----

    /** The listpack Redis 7.0 keeps for this set: member, score, member, score... in order. */
    static byte[] listpack(ZSetValue z) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        z.forEach((buf, off, len, score) -> {
            lpAppend(body, buf, off, len);
            byte[] s = DoubleFormat.bytes(score);
            lpAppend(body, s, 0, s.length);
        });
        int total = 6 + body.size() + 1;
        int count = z.size() * 2;
        ByteArrayOutputStream lp = new ByteArrayOutputStream(total);
        lp.write(total);
        lp.write(total >>> 8);
        lp.write(total >>> 16);
        lp.write(total >>> 24);
        int n = Math.min(count, 65535);
        lp.write(n);
        lp.write(n >>> 8);
        lp.writeBytes(body.toByteArray());
        lp.write(0xFF);
        return lp.toByteArray();
    }

    /** One listpack entry: integer encodings for canonical integers, string encodings otherwise. */
    private static void lpAppend(ByteArrayOutputStream out, byte[] b, int off, int len) {
        int start = out.size();
        if (Args.isLong(b, off, len)) {
            long v = Args.parseLongUnchecked(b, off, len);
            if (v >= 0 && v <= 127) {
                out.write((int) v);
            } else if (v >= -4096 && v <= 4095) {
                int uv = (int) (v < 0 ? (1 << 13) + v : v);
                out.write((uv >>> 8) | 0xC0);
                out.write(uv & 0xFF);
            } else if (v >= -32768 && v <= 32767) {
                out.write(0xF1);
                writeLe(out, v, 2);
            } else if (v >= -8388608 && v <= 8388607) {
                out.write(0xF2);
                writeLe(out, v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.write(0xF3);
                writeLe(out, v, 4);
            } else {
                out.write(0xF4);
                writeLe(out, v, 8);
            }
        } else if (len < 64) {
            out.write(0x80 | len);
            out.write(b, off, len);
        } else if (len < 4096) {
            out.write(0xE0 | (len >>> 8));
            out.write(len & 0xFF);
            out.write(b, off, len);
        } else {
            out.write(0xF0);
            writeLe(out, len, 4);
            out.write(b, off, len);
        }
        writeBacklen(out, out.size() - start);
    }

    private static void writeLe(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    private static void writeBacklen(ByteArrayOutputStream out, long l) {
        if (l <= 127) {
            out.write((int) l);
        } else if (l < 16383) {
            out.write((int) (l >>> 7));
            out.write((int) ((l & 127) | 128));
        } else if (l < 2097151) {
            out.write((int) (l >>> 14));
            out.write((int) (((l >>> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        } else if (l < 268435455) {
            out.write((int) (l >>> 21));
            out.write((int) (((l >>> 14) & 127) | 128));
            out.write((int) (((l >>> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        } else {
            out.write((int) (l >>> 28));
            out.write((int) (((l >>> 21) & 127) | 128));
            out.write((int) (((l >>> 14) & 127) | 128));
            out.write((int) (((l >>> 7) & 127) | 128));
            out.write((int) ((l & 127) | 128));
        }
    }

    private static int backlenSize(long l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    private static long le(byte[] b, int p, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (b[p + i] & 0xFFL) << (8 * i);
        }
        // sign-extend
        int shift = 64 - 8 * bytes;
        return (v << shift) >> shift;
    }

    /** The entries of a listpack blob, integers as decimal text. */
    static byte[][] parseListpack(byte[] lp) throws IOException {
        if (lp.length < 7) {
            throw new IOException("listpack too short");
        }
        java.util.ArrayList<byte[]> items = new java.util.ArrayList<>();
        int p = 6;
        while (true) {
            if (p >= lp.length) {
                throw new IOException("listpack without terminator");
            }
            int e = lp[p] & 0xFF;
            if (e == 0xFF) {
                break;
            }
            int start = p;
            byte[] item;
            if ((e & 0x80) == 0) {
                item = Args.bytes(e);
                p += 1;
            } else if ((e & 0xC0) == 0x80) {
                int len = e & 0x3F;
                item = java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + len);
                p += 1 + len;
            } else if ((e & 0xE0) == 0xC0) {
                int uv = ((e & 0x1F) << 8) | (lp[p + 1] & 0xFF);
                item = Args.bytes((uv << 19) >> 19);
                p += 2;
            } else if ((e & 0xF0) == 0xE0) {
                int len = ((e & 0x0F) << 8) | (lp[p + 1] & 0xFF);
                item = java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + len);
                p += 2 + len;
            } else if (e == 0xF0) {
                int len = (int) (le(lp, p + 1, 4) & 0xFFFFFFFFL);
                item = java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + len);
                p += 5 + len;
            } else if (e >= 0xF1 && e <= 0xF4) {
                int bytes = e == 0xF1 ? 2 : e == 0xF2 ? 3 : e == 0xF3 ? 4 : 8;
                item = Args.bytes(le(lp, p + 1, bytes));
                p += 1 + bytes;
            } else {
                throw new IOException("bad listpack encoding " + e);
            }
            p += backlenSize(p - start);
            items.add(item);
        }
        return items.toArray(new byte[0][]);
    }

    /** The entries of a ziplist blob (RDBs older than Redis 7), integers as decimal text. */
    static byte[][] parseZiplist(byte[] zl) throws IOException {
        if (zl.length < 11) {
            throw new IOException("ziplist too short");
        }
        java.util.ArrayList<byte[]> items = new java.util.ArrayList<>();
        int p = 10;
        while (true) {
            if (p >= zl.length) {
                throw new IOException("ziplist without terminator");
            }
            if ((zl[p] & 0xFF) == 0xFF) {
                break;
            }
            p += (zl[p] & 0xFF) == 0xFE ? 5 : 1; // prevlen
            int e = zl[p] & 0xFF;
            byte[] item;
            switch (e >>> 6) {
                case 0 -> {
                    int len = e & 0x3F;
                    item = java.util.Arrays.copyOfRange(zl, p + 1, p + 1 + len);
                    p += 1 + len;
                }
                case 1 -> {
                    int len = ((e & 0x3F) << 8) | (zl[p + 1] & 0xFF);
                    item = java.util.Arrays.copyOfRange(zl, p + 2, p + 2 + len);
                    p += 2 + len;
                }
                case 2 -> {
                    int len = ((zl[p + 1] & 0xFF) << 24) | ((zl[p + 2] & 0xFF) << 16) | ((zl[p + 3] & 0xFF) << 8)
                            | (zl[p + 4] & 0xFF);
                    item = java.util.Arrays.copyOfRange(zl, p + 5, p + 5 + len);
                    p += 5 + len;
                }
                default -> {
                    long v;
                    if (e == 0xC0) {
                        v = le(zl, p + 1, 2);
                        p += 3;
                    } else if (e == 0xD0) {
                        v = le(zl, p + 1, 4);
                        p += 5;
                    } else if (e == 0xE0) {
                        v = le(zl, p + 1, 8);
                        p += 9;
                    } else if (e == 0xF0) {
                        v = le(zl, p + 1, 3);
                        p += 4;
                    } else if (e == 0xFE) {
                        v = zl[p + 1];
                        p += 2;
                    } else if (e >= 0xF1 && e <= 0xFD) {
                        v = (e & 0x0F) - 1;
                        p += 1;
                    } else {
                        throw new IOException("bad ziplist encoding " + e);
                    }
                    item = Args.bytes(v);
                }
            }
            items.add(item);
        }
        return items.toArray(new byte[0][]);
    }
}
