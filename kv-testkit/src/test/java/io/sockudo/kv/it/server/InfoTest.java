package io.sockudo.kv.it.server;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import io.sockudo.kv.testkit.RespValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INFO over the network: sections and fields exist, and counters move. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InfoTest {
    private static EmbeddedServer kv;

    @BeforeAll
    static void start() {
        kv = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        kv.close();
    }

    /** INFO text as section name -> (field -> value). */
    static Map<String, Map<String, String>> info(RespClient c, String... sections) throws IOException {
        String[] args = new String[sections.length + 1];
        args[0] = "INFO";
        System.arraycopy(sections, 0, args, 1, sections.length);
        List<Object> reply = RespValue.parse(c.call(bytes(args)));
        String text = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        assertFalse(text.replace("\r\n", "").contains("\n"), "every line ends with CRLF");
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text.split("\r\n")) {
            if (line.startsWith("# ")) {
                current = new LinkedHashMap<>();
                out.put(line.substring(2), current);
            } else if (!line.isEmpty()) {
                assertNotNull(current, "field outside a section: " + line);
                int colon = line.indexOf(':');
                assertTrue(colon > 0, line);
                current.put(line.substring(0, colon), line.substring(colon + 1));
            }
        }
        return out;
    }

    private static List<byte[]> bytes(String... args) {
        return java.util.Arrays.stream(args).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static long number(String v) {
        return Long.parseLong(v);
    }

    /** {@code calls=3,usec=...} -> map. */
    private static Map<String, String> stat(String v) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : v.split(",")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    @Test
    void defaultSectionsAndServerFields() throws IOException {
        try (RespClient c = new RespClient(kv.port())) {
            Map<String, Map<String, String>> info = info(c);
            assertEquals(List.of("Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU",
                    "Modules", "Errorstats", "Cluster", "Keyspace"), List.copyOf(info.keySet()));
            Map<String, String> server = info.get("Server");
            assertEquals("7.0.15", server.get("redis_version"));
            assertEquals("standalone", server.get("redis_mode"));
            assertEquals(String.valueOf(kv.port()), server.get("tcp_port"));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), server.get("process_id"));
            assertEquals(40, server.get("run_id").length());
            for (String f : List.of("sockudo_kv_version", "os", "arch_bits", "uptime_in_seconds", "hz", "executable",
                    "config_file", "lru_clock", "server_time_usec", "multiplexing_api")) {
                assertTrue(server.containsKey(f), f);
            }
            assertEquals("master", info.get("Replication").get("role"));
            assertEquals("0", info.get("Replication").get("connected_slaves"));
            assertEquals("0", info.get("Persistence").get("loading"));
            assertTrue(number(info.get("Clients").get("connected_clients")) >= 1);
            assertTrue(number(info.get("Memory").get("used_memory")) > 0);
            assertTrue(Double.parseDouble(info.get("CPU").get("used_cpu_user")) >= 0);
            assertTrue(info.get("Modules").values().stream().allMatch(v -> v.startsWith("name=")));
            assertEquals(List.of("Commandstats"), List.copyOf(info(c, "commandstats").keySet()));
            assertTrue(info(c, "everything").keySet().containsAll(List.of("Commandstats", "Latencystats")));
        }
    }

    @Test
    void countersMove() throws IOException {
        try (RespClient c = new RespClient(kv.port())) {
            long before = number(info(c, "stats").get("Stats").get("total_commands_processed"));
            Map<String, String> cs0 = info(c, "commandstats").get("Commandstats");
            long gets0 = cs0.containsKey("cmdstat_get") ? number(stat(cs0.get("cmdstat_get")).get("calls")) : 0;
            c.callText("SET", "info:k", "v");
            for (int i = 0; i < 3; i++) {
                c.callText("GET", "info:k");
            }
            c.callText("GET");
            Map<String, String> get = stat(info(c, "commandstats").get("Commandstats").get("cmdstat_get"));
            assertEquals(gets0 + 3, number(get.get("calls")));
            assertTrue(number(get.get("rejected_calls")) >= 1, "the arity error is a rejected call");
            assertTrue(get.get("usec_per_call").matches("\\d+\\.\\d\\d"));
            long after = number(info(c, "stats").get("Stats").get("total_commands_processed"));
            assertTrue(after >= before + 5, before + " -> " + after);

            Map<String, String> es0 = info(c, "errorstats").get("Errorstats");
            long err0 = es0.containsKey("errorstat_ERR") ? number(stat(es0.get("errorstat_ERR")).get("count")) : 0;
            c.callText("NOSUCHCOMMAND");
            Map<String, String> es = info(c, "errorstats").get("Errorstats");
            assertEquals(err0 + 1, number(stat(es.get("errorstat_ERR")).get("count")));

            String db0 = info(c, "keyspace").get("Keyspace").get("db0");
            assertTrue(db0.matches("keys=\\d+,expires=\\d+,avg_ttl=\\d+"), db0);
            assertTrue(number(stat(db0).get("keys")) >= 1);
        }
    }

    @Test
    void unknownSectionIsEmptyAndCaseIsIgnored() throws IOException {
        try (RespClient c = new RespClient(kv.port())) {
            assertEquals("$0\r\n\r\n", c.callText("INFO", "nosuch"));
            assertEquals(List.of("Server", "Keyspace"), List.copyOf(info(c, "KEYSPACE", "Server").keySet()));
        }
    }
}
