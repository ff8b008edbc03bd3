package io.sockudo.kv.it.vectorset;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vector set through the kernel's RDB path: DUMP writes the {@code vectorset} module-type record
 * (RDB_TYPE_MODULE_2), RESTORE reads it back into a set that is the same element for element and
 * link for link (VEMB RAW, VGETATTR, VLINKS WITHSCORES, VINFO but for the uid, VSIM results,
 * DEBUG DIGEST-VALUE), keeps working afterwards, and a damaged payload is refused; and through an
 * RDB file (DEBUG RELOAD: SAVE, flush, load), every encoding and REDUCE come back the same.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VectorSetPersistenceTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start("--enable-debug-command", "yes");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Builds a set of 300 elements (every third with attributes) and deletes every seventh. */
    private static List<String> build(RespClient c, String key, String options, boolean reduce) throws IOException {
        Random r = new Random(key.hashCode());
        List<String> names = new ArrayList<>();
        int dim = reduce ? 16 : 8;
        for (int i = 0; i < 300; i++) {
            List<String> cmd = new ArrayList<>(List.of("VADD", key));
            if (reduce) {
                cmd.addAll(List.of("REDUCE", "6"));
            }
            cmd.addAll(List.of("VALUES", Integer.toString(dim)));
            for (int j = 0; j < dim; j++) {
                cmd.add(Float.toString((float) r.nextGaussian()));
            }
            cmd.add("e" + i);
            if (i % 3 == 0) {
                cmd.addAll(List.of("SETATTR", "{\"i\": " + i + ", \"tag\": \"t" + (i % 5) + "\"}"));
            }
            if (!options.isEmpty()) {
                cmd.addAll(List.of(options.split(" ")));
            }
            String reply = c.callText(cmd.toArray(new String[0]));
            assertEquals(":1\r\n", reply, String.join(" ", cmd));
            names.add("e" + i);
        }
        for (int i = 0; i < 300; i += 7) {
            assertEquals(":1\r\n", c.callText("VREM", key, "e" + i));
            names.remove("e" + i);
        }
        return names;
    }

    private static String withoutUid(String vinfo) {
        return vinfo.replaceAll("vset-uid\r\n:\\d+\r\n", "vset-uid\r\n:?\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOQUANT", "Q8", "BIN", "REDUCE", "M 8"})
    void dumpAndRestoreGiveTheSameSet(String variant) throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            String key = "vp:" + variant.replace(' ', '-');
            String copy = key + ":copy";
            boolean reduce = variant.equals("REDUCE");
            List<String> names = build(c, key, reduce ? "" : variant, reduce);

            byte[] payload = (byte[]) RespValue.parse(c.call(List.of(bytes("DUMP"), bytes(key)))).get(0);
            assertEquals(7, payload[0], "RDB_TYPE_MODULE_2");
            assertEquals("+OK\r\n", new String(c.call(List.of(bytes("RESTORE"), bytes(copy), bytes("0"), payload)),
                    StandardCharsets.UTF_8));
            assertEquals("+vectorset\r\n", c.callText("TYPE", copy));
            assertEquals(c.callText("VCARD", key), c.callText("VCARD", copy));
            assertEquals(c.callText("VDIM", key), c.callText("VDIM", copy));
            assertEquals(withoutUid(c.callText("VINFO", key)), withoutUid(c.callText("VINFO", copy)));
            assertNotEquals(c.callText("VINFO", key), c.callText("VINFO", copy), "a restored set is a new set (uid)");
            for (String e : names) {
                assertEquals(c.callText("VEMB", key, e, "RAW"), c.callText("VEMB", copy, e, "RAW"), e);
                assertEquals(c.callText("VGETATTR", key, e), c.callText("VGETATTR", copy, e), e);
                assertEquals(c.callText("VLINKS", key, e, "WITHSCORES"), c.callText("VLINKS", copy, e, "WITHSCORES"), e);
            }
            for (int q = 1; q < 300; q += 37) {
                String e = "e" + q;
                if (!names.contains(e)) {
                    continue;
                }
                assertEquals(c.callText("VSIM", key, "ELE", e, "WITHSCORES", "COUNT", "20"),
                        c.callText("VSIM", copy, "ELE", e, "WITHSCORES", "COUNT", "20"), e);
                assertEquals(c.callText("VSIM", key, "ELE", e, "FILTER", ".tag == \"t1\"", "WITHATTRIBS"),
                        c.callText("VSIM", copy, "ELE", e, "FILTER", ".tag == \"t1\"", "WITHATTRIBS"), e);
            }
            String digest = c.callText("DEBUG", "DIGEST-VALUE", key);
            assertTrue(digest.matches("\\*1\r\n\\+[0-9a-f]{40}\r\n"), digest);
            assertEquals(digest, c.callText("DEBUG", "DIGEST-VALUE", copy));

            // a second DUMP of the copy is the same record
            byte[] again = (byte[]) RespValue.parse(c.call(List.of(bytes("DUMP"), bytes(copy)))).get(0);
            assertArrayEquals(payload, again, "re-DUMP identity");

            // the restored set keeps working
            String add = c.callText(reduce
                    ? new String[]{"VADD", copy, "REDUCE", "6", "VALUES", "16", "1", "2", "3", "4", "5", "6", "7", "8", "1", "2", "3", "4", "5", "6", "7", "8", "new"}
                    : withOptions(new String[]{"VADD", copy, "VALUES", "8", "1", "2", "3", "4", "5", "6", "7", "8", "new"}, variant));
            assertEquals(":1\r\n", add);
            assertEquals(":1\r\n", c.callText("VREM", copy, names.get(3)));
            // (first unless, with BIN, older elements have the same signs: ties go to the oldest)
            assertTrue(c.callText("VSIM", copy, "ELE", "new", "COUNT", "10").contains("$3\r\nnew\r\n"));
            assertNotEquals(digest, c.callText("DEBUG", "DIGEST-VALUE", copy));

            // a damaged payload is refused (the CRC no longer matches), and so is a truncated one
            byte[] damaged = payload.clone();
            damaged[damaged.length / 2] ^= 0x55;
            assertTrue(new String(c.call(List.of(bytes("RESTORE"), bytes("vp:bad"), bytes("0"), damaged)),
                    StandardCharsets.UTF_8).startsWith("-ERR"));
            byte[] truncated = java.util.Arrays.copyOf(payload, payload.length - 20);
            assertTrue(new String(c.call(List.of(bytes("RESTORE"), bytes("vp:bad"), bytes("0"), truncated)),
                    StandardCharsets.UTF_8).startsWith("-ERR"));
            assertEquals(":0\r\n", c.callText("EXISTS", "vp:bad"));
            c.callText("DEL", key, copy);
        }
    }

    /** Everything observable about a set but its uid: what a reload must keep. */
    private static List<String> state(RespClient c, String key, List<String> names) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(withoutUid(c.callText("VINFO", key)));
        out.add(c.callText("DEBUG", "DIGEST-VALUE", key));
        for (String e : names) {
            out.add(c.callText("VEMB", key, e, "RAW"));
            out.add(c.callText("VGETATTR", key, e));
            out.add(c.callText("VLINKS", key, e, "WITHSCORES"));
        }
        for (int q = 2; q < 300; q += 41) {
            if (names.contains("e" + q)) {
                out.add(c.callText("VSIM", key, "ELE", "e" + q, "WITHSCORES", "WITHATTRIBS", "COUNT", "15"));
            }
        }
        return out;
    }

    /** The RDB file path: SAVE, empty the server, load the file back (DEBUG RELOAD), same sets. */
    @org.junit.jupiter.api.Test
    void debugReloadKeepsEverySet() throws IOException {
        try (RespClient c = new RespClient(server.port())) {
            c.callText("FLUSHALL");
            List<String> keys = List.of("rl:f32", "rl:q8", "rl:bin", "rl:reduce");
            List<List<String>> names = List.of(build(c, "rl:f32", "NOQUANT", false), build(c, "rl:q8", "", false),
                    build(c, "rl:bin", "BIN", false), build(c, "rl:reduce", "", true));
            List<List<String>> before = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                before.add(state(c, keys.get(i), names.get(i)));
            }
            String digest = c.callText("DEBUG", "DIGEST");
            assertEquals("+OK\r\n", c.callText("DEBUG", "RELOAD"));
            assertEquals(digest, c.callText("DEBUG", "DIGEST"));
            for (int i = 0; i < keys.size(); i++) {
                assertEquals("+vectorset\r\n", c.callText("TYPE", keys.get(i)));
                assertEquals(before.get(i), state(c, keys.get(i), names.get(i)), keys.get(i));
            }
            c.callText("FLUSHALL");
        }
    }

    private static String[] withOptions(String[] cmd, String variant) {
        List<String> out = new ArrayList<>(List.of(cmd));
        out.addAll(List.of(variant.split(" ")));
        return out.toArray(new String[0]);
    }
}
