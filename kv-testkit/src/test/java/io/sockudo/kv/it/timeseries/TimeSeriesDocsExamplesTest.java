package io.sockudo.kv.it.timeseries;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every example of the RedisTimeSeries command reference (TS.CREATE ... TS.DELETERULE), sent raw
 * and compared with the exact reply bytes over RESP2 and RESP3. Where the reference's printed
 * output is out of date or wrong (TS.RANGE's unaligned {@code min 20} buckets, TS.INFO's fields
 * before RedisTimeSeries 1.12, the SELECTED_LABELS example run against keys of an earlier
 * example), the test asserts what RedisTimeSeries 8 returns for the same commands.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeSeriesDocsExamplesTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RespClient connect(int protocol) throws IOException {
        RespClient c = new RespClient(server.port());
        c.callText("FLUSHALL");
        if (protocol == 3) {
            c.callText("HELLO", "3");
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------
    // Expected-reply builders
    // ---------------------------------------------------------------------------------------

    private static String ints(long... v) {
        StringBuilder sb = new StringBuilder("*" + v.length + "\r\n");
        for (long x : v) {
            sb.append(':').append(x).append("\r\n");
        }
        return sb.toString();
    }

    /** A sample value: RESP2 simple string (RedisTimeSeries's form), RESP3 double (Redis's form). */
    private static String val(int p, String resp2, String resp3) {
        return p == 3 ? "," + resp3 + "\r\n" : "+" + resp2 + "\r\n";
    }

    private static String val(int p, String text) {
        return val(p, text, text);
    }

    private static String sample(int p, long ts, String v) {
        return "*2\r\n:" + ts + "\r\n" + val(p, v);
    }

    /** An array of samples given as ts, value, ts, value ... */
    private static String samples(int p, Object... tv) {
        StringBuilder sb = new StringBuilder("*" + tv.length / 2 + "\r\n");
        for (int i = 0; i < tv.length; i += 2) {
            sb.append(sample(p, ((Number) tv[i]).longValue(), tv[i + 1].toString()));
        }
        return sb.toString();
    }

    private static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    private static String nil(int p) {
        return p == 3 ? "_\r\n" : "$-1\r\n";
    }

    private static String map(int p, int pairs) {
        return (p == 3 ? "%" + pairs : "*" + 2 * pairs) + "\r\n";
    }

    /** The top level of MGET/MRANGE: a map of keys on RESP3, an array of entries on RESP2. */
    private static String top(int p, int n) {
        return (p == 3 ? "%" : "*") + n + "\r\n";
    }

    /** Labels given as name, value, ...: a map on RESP3, [name, value] arrays on RESP2. */
    private static String labels(int p, String... nv) {
        StringBuilder sb = new StringBuilder(p == 3 ? "%" + nv.length / 2 + "\r\n" : "*" + nv.length / 2 + "\r\n");
        for (int i = 0; i < nv.length; i += 2) {
            if (p != 3) {
                sb.append("*2\r\n");
            }
            sb.append(bulk(nv[i])).append(nv[i + 1] == null ? nil(p) : bulk(nv[i + 1]));
        }
        return sb.toString();
    }

    /** The head of one MGET/MRANGE entry: RESP2 [key, ...] of n elements, RESP3 key => [...] of m. */
    private static String entry(int p, String key, int resp2Len, int resp3Len) {
        return p == 3 ? bulk(key) + "*" + resp3Len + "\r\n" : "*" + resp2Len + "\r\n" + bulk(key);
    }

    private static String aggregators(int p, String agg) {
        if (p != 3) {
            return "";
        }
        return "%1\r\n" + bulk("aggregators") + (agg == null ? "*0\r\n" : "*1\r\n" + bulk(agg));
    }

    // ---------------------------------------------------------------------------------------
    // TS.CREATE, TS.ALTER, TS.ADD, TS.MADD, TS.INCRBY, TS.DECRBY, TS.DEL
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void createAlterAdd(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temperature:2:32", "RETENTION", "60000",
                    "DUPLICATE_POLICY", "MAX", "LABELS", "sensor_id", "2", "area_id", "32"));
            assertEquals("-ERR TSDB: key already exists\r\n", c.callText("TS.CREATE", "temperature:2:32"));
            assertEquals("+OK\r\n", c.callText("TS.ALTER", "temperature:2:32", "LABELS", "sensor_id", "2", "area_id",
                    "32", "sub_area_id", "15"));
            assertEquals("*1\r\n" + bulk("temperature:2:32"), c.callText("TS.QUERYINDEX", "sub_area_id=15")
                    .replace("~1", "*1"));
            assertEquals(":1548149183000\r\n", c.callText("TS.ADD", "temperature:3:11", "1548149183000", "27",
                    "RETENTION", "31536000000"));
            String now = c.callText("TS.ADD", "temperature:3:11", "*", "30");
            assertTrue(now.matches(":\\d{13}\r\n"), now);
            assertEquals("+TSDB-TYPE\r\n", c.callText("TYPE", "temperature:3:11"));
            assertEquals(sample(p, Long.parseLong(now.substring(1).trim()), "30"),
                    c.callText("TS.GET", "temperature:3:11"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void maddIncrbyDel(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "stock:A", "LABELS", "type", "stock", "name", "A"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "stock:B", "LABELS", "type", "stock", "name", "B"));
            assertEquals(ints(1000, 1010, 1020, 1000, 1010, 1020), c.callText("TS.MADD", "stock:A", "1000", "100",
                    "stock:A", "1010", "110", "stock:A", "1020", "120", "stock:B", "1000", "120", "stock:B", "1010",
                    "110", "stock:B", "1020", "100"));
            // TS.INCRBY: several points of sale reporting into one timestamp
            assertEquals(":1657811829000\r\n", c.callText("TS.INCRBY", "a", "232", "TIMESTAMP", "1657811829000"));
            assertEquals(":1657811829000\r\n", c.callText("TS.INCRBY", "a", "157", "TIMESTAMP", "1657811829000"));
            assertEquals(":1657811829000\r\n", c.callText("TS.INCRBY", "a", "432", "TIMESTAMP", "1657811829000"));
            assertEquals(sample(p, 1657811829000L, "821"), c.callText("TS.GET", "a"));
            assertEquals("-TSDB: timestamp must be equal to or higher than the maximum existing timestamp\r\n",
                    c.callText("ts.incrby", "a", "100", "TIMESTAMP", "50"));
            String now = c.callText("TS.INCRBY", "counter", "1");
            assertTrue(now.matches(":\\d{13}\r\n"), now);
            assertEquals(":1657811829000\r\n", c.callText("TS.DECRBY", "a", "21", "TIMESTAMP", "1657811829000"));
            assertEquals(sample(p, 1657811829000L, "800"), c.callText("TS.GET", "a"));
            // TS.DEL
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temp:TLV", "LABELS", "type", "temp", "location", "TLV"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temp:JLM", "LABELS", "type", "temp", "location", "JLM"));
            assertEquals(ints(1000, 1010, 1020, 1030), c.callText("TS.MADD", "temp:TLV", "1000", "30", "temp:TLV",
                    "1010", "35", "temp:TLV", "1020", "9999", "temp:TLV", "1030", "40"));
            assertEquals(ints(1005, 1015, 1025, 1035), c.callText("TS.MADD", "temp:JLM", "1005", "30", "temp:JLM",
                    "1015", "35", "temp:JLM", "1025", "9999", "temp:JLM", "1035", "40"));
            assertEquals(":4\r\n", c.callText("TS.DEL", "temp:TLV", "1000", "1030"));
            assertEquals("*0\r\n", c.callText("TS.RANGE", "temp:TLV", "-", "+"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.GET, TS.MGET
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void getAndLatest(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temp:TLV", "LABELS", "type", "temp", "location", "TLV"));
            assertEquals(ints(1672534800, 1672556400, 1672578000, 1672599600), c.callText("TS.MADD",
                    "temp:TLV", "1672534800", "12", "temp:TLV", "1672556400", "16",
                    "temp:TLV", "1672578000", "21", "temp:TLV", "1672599600", "14"));
            assertEquals(sample(p, 1672599600, "14"), c.callText("TS.GET", "temp:TLV"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temp:JLM", "LABELS", "type", "temp", "location", "JLM"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "dailyMaxTemp:JLM", "LABELS", "type", "temp",
                    "location", "JLM"));
            assertEquals("+OK\r\n", c.callText("TS.CREATERULE", "temp:JLM", "dailyMaxTemp:JLM", "AGGREGATION", "max",
                    "86400000"));
            assertEquals(ints(1672534800000L, 1672556400000L, 1672578000000L, 1672599600000L), c.callText("TS.MADD",
                    "temp:JLM", "1672534800000", "12", "temp:JLM", "1672556400000", "16",
                    "temp:JLM", "1672578000000", "21", "temp:JLM", "1672599600000", "14"));
            assertEquals(ints(1672621200000L, 1672642800000L, 1672664400000L), c.callText("TS.MADD",
                    "temp:JLM", "1672621200000", "11", "temp:JLM", "1672642800000", "21",
                    "temp:JLM", "1672664400000", "26"));
            assertEquals(sample(p, 1672531200000L, "21"), c.callText("TS.GET", "dailyMaxTemp:JLM"));
            assertEquals(sample(p, 1672617600000L, "26"), c.callText("TS.GET", "dailyMaxTemp:JLM", "LATEST"));
            assertEquals("*0\r\n", c.callText("TS.RANGE", "dailyMaxTemp:JLM", "1672617600001", "+", "LATEST"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void mget(int p) throws IOException {
        try (RespClient c = connect(p)) {
            c.callText("TS.CREATE", "temp:TLV", "LABELS", "type", "temp", "location", "TLV");
            c.callText("TS.CREATE", "temp:JLM", "LABELS", "type", "temp", "location", "JLM");
            c.callText("TS.MADD", "temp:TLV", "1000", "30", "temp:TLV", "1010", "35", "temp:TLV", "1020", "9999",
                    "temp:TLV", "1030", "40");
            c.callText("TS.MADD", "temp:JLM", "1005", "30", "temp:JLM", "1015", "35", "temp:JLM", "1025", "9999",
                    "temp:JLM", "1035", "40");
            assertEquals(top(p, 2)
                    + entry(p, "temp:JLM", 3, 2) + labels(p, "type", "temp", "location", "JLM") + sample(p, 1035, "40")
                    + entry(p, "temp:TLV", 3, 2) + labels(p, "type", "temp", "location", "TLV") + sample(p, 1030, "40"),
                    c.callText("TS.MGET", "WITHLABELS", "FILTER", "type=temp"));
            assertEquals(top(p, 2)
                    + entry(p, "temp:JLM", 3, 2) + labels(p, "location", "JLM") + sample(p, 1035, "40")
                    + entry(p, "temp:TLV", 3, 2) + labels(p, "location", "TLV") + sample(p, 1030, "40"),
                    c.callText("TS.MGET", "SELECTED_LABELS", "location", "FILTER", "type=temp"));
            assertEquals(top(p, 1) + entry(p, "temp:JLM", 3, 2) + labels(p) + sample(p, 1035, "40"),
                    c.callText("TS.MGET", "FILTER", "location=JLM", "type=(temp,x)"));
            assertEquals("-ERR TSDB: cannot accept WITHLABELS and SELECT_LABELS together\r\n",
                    c.callText("TS.MGET", "WITHLABELS", "SELECTED_LABELS", "a", "FILTER", "type=temp"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.RANGE, TS.REVRANGE
    // ---------------------------------------------------------------------------------------

    private static void stocks(RespClient c, boolean both) throws IOException {
        c.callText("TS.CREATE", "stock:A", "LABELS", "type", "stock", "name", "A");
        c.callText("TS.MADD", "stock:A", "1000", "100", "stock:A", "1010", "110", "stock:A", "1020", "120");
        if (both) {
            c.callText("TS.CREATE", "stock:B", "LABELS", "type", "stock", "name", "B");
            c.callText("TS.MADD", "stock:B", "1000", "120", "stock:B", "1010", "110", "stock:B", "1020", "100");
        }
        c.callText("TS.MADD", "stock:A", "2000", "200", "stock:A", "2010", "210", "stock:A", "2020", "220");
        if (both) {
            c.callText("TS.MADD", "stock:B", "2000", "220", "stock:B", "2010", "210", "stock:B", "2020", "200");
        }
        c.callText("TS.MADD", "stock:A", "3000", "300", "stock:A", "3010", "310", "stock:A", "3020", "320");
        if (both) {
            c.callText("TS.MADD", "stock:B", "3000", "320", "stock:B", "3010", "310", "stock:B", "3020", "300");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void rangeAndRevrange(int p) throws IOException {
        try (RespClient c = connect(p)) {
            c.callText("TS.CREATE", "temp:TLV", "LABELS", "type", "temp", "location", "TLV");
            assertEquals(ints(1000, 1010, 1020, 1030), c.callText("TS.MADD", "temp:TLV", "1000", "30", "temp:TLV",
                    "1010", "35", "temp:TLV", "1020", "9999", "temp:TLV", "1030", "40"));
            assertEquals(samples(p, 1000, 30, 1010, 35, 1030, 40),
                    c.callText("TS.RANGE", "temp:TLV", "-", "+", "FILTER_BY_VALUE", "-100", "100"));
            assertEquals(samples(p, 1000, 35),
                    c.callText("TS.RANGE", "temp:TLV", "-", "+", "FILTER_BY_VALUE", "-100", "100", "AGGREGATION", "avg",
                            "1000"));
            assertEquals(samples(p, 1030, 40, 1010, 35, 1000, 30),
                    c.callText("TS.REVRANGE", "temp:TLV", "-", "+", "FILTER_BY_VALUE", "-100", "100"));
            assertEquals(samples(p, 1000, 35),
                    c.callText("TS.REVRANGE", "temp:TLV", "-", "+", "FILTER_BY_VALUE", "-100", "100", "AGGREGATION",
                            "avg", "1000"));
            stocks(c, false);
            // The reference prints 1040/1060/1080 buckets for this one; the samples give these
            assertEquals(samples(p, 1000, 100, 1020, 120, 2000, 200, 2020, 220, 3000, 300, 3020, 320),
                    c.callText("TS.RANGE", "stock:A", "-", "+", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 990, 100, 1010, 110, 1990, 200, 2010, 210, 2990, 300, 3010, 310),
                    c.callText("TS.RANGE", "stock:A", "-", "+", "ALIGN", "10", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 985, 100, 1005, 110, 1985, 200, 2005, 210, 2985, 300, 3005, 310),
                    c.callText("TS.RANGE", "stock:A", "5", "+", "ALIGN", "-", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 3020, 320, 3000, 300, 2020, 220, 2000, 200, 1020, 120, 1000, 100),
                    c.callText("TS.REVRANGE", "stock:A", "-", "+", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 3010, 310, 2990, 300, 2010, 210, 1990, 200, 1010, 110, 990, 100),
                    c.callText("TS.REVRANGE", "stock:A", "-", "+", "ALIGN", "10", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 3005, 310, 2985, 300, 2005, 210, 1985, 200, 1005, 110, 985, 100),
                    c.callText("TS.REVRANGE", "stock:A", "5", "+", "ALIGN", "-", "AGGREGATION", "min", "20"));
            assertEquals("-ERR TSDB: end alignment can only be used with explicit end timestamp\r\n",
                    c.callText("TS.RANGE", "stock:A", "5", "+", "ALIGN", "+", "AGGREGATION", "min", "20"));
            assertEquals(samples(p, 1000, 3, 1500, 0, 2000, 3),
                    c.callText("TS.RANGE", "stock:A", "1000", "2999", "AGGREGATION", "count", "500", "EMPTY"));
            assertEquals(samples(p, 1500, 110, 2500, 210),
                    c.callText("TS.RANGE", "stock:A", "-", "2999", "AGGREGATION", "avg", "1000", "BUCKETTIMESTAMP",
                            "mid", "COUNT", "2"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.MRANGE, TS.MREVRANGE, TS.QUERYINDEX
    // ---------------------------------------------------------------------------------------

    private static String grouped(int p, String name, String label, String value, String reducer, String sources,
                                  String samples) {
        if (p == 3) {
            StringBuilder src = new StringBuilder();
            String[] keys = sources.split(",");
            for (String k : keys) {
                src.append(bulk(k));
            }
            return bulk(name) + "*4\r\n" + labels(p, label, value) + "%1\r\n" + bulk("reducers") + "*1\r\n"
                    + bulk(reducer) + "%1\r\n" + bulk("sources") + "*" + keys.length + "\r\n" + src + samples;
        }
        return "*3\r\n" + bulk(name) + labels(p, label, value, "__reducer__", reducer, "__source__", sources) + samples;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void mrangeGroupByReduce(int p) throws IOException {
        try (RespClient c = connect(p)) {
            stocks(c, true);
            assertEquals(top(p, 1) + grouped(p, "type=stock", "type", "stock", "max", "stock:A,stock:B",
                    samples(p, 1000, 120, 1010, 110, 1020, 120, 2000, 220, 2010, 210, 2020, 220, 3000, 320, 3010, 310,
                            3020, 320)),
                    c.callText("TS.MRANGE", "-", "+", "WITHLABELS", "FILTER", "type=stock", "GROUPBY", "type", "REDUCE",
                            "max"));
            assertEquals(top(p, 1) + grouped(p, "type=stock", "type", "stock", "max", "stock:A,stock:B",
                    samples(p, 1000, 110, 2000, 210, 3000, 310)),
                    c.callText("TS.MRANGE", "-", "+", "WITHLABELS", "AGGREGATION", "avg", "1000", "FILTER", "type=stock",
                            "GROUPBY", "type", "REDUCE", "max"));
            assertEquals(top(p, 1) + grouped(p, "type=stock", "type", "stock", "max", "stock:A,stock:B",
                    samples(p, 3000, 310, 2000, 210, 1000, 110)),
                    c.callText("TS.MREVRANGE", "-", "+", "WITHLABELS", "AGGREGATION", "avg", "1000", "FILTER",
                            "type=stock", "GROUPBY", "type", "REDUCE", "max"));
            assertEquals("-ERR TSDB: Invalid reducer type\r\n", c.callText("TS.MRANGE", "-", "+", "FILTER",
                    "type=stock", "GROUPBY", "type", "REDUCE", "first"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void mrangeByMetric(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(":1548149180000\r\n", c.callText("TS.ADD", "ts1", "1548149180000", "90", "labels", "metric",
                    "cpu", "metric_name", "system", "team", "NY"));
            assertEquals(":1548149185000\r\n", c.callText("TS.ADD", "ts1", "1548149185000", "45"));
            assertEquals(":1548149180000\r\n", c.callText("TS.ADD", "ts2", "1548149180000", "99", "labels", "metric",
                    "cpu", "metric_name", "user", "team", "SF"));
            assertEquals(top(p, 2)
                    + grouped(p, "metric_name=system", "metric_name", "system", "max", "ts1",
                            samples(p, 1548149180000L, 90, 1548149185000L, 45))
                    + grouped(p, "metric_name=user", "metric_name", "user", "max", "ts2", samples(p, 1548149180000L, 99)),
                    c.callText("TS.MRANGE", "-", "+", "WITHLABELS", "FILTER", "metric=cpu", "GROUPBY", "metric_name",
                            "REDUCE", "max"));
            assertEquals(top(p, 2)
                    + grouped(p, "metric_name=system", "metric_name", "system", "max", "ts1",
                            samples(p, 1548149185000L, 45, 1548149180000L, 90))
                    + grouped(p, "metric_name=user", "metric_name", "user", "max", "ts2", samples(p, 1548149180000L, 99)),
                    c.callText("TS.MREVRANGE", "-", "+", "WITHLABELS", "FILTER", "metric=cpu", "GROUPBY", "metric_name",
                            "REDUCE", "max"));
            String withLabels1 = labels(p, "metric", "cpu", "metric_name", "system", "team", "NY");
            String withLabels2 = labels(p, "metric", "cpu", "metric_name", "user", "team", "SF");
            assertEquals(top(p, 2)
                    + entry(p, "ts1", 3, 3) + withLabels1 + aggregators(p, null) + samples(p, 1548149180000L, 90)
                    + entry(p, "ts2", 3, 3) + withLabels2 + aggregators(p, null) + samples(p, 1548149180000L, 99),
                    c.callText("TS.MRANGE", "-", "+", "FILTER_BY_VALUE", "90", "100", "WITHLABELS", "FILTER",
                            "metric=cpu"));
            assertEquals(top(p, 2)
                    + entry(p, "ts1", 3, 3) + withLabels1 + aggregators(p, null) + samples(p, 1548149180000L, 90)
                    + entry(p, "ts2", 3, 3) + withLabels2 + aggregators(p, null) + samples(p, 1548149180000L, 99),
                    c.callText("TS.MREVRANGE", "-", "+", "FILTER_BY_VALUE", "90", "100", "WITHLABELS", "FILTER",
                            "metric=cpu"));
            assertEquals(top(p, 2)
                    + entry(p, "ts1", 3, 3) + labels(p, "team", "NY") + aggregators(p, null)
                    + samples(p, 1548149180000L, 90, 1548149185000L, 45)
                    + entry(p, "ts2", 3, 3) + labels(p, "team", "SF") + aggregators(p, null)
                    + samples(p, 1548149180000L, 99),
                    c.callText("TS.MRANGE", "-", "+", "SELECTED_LABELS", "team", "FILTER", "metric=cpu"));
            assertEquals(top(p, 2)
                    + entry(p, "ts1", 3, 3) + labels(p, "team", "NY", "nope", null) + aggregators(p, null)
                    + samples(p, 1548149185000L, 45, 1548149180000L, 90)
                    + entry(p, "ts2", 3, 3) + labels(p, "team", "SF", "nope", null) + aggregators(p, null)
                    + samples(p, 1548149180000L, 99),
                    c.callText("TS.MREVRANGE", "-", "+", "SELECTED_LABELS", "team", "nope", "FILTER", "metric=cpu"));
            assertEquals(top(p, 1) + entry(p, "ts1", 3, 3) + labels(p) + aggregators(p, "max")
                    + samples(p, 1548149160000L, 90),
                    c.callText("TS.MRANGE", "-", "+", "AGGREGATION", "max", "60000", "FILTER", "metric=cpu",
                            "team!=SF"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void queryindex(int p) throws IOException {
        try (RespClient c = connect(p)) {
            c.callText("TS.CREATE", "telemetry:study:temperature", "LABELS", "room", "study", "type", "temperature");
            c.callText("TS.CREATE", "telemetry:study:humidity", "LABELS", "room", "study", "type", "humidity");
            c.callText("TS.CREATE", "telemetry:kitchen:temperature", "LABELS", "room", "kitchen", "type", "temperature");
            c.callText("TS.CREATE", "telemetry:kitchen:humidity", "LABELS", "room", "kitchen", "type", "humidity");
            String set = p == 3 ? "~2\r\n" : "*2\r\n";
            assertEquals(set + bulk("telemetry:kitchen:humidity") + bulk("telemetry:kitchen:temperature"),
                    c.callText("TS.QUERYINDEX", "room=kitchen"));
            assertEquals(set + bulk("telemetry:kitchen:temperature") + bulk("telemetry:study:temperature"),
                    c.callText("TS.QUERYINDEX", "type=temperature"));
            assertEquals(set + bulk("telemetry:kitchen:humidity") + bulk("telemetry:study:humidity"),
                    c.callText("TS.QUERYINDEX", "type=(humidity,wind)", "room!=", "type!=temperature"));
            assertEquals((p == 3 ? "~0" : "*0") + "\r\n", c.callText("TS.QUERYINDEX", "room=kitchen", "type="));
        }
    }

    // ---------------------------------------------------------------------------------------
    // TS.INFO, TS.CREATERULE, TS.DELETERULE
    // ---------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void infoAndRules(int p) throws IOException {
        try (RespClient c = connect(p)) {
            c.callText("TS.CREATE", "telemetry:kitchen:temperature", "LABELS", "room", "kitchen", "type", "temperature");
            String head = "+totalSamples\r\n:0\r\n+memoryUsage\r\n:4246\r\n+firstTimestamp\r\n:0\r\n"
                    + "+lastTimestamp\r\n:0\r\n+retentionTime\r\n:0\r\n+chunkCount\r\n:1\r\n+chunkSize\r\n:4096\r\n"
                    + "+chunkType\r\n+compressed\r\n+duplicatePolicy\r\n+block\r\n+labels\r\n"
                    + labels(p, "room", "kitchen", "type", "temperature") + "+sourceKey\r\n" + nil(p) + "+rules\r\n"
                    + (p == 3 ? "%0" : "*0") + "\r\n+ignoreMaxTimeDiff\r\n:0\r\n+ignoreMaxValDiff\r\n"
                    + (p == 3 ? ",0\r\n" : "$1\r\n0\r\n");
            assertEquals(map(p, 14) + head, c.callText("TS.INFO", "telemetry:kitchen:temperature"));
            assertEquals(map(p, 16) + head + "+keySelfName\r\n" + bulk("telemetry:kitchen:temperature")
                    + "+Chunks\r\n*1\r\n" + map(p, 5) + "+startTimestamp\r\n:-1\r\n+endTimestamp\r\n:-1\r\n"
                    + "+samples\r\n:0\r\n+size\r\n:4096\r\n+bytesPerSample\r\n" + (p == 3 ? ",0\r\n" : "$1\r\n0\r\n"),
                    c.callText("TS.INFO", "telemetry:kitchen:temperature", "DEBUG"));
            // TS.CREATERULE
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "temp:TLV", "LABELS", "type", "temp", "location", "TLV"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "dailyAvgTemp:TLV", "LABELS", "type", "temp", "location",
                    "TLV"));
            assertEquals("+OK\r\n", c.callText("TS.CREATERULE", "temp:TLV", "dailyAvgTemp:TLV", "AGGREGATION", "twa",
                    "86400000"));
            assertEquals("+OK\r\n", c.callText("TS.CREATE", "dailyDiffTemp:TLV", "LABELS", "type", "temp", "location",
                    "TLV"));
            assertEquals("+OK\r\n", c.callText("TS.CREATERULE", "temp:TLV", "dailyDiffTemp:TLV", "AGGREGATION", "range",
                    "86400000", "21600000"));
            String info = c.callText("TS.INFO", "temp:TLV");
            String rules = p == 3
                    ? "+rules\r\n%2\r\n" + bulk("dailyAvgTemp:TLV") + "*3\r\n:86400000\r\n+TWA\r\n:0\r\n"
                    + bulk("dailyDiffTemp:TLV") + "*3\r\n:86400000\r\n+RANGE\r\n:21600000\r\n"
                    : "+rules\r\n*2\r\n*4\r\n" + bulk("dailyAvgTemp:TLV") + ":86400000\r\n+TWA\r\n:0\r\n"
                    + "*4\r\n" + bulk("dailyDiffTemp:TLV") + ":86400000\r\n+RANGE\r\n:21600000\r\n";
            assertTrue(info.contains(rules), info);
            assertTrue(c.callText("TS.INFO", "dailyDiffTemp:TLV").contains("+sourceKey\r\n" + bulk("temp:TLV")));
            assertEquals("-ERR TSDB: the destination key already has a src rule\r\n",
                    c.callText("TS.CREATERULE", "temp:TLV", "dailyDiffTemp:TLV", "AGGREGATION", "max", "1000"));
            assertEquals("-ERR TSDB: the source key already has a source rule\r\n",
                    c.callText("TS.CREATERULE", "dailyDiffTemp:TLV", "x", "AGGREGATION", "max", "1000"));
            // TS.DELETERULE
            assertEquals("+OK\r\n", c.callText("TS.DELETERULE", "temp:TLV", "dailyDiffTemp:TLV"));
            assertEquals("-ERR TSDB: compaction rule does not exist\r\n",
                    c.callText("TS.DELETERULE", "temp:TLV", "dailyDiffTemp:TLV"));
            assertTrue(c.callText("TS.INFO", "dailyDiffTemp:TLV").contains("+sourceKey\r\n" + nil(p)));
            c.callText("SET", "str", "x");
            assertEquals("-ERR WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
                    c.callText("TS.GET", "str"));
            assertEquals("-ERR TSDB: the key is not a TSDB key\r\n", c.callText("TS.ADD", "str", "1", "1"));
            assertEquals("$3\r\nraw\r\n", c.callText("OBJECT", "ENCODING", "temp:TLV"));
        }
    }
}
