package io.sockudo.kv.kernel.persistence.rdb;

import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleAuxData;
import io.sockudo.kv.spi.ModuleAuxData.Phase;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;
import io.sockudo.kv.spi.ServerConfigView;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Module aux records ({@code RDB_OPCODE_MODULE_AUX}): written after the header and before the EOF
 * for the phases each aux data asks for, skipped when nothing is saved, read back in file order
 * with their phase and encoding version, and refused when no module claims them or they are damaged.
 */
class ModuleAuxRecordsTest {
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

    /** Saves a counter and a string per phase; records what it loads. */
    private static class Probe implements ModuleAuxData {
        final String name;
        final Set<Phase> phases;
        boolean empty;
        final List<String> loaded = new ArrayList<>();

        Probe(String name, Set<Phase> phases) {
            this.name = name;
            this.phases = phases;
        }

        @Override
        public String typeName() {
            return name;
        }

        @Override
        public int encodingVersion() {
            return 7;
        }

        @Override
        public Set<Phase> phases() {
            return phases;
        }

        @Override
        public void save(Phase phase, ModuleTypeOutput out) throws IOException {
            if (empty) {
                return;
            }
            out.saveUnsigned(phase.when());
            out.saveString((name + "-" + phase).getBytes(StandardCharsets.UTF_8));
            out.saveDouble(1.5);
        }

        @Override
        public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
            long when = in.loadUnsigned();
            String s = new String(in.loadString(), StandardCharsets.UTF_8);
            double d = in.loadDouble();
            loaded.add(phase + " v" + encodingVersion + " " + when + " " + s + " " + d);
        }
    }

    private static byte[] file(CodecRegistry codecs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RdbWriter w = new RdbWriter(out, codecs, true, true);
        w.header(RdbAux.standard("7.0.15", 1_700_000_000L, 1, false));
        w.selectDb(0);
        w.resizeDb(0, 0);
        w.finish();
        return out.toByteArray();
    }

    private static void read(byte[] file, CodecRegistry codecs) throws IOException {
        new RdbReader(new ByteArrayInputStream(file), file.length, codecs, NO_CONFIG, true, true).read(new RdbVisitor() {
            @Override
            public void aux(byte[] key, byte[] value) {
            }

            @Override
            public void selectDb(int db) {
            }

            @Override
            public void resizeDb(long size, long expires) {
            }

            @Override
            public void entry(int db, byte[] key, KvValue value, long expireAtMs, long lruIdleSeconds, int lfuFreq) {
            }

            @Override
            public void emptyKey(int db, byte[] key) {
            }

            @Override
            public void function(byte[] code) {
            }
        });
    }

    private static CodecRegistry codecs(ModuleAuxData... aux) {
        CodecRegistry c = CodecRegistry.of(List.of());
        c.auxData(List.of(aux));
        return c;
    }

    @Test
    void recordsComeBackInFileOrderWithTheirPhase() throws IOException {
        Probe a = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS, Phase.AFTER_KEYS));
        Probe b = new Probe("probe-bbb", EnumSet.of(Phase.AFTER_KEYS));
        byte[] f = file(codecs(a, b));
        Probe a2 = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS, Phase.AFTER_KEYS));
        Probe b2 = new Probe("probe-bbb", EnumSet.of(Phase.AFTER_KEYS));
        read(f, codecs(a2, b2));
        assertEquals(List.of("BEFORE_KEYS v7 1 probe-aaa-BEFORE_KEYS 1.5", "AFTER_KEYS v7 2 probe-aaa-AFTER_KEYS 1.5"),
                a2.loaded);
        assertEquals(List.of("AFTER_KEYS v7 2 probe-bbb-AFTER_KEYS 1.5"), b2.loaded);
    }

    @Test
    void theRecordLayoutIsRedisModuleAux() throws IOException {
        Probe a = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS));
        byte[] f = file(codecs(a));
        // after the header's AUX fields: opcode 247, the 64-bit id as a length (0x81 + 8 bytes),
        // UINT opcode 2 with when 1, the items, module EOF 0, then SELECTDB
        int at = -1;
        for (int i = 9; i < f.length; i++) {
            if ((f[i] & 0xff) == Rdb.OPCODE_MODULE_AUX && (f[i + 1] & 0xff) == 0x81) {
                at = i;
                break;
            }
        }
        assertTrue(at > 0, "no module aux record");
        long id = 0;
        for (int k = 0; k < 8; k++) {
            id = (id << 8) | (f[at + 2 + k] & 0xff);
        }
        assertEquals(ModuleTypeIds.encode("probe-aaa", 7), id);
        assertArrayEquals(new byte[] {2, 1, 2, 1}, java.util.Arrays.copyOfRange(f, at + 10, at + 14));
    }

    @Test
    void nothingSavedMeansNoRecordAndTheFileLoadsWithoutTheModule() throws IOException {
        Probe a = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS, Phase.AFTER_KEYS));
        a.empty = true;
        byte[] f = file(codecs(a));
        assertArrayEquals(file(codecs()), f);
        read(f, codecs()); // no module registered: still loads
    }

    @Test
    void unclaimedOrDamagedRecordsFailTheLoad() throws IOException {
        Probe a = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS));
        byte[] f = file(codecs(a));
        RdbException none = assertThrows(RdbException.class, () -> read(f, codecs()));
        assertEquals("The RDB file contains AUX module data I can't load: no matching module 'probe-aaa'",
                none.reason());
        ModuleAuxData failing = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS)) {
            @Override
            public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
                throw new IOException("unknown layout");
            }
        };
        RdbException bad = assertThrows(RdbException.class, () -> read(f, codecs(failing)));
        assertEquals("The RDB file contains module AUX data for the module type 'probe-aaa', that the responsible "
                + "module is not able to load. Check for modules log above for additional clues.", bad.reason());
        ModuleAuxData misread = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS)) {
            @Override
            public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
                in.loadUnsigned();
                in.loadUnsigned(); // a string is next: the item's opcode says so
            }
        };
        RdbException item = assertThrows(RdbException.class, () -> read(f, codecs(misread)));
        assertEquals("module value item: expected opcode 2, found 5", item.reason());
        ModuleAuxData shortRead = new Probe("probe-aaa", EnumSet.of(Phase.BEFORE_KEYS)) {
            @Override
            public void load(Phase phase, ModuleTypeInput in, int encodingVersion) throws IOException {
                in.loadUnsigned(); // leaves the string and the double unread
            }
        };
        RdbException unterminated = assertThrows(RdbException.class, () -> read(f, codecs(shortRead)));
        assertEquals("The RDB file contains module AUX data for the module 'probe-aaa' that is not terminated by "
                + "the proper module value EOF marker", unterminated.reason());
    }
}
