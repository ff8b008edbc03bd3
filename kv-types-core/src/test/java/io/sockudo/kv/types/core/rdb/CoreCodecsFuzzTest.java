package io.sockudo.kv.types.core.rdb;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.types.core.hashes.HashType;
import io.sockudo.kv.types.core.lists.ListType;
import io.sockudo.kv.types.core.sets.SetType;
import io.sockudo.kv.types.core.strings.StringType;
import io.sockudo.kv.types.core.zsets.ZSetType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Corrupt payloads of every core type in every encoding (the canonical record each codec writes,
 * plus the older packed blobs) never escape as anything but an {@link IOException}: RESTORE
 * answers "Bad data format" and a file load stops with the offset, instead of a crash or a
 * half-built value.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CoreCodecsFuzzTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A value built by reading a plain record (type 1-4) of {@code elements}, then its canonical payload. */
    private static byte[] canonical(ValueCodec codec, int plainType, boolean pairs, String... elements)
            throws IOException {
        TestRdb.Out o = new TestRdb.Out();
        o.writeByte(plainType);
        o.writeLength(pairs ? elements.length / 2 : elements.length);
        for (int i = 0; i < elements.length; i++) {
            if (plainType == 3 && i % 2 == 1) {
                o.writeByte(elements[i].length()); // RDB_TYPE_ZSET: the score as text
                o.writeRaw(b(elements[i]), 0, elements[i].length());
            } else {
                o.writeString(b(elements[i]));
            }
        }
        KvValue v = TestRdb.read(codec, o.bytes(), TestRdb.config());
        assertNotNull(v);
        return TestRdb.write(codec, v);
    }

    private static String[] generate(Random rnd, int n, boolean pairs, boolean scores) {
        String[] out = new String[pairs ? 2 * n : n];
        for (int i = 0; i < out.length; i++) {
            boolean second = pairs && i % 2 == 1;
            if (second && scores) {
                out[i] = Double.toString(rnd.nextInt(10000) / 7.0);
            } else if (!second || rnd.nextBoolean()) {
                out[i] = (pairs && !second ? "k" + i : "") + (rnd.nextBoolean() ? Long.toString(rnd.nextLong() >> rnd.nextInt(64))
                        : "m" + i + "x".repeat(rnd.nextInt(rnd.nextInt(10) == 0 ? 200 : 10)));
            } else {
                out[i] = "v" + rnd.nextInt(1000);
            }
        }
        return out;
    }

    @Test
    void corruptPayloadsAreRefusedCleanly() throws IOException {
        Random rnd = new Random(2026);
        ValueCodec str = StringType.INSTANCE.codec();
        ValueCodec list = ListType.INSTANCE.codec();
        ValueCodec set = SetType.INSTANCE.codec();
        ValueCodec zset = ZSetType.INSTANCE.codec();
        ValueCodec hash = HashType.INSTANCE.codec();
        for (int round = 0; round < 40; round++) {
            int n = 1 + rnd.nextInt(round < 30 ? 20 : 700);
            TestRdb.fuzz(str, TestRdb.write(str, TestRdb.read(str, canonicalString(rnd), TestRdb.config())), rnd, 50,
                    TestRdb.config());
            String[] ints = new String[n];
            for (int i = 0; i < n; i++) {
                ints[i] = Long.toString(i * 3L - (rnd.nextBoolean() ? 70000 : 5));
            }
            TestRdb.fuzz(list, canonical(list, 1, false, generate(rnd, n, false, false)), rnd, 300, TestRdb.config());
            TestRdb.fuzz(set, canonical(set, 2, false, ints), rnd, 300, TestRdb.config());
            TestRdb.fuzz(set, canonical(set, 2, false, distinct(generate(rnd, n, false, false))), rnd, 300,
                    TestRdb.config());
            TestRdb.fuzz(zset, canonical(zset, 3, true, generate(rnd, n, true, true)), rnd, 300, TestRdb.config());
            TestRdb.fuzz(hash, canonical(hash, 4, true, generate(rnd, n, true, false)), rnd, 300, TestRdb.config());
        }
        // the older blobs
        for (int round = 0; round < 20; round++) {
            String[] e = generate(rnd, 1 + rnd.nextInt(30), true, false);
            TestRdb.fuzz(list, blob(10, Packed.ziplist(e)), rnd, 300, TestRdb.config());
            TestRdb.fuzz(hash, blob(13, Packed.ziplist(e)), rnd, 300, TestRdb.config());
            TestRdb.fuzz(hash, blob(9, Packed.zipmap(e)), rnd, 300, TestRdb.config());
            TestRdb.fuzz(zset, blob(12, Packed.ziplist(generate(rnd, 1 + rnd.nextInt(30), true, true))), rnd, 300,
                    TestRdb.config());
        }
    }

    private static String[] distinct(String[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = a[i] + "#" + i;
        }
        return a;
    }

    private static byte[] canonicalString(Random rnd) throws IOException {
        TestRdb.Out o = new TestRdb.Out();
        o.writeByte(0);
        o.writeString(b(rnd.nextBoolean() ? Long.toString(rnd.nextInt()) : "s".repeat(rnd.nextInt(100))));
        return o.bytes();
    }

    private static byte[] blob(int type, byte[] blob) throws IOException {
        TestRdb.Out o = new TestRdb.Out();
        o.writeByte(type);
        o.writeString(blob, 0, blob.length);
        return o.bytes();
    }
}
