package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.RdbInput;
import io.sockudo.kv.spi.RdbOutput;
import io.sockudo.kv.spi.ServerConfigView;
import io.sockudo.kv.spi.ValueCodec;
import io.sockudo.kv.spi.ValueDigest;
import io.sockudo.kv.spi.ValueType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The file structure of RdbWriter and RdbReader with two test types (a string-like core codec and a
 * module codec): what is written is read back in order (AUX, SELECTDB, RESIZEDB, expiries, IDLE,
 * FREQ, functions, module records), and every kind of damage is an {@link RdbException} with
 * Redis's reason and the offset, never another exception.
 */
class RdbReaderWriterTest {
    private static final ServerConfigView NO_CONFIG = new ServerConfigView() {
        @Override
        public String get(String name) {
            return null;
        }

        @Override
        public long getLong(String name) {
            return 0;
        }
    };

    /** A value holding bytes, persisted as an RDB string (type 0). */
    record Bytes(byte[] data) implements KvValue {
        @Override
        public ValueType type() {
            return STRINGS;
        }

        @Override
        public String encoding() {
            return "raw";
        }

        @Override
        public long memoryUsage() {
            return data.length;
        }

        @Override
        public KvValue copy() {
            return new Bytes(data.clone());
        }
    }

    /** A module value: a counter and a label. */
    record Counter(long n, String label) implements KvValue {
        @Override
        public ValueType type() {
            return COUNTERS;
        }

        @Override
        public String encoding() {
            return "counter";
        }

        @Override
        public long memoryUsage() {
            return 16;
        }

        @Override
        public KvValue copy() {
            return this;
        }
    }

    static final ValueCodec STRING_CODEC = new ValueCodec() {
        @Override
        public int rdbType(KvValue value) {
            return 0;
        }

        @Override
        public void write(KvValue value, RdbOutput out) throws IOException {
            byte[] d = ((Bytes) value).data();
            out.writeString(d, 0, d.length);
        }

        @Override
        public KvValue read(int rdbType, RdbInput in) throws IOException {
            return new Bytes(in.readString());
        }

        @Override
        public int[] rdbTypes() {
            return new int[] {0};
        }

        @Override
        public void digest(KvValue value, ValueDigest digest) {
            digest.mix(((Bytes) value).data());
        }
    };

    static final ModuleTypeCodec COUNTER_CODEC = new ModuleTypeCodec() {
        @Override
        public String typeName() {
            return "testcount";
        }

        @Override
        public int encodingVersion() {
            return 7;
        }

        @Override
        public void save(KvValue value, ModuleTypeOutput out) throws IOException {
            Counter c = (Counter) value;
            out.saveSigned(c.n());
            out.saveString(c.label().getBytes(StandardCharsets.UTF_8));
            out.saveDouble(0.5);
            out.saveFloat(1.5f);
            out.saveUnsigned(Long.MAX_VALUE);
        }

        @Override
        public KvValue load(ModuleTypeInput in, int encodingVersion) throws IOException {
            if (encodingVersion != 7) {
                throw new IOException("unknown encoding version " + encodingVersion);
            }
            long n = in.loadSigned();
            String label = new String(in.loadString(), StandardCharsets.UTF_8);
            if (in.loadDouble() != 0.5 || in.loadFloat() != 1.5f || in.loadUnsigned() != Long.MAX_VALUE) {
                throw new IOException("bad trailer");
            }
            return new Counter(n, label);
        }
    };

    static final ValueType STRINGS = new ValueType() {
        @Override
        public String name() {
            return "string";
        }

        @Override
        public ValueCodec codec() {
            return STRING_CODEC;
        }
    };

    static final ValueType COUNTERS = new ValueType() {
        @Override
        public String name() {
            return "testcount";
        }

        @Override
        public ModuleTypeCodec moduleCodec() {
            return COUNTER_CODEC;
        }
    };

    private static final CodecRegistry CODECS = CodecRegistry.of(List.of(STRINGS, COUNTERS));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] sampleFile(boolean checksum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, CODECS, true, checksum);
        w.header(RdbAux.standard("7.0.15", 1_700_000_000L, 12345, false));
        w.function(b("#!lua name=lib\nredis.register_function('f', function() return 1 end)"));
        w.selectDb(0);
        w.resizeDb(3, 1);
        w.entry(b("plain"), new Bytes(b("value")), -1, -1, -1);
        w.entry(b("expiring"), new Bytes(b("x".repeat(200))), 4_102_444_800_000L, 17, -1);
        w.entry(b("counter"), new Counter(-42, "hello"), -1, -1, 9);
        w.selectDb(5);
        w.resizeDb(1, 0);
        w.entry(b("12345"), new Bytes(b("-7")), -1, -1, -1);
        w.finish();
        return out.toByteArray();
    }

    /** Everything a visitor sees, as text. */
    private static final class Recorder implements RdbVisitor {
        final List<String> events = new ArrayList<>();

        @Override
        public void aux(byte[] key, byte[] value) {
            events.add("aux " + new String(key, StandardCharsets.UTF_8) + "=" + new String(value, StandardCharsets.UTF_8));
        }

        @Override
        public void selectDb(int db) {
            events.add("select " + db);
        }

        @Override
        public void resizeDb(long size, long expires) {
            events.add("resize " + size + " " + expires);
        }

        @Override
        public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq) {
            String v = value instanceof Bytes bv ? new String(bv.data(), StandardCharsets.UTF_8)
                    : ((Counter) value).n() + "/" + ((Counter) value).label();
            events.add("entry " + db + " " + new String(key, StandardCharsets.UTF_8) + "=" + (v.length() > 20
                    ? v.substring(0, 3) + "..." + v.length() : v) + " exp " + expireAtMs + " idle " + lruIdleSeconds
                    + " freq " + lfuFreq);
        }

        @Override
        public void emptyKey(int db, byte[] key) {
            events.add("empty " + new String(key, StandardCharsets.UTF_8));
        }

        @Override
        public void function(byte[] code) {
            events.add("function " + code.length);
        }
    }

    private static RdbReader reader(byte[] file, boolean verify) {
        return new RdbReader(new ByteArrayInputStream(file), file.length, CODECS, NO_CONFIG, verify, true);
    }

    @Test
    void whatIsWrittenIsReadInOrder() throws IOException {
        byte[] file = sampleFile(true);
        assertEquals("REDIS0010", new String(file, 0, 9, StandardCharsets.US_ASCII));
        Recorder r = new Recorder();
        RdbReader.Summary s = reader(file, true).read(r);
        assertEquals(List.of(
                "aux redis-ver=7.0.15", "aux redis-bits=64", "aux ctime=1700000000", "aux used-mem=12345",
                "aux aof-base=0", "function 68", "select 0", "resize 3 1",
                "entry 0 plain=value exp -1 idle -1 freq -1",
                "entry 0 expiring=xxx...200 exp 4102444800000 idle 17 freq -1",
                "entry 0 counter=-42/hello exp -1 idle -1 freq 9",
                "select 5", "resize 1 0", "entry 5 12345=-7 exp -1 idle -1 freq -1"), r.events);
        assertEquals(10, s.version());
        assertEquals(RdbReader.Checksum.VERIFIED, s.checksum());
        assertEquals(4, s.keys());
        assertEquals(file.length, s.bytes());
    }

    @Test
    void checksums() throws IOException {
        byte[] off = sampleFile(false);
        assertArrayEquals(new byte[8], Arrays.copyOfRange(off, off.length - 8, off.length), "rdbchecksum no writes 0");
        assertEquals(RdbReader.Checksum.DISABLED_IN_FILE, reader(off, true).read(new Recorder()).checksum());
        byte[] file = sampleFile(true);
        file[file.length - 3] ^= 1;
        RdbException e = assertThrows(RdbException.class, () -> reader(file, true).read(new Recorder()));
        assertEquals(RdbException.Kind.CHECKSUM, e.kind());
        assertTrue(e.reason().startsWith("Wrong RDB checksum expected: ("), e.reason());
        assertEquals(RdbReader.Checksum.NOT_CHECKED, reader(file, false).read(new Recorder()).checksum());
    }

    @Test
    void everyTruncationIsAShortReadOrCorruption() throws IOException {
        byte[] file = sampleFile(true);
        for (int cut = 0; cut < file.length; cut++) {
            byte[] t = Arrays.copyOf(file, cut);
            RdbException e = assertThrows(RdbException.class, () -> reader(t, true).read(new Recorder()), "cut " + cut);
            assertTrue(e.offset() <= cut, "offset " + e.offset() + " within the data at cut " + cut);
        }
    }

    @Test
    void everyFlippedBitIsCaughtByTheChecksumOrTheParser() throws IOException {
        byte[] file = sampleFile(true);
        for (int i = 9; i < file.length - 8; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] f = file.clone();
                f[i] ^= (byte) (1 << bit);
                assertThrows(RdbException.class, () -> reader(f, true).read(new Recorder()), "byte " + i);
            }
        }
    }

    @Test
    void headerAndRecordErrorsAsRedis() throws IOException {
        RdbException sig = assertThrows(RdbException.class, () -> reader(b("REDIX0010\u00ff"), true).read(new Recorder()));
        assertEquals(RdbException.Kind.SIGNATURE, sig.kind());
        assertEquals("Wrong signature trying to load DB from file", sig.reason());
        RdbException ver = assertThrows(RdbException.class, () -> reader(b("REDIS0013\u00ff"), true).read(new Recorder()));
        assertEquals(RdbException.Kind.VERSION, ver.kind());
        assertEquals("Can't handle RDB format version 13", ver.reason());
        // an old version without checksum: the file ends at EOF
        Recorder old = new Recorder();
        RdbReader.Summary s = reader(b("REDIS0004\u00fe\u0000\u0000\u0001k\u0001v\u00ff"), true).read(old);
        assertEquals(List.of("select 0", "entry 0 k=v exp -1 idle -1 freq -1"), old.events);
        assertEquals(RdbReader.Checksum.NOT_CHECKED, s.checksum());
        // an unknown module type: Redis's error names it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, CodecRegistry.of(List.of(STRINGS, COUNTERS)), false, true);
        w.header();
        w.entry(b("c"), new Counter(1, "x"), -1, -1, -1);
        w.finish();
        RdbException unknown = assertThrows(RdbException.class, () -> new RdbReader(
                new ByteArrayInputStream(out.toByteArray()), -1, CodecRegistry.of(List.of(STRINGS)), NO_CONFIG, true,
                true).read(new Recorder()));
        assertEquals("The RDB file contains module data I can't load: no matching module type 'testcount'",
                unknown.reason());
        // an unknown record type
        RdbException type = assertThrows(RdbException.class, () -> reader(b("REDIS0010\u0063\u0001k"), true)
                .read(new Recorder()));
        assertEquals("Unknown RDB encoding type 99", type.reason());
    }

    @Test
    void dumpPayloads() throws IOException, DumpPayload.Refused {
        byte[] p = DumpPayload.create(new Counter(5, "y"), CODECS, true);
        assertEquals(Rdb.TYPE_MODULE_2, p[0]);
        assertEquals(10, p[p.length - 10]);
        Counter back = (Counter) DumpPayload.parse(p, CODECS, NO_CONFIG, true, false);
        assertEquals(new Counter(5, "y"), back);
        byte[] bad = p.clone();
        bad[3] ^= 4;
        assertEquals(DumpPayload.Problem.VERSION_OR_CHECKSUM, assertThrows(DumpPayload.Refused.class,
                () -> DumpPayload.parse(bad, CODECS, NO_CONFIG, true, false)).problem());
        // a newer RDB version than we read is refused like a wrong checksum (verifyDumpPayload)
        byte[] newer = DumpPayload.create(new Bytes(b("v")), CODECS, true);
        newer[newer.length - 10] = 13;
        assertEquals(DumpPayload.Problem.VERSION_OR_CHECKSUM, assertThrows(DumpPayload.Refused.class,
                () -> DumpPayload.parse(newer, CODECS, NO_CONFIG, true, true)).problem());
    }

    @Test
    void moduleTypeIdsAsRedis() {
        long id = ModuleTypeIds.encode("ReJSON-RL", 3);
        assertEquals("ReJSON-RL", ModuleTypeIds.name(id));
        assertEquals(3, ModuleTypeIds.encodingVersion(id));
        assertEquals(ModuleTypeIds.namePart(id), ModuleTypeIds.namePart(ModuleTypeIds.encode("ReJSON-RL", 1023)));
        assertTrue(ModuleTypeIds.validName("MBbloom--"));
        assertTrue(!ModuleTypeIds.validName("short"));
        assertTrue(!ModuleTypeIds.validName("bad name!"));
        assertEquals("value type 'x' has no codec (ValueType.codec() or moduleCodec()): every type must be persistable",
                CodecRegistry.problem(() -> "x", List.of()));
        assertTrue(CodecRegistry.problem(new ValueType() {
            @Override
            public String name() {
                return "clash";
            }

            @Override
            public ValueCodec codec() {
                return STRING_CODEC;
            }
        }, List.of(STRINGS)).contains("RDB type 0 is already read by type 'string'"));
    }
}
