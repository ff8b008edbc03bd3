package io.sockudo.kv.it.probabilistic;

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

/**
 * Every example of the RedisBloom command reference (BF, CF, CMS, TOPK, TDIGEST), sent raw and
 * compared with the exact reply bytes, over RESP2 and RESP3. Where an example's output depends on
 * the sketch's randomness or is illustrative (TOPK.ADD's expelled items), the test checks what the
 * structure guarantees instead.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProbabilisticDocsExamplesTest {
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

    private static String ints(int proto, long... v) {
        StringBuilder sb = new StringBuilder("*" + v.length + "\r\n");
        for (long x : v) {
            sb.append(':').append(x).append("\r\n");
        }
        return sb.toString();
    }

    private static String nil(int proto) {
        return proto == 3 ? "_\r\n" : "$-1\r\n";
    }

    private static String dbl(int proto, String text) {
        return proto == 3 ? "," + text + "\r\n" : "$" + text.length() + "\r\n" + text + "\r\n";
    }

    private static String dbls(int proto, String... v) {
        StringBuilder sb = new StringBuilder("*" + v.length + "\r\n");
        for (String x : v) {
            sb.append(dbl(proto, x));
        }
        return sb.toString();
    }

    private static String map(int proto, int pairs) {
        return (proto == 3 ? "%" + pairs : "*" + 2 * pairs) + "\r\n";
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void bloomExamples(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(":1\r\n", c.callText("BF.ADD", "bf", "item1"));
            assertEquals(":0\r\n", c.callText("BF.ADD", "bf", "item1"));
            assertEquals(":1\r\n", c.callText("BF.EXISTS", "bf", "item1"));
            assertEquals(":0\r\n", c.callText("BF.EXISTS", "bf", "item2"));
            assertEquals(ints(p, 1, 1, 0), c.callText("BF.MADD", "bfm", "item1", "item2", "item2"));
            assertEquals(ints(p, 1, 1, 0), c.callText("BF.MEXISTS", "bfm", "item1", "item2", "item3"));
            // BF.CARD
            assertEquals(":1\r\n", c.callText("BF.ADD", "bf1", "item_foo"));
            assertEquals(":1\r\n", c.callText("BF.CARD", "bf1"));
            assertEquals(":0\r\n", c.callText("BF.CARD", "bf_new"));
            // BF.INFO
            assertEquals(":1\r\n", c.callText("BF.ADD", "bfi", "observation1"));
            assertEquals(map(p, 5) + "+Capacity\r\n:100\r\n+Size\r\n:240\r\n+Number of filters\r\n:1\r\n"
                    + "+Number of items inserted\r\n:1\r\n+Expansion rate\r\n:2\r\n", c.callText("BF.INFO", "bfi"));
            assertEquals("*1\r\n:100\r\n", c.callText("BF.INFO", "bfi", "CAPACITY"));
            assertEquals("-Invalid information value\r\n", c.callText("BF.INFO", "bfi", "NOPE"));
            assertEquals("-ERR not found\r\n", c.callText("BF.INFO", "missing"));
            // BF.INSERT
            assertEquals(ints(p, 1, 1, 1), c.callText("BF.INSERT", "filter", "ITEMS", "foo", "bar", "baz"));
            assertEquals(ints(p, 1), c.callText("BF.INSERT", "filter", "CAPACITY", "10000", "ITEMS", "hello"));
            assertEquals("-ERR not found\r\n", c.callText("BF.INSERT", "nofilter", "NOCREATE", "ITEMS", "foo", "bar"));
            assertEquals(ints(p, 1), c.callText("BF.INSERT", "f2", "CAPACITY", "1000", "ERROR", "0.001", "EXPANSION", "4", "ITEMS", "x"));
            // BF.RESERVE
            assertEquals("+OK\r\n", c.callText("BF.RESERVE", "bfr", "0.01", "1000"));
            assertEquals("-ERR item exists\r\n", c.callText("BF.RESERVE", "bfr", "0.01", "1000"));
            assertEquals("+OK\r\n", c.callText("BF.RESERVE", "bf_exp", "0.01", "1000", "EXPANSION", "2"));
            assertEquals("+OK\r\n", c.callText("BF.RESERVE", "bf_non", "0.01", "1000", "NONSCALING"));
            assertEquals("*1\r\n" + nil(p), c.callText("BF.INFO", "bf_non", "EXPANSION"));
            assertEquals("-ERR bad error rate\r\n", c.callText("BF.RESERVE", "x", "abc", "1000"));
            assertEquals("-ERR (0 < error rate range < 1) \r\n", c.callText("BF.RESERVE", "x", "1", "1000"));
            assertEquals("-ERR bad capacity\r\n", c.callText("BF.RESERVE", "x", "0.1", "ten"));
            assertEquals("-ERR (capacity should be larger than 0)\r\n", c.callText("BF.RESERVE", "x", "0.1", "0"));
            assertEquals("-ERR no expansion\r\n", c.callText("BF.RESERVE", "x", "0.1", "10", "EXPANSION"));
            assertEquals("-Nonscaling filters cannot expand\r\n", c.callText("BF.RESERVE", "x", "0.1", "10", "NONSCALING", "EXPANSION", "2"));
            assertEquals("-ERR wrong number of arguments for 'bf.reserve' command\r\n", c.callText("BF.RESERVE", "x", "0.1"));
            // a full non-scaling filter
            assertEquals("+OK\r\n", c.callText("BF.RESERVE", "tiny", "0.01", "2", "NONSCALING"));
            assertEquals("*3\r\n:1\r\n:1\r\n-ERR non scaling filter is full\r\n", c.callText("BF.MADD", "tiny", "a", "b", "c", "d"));
            // BF.SCANDUMP: the chunk is RedisBloom's, bit for bit
            assertEquals("+OK\r\n", c.callText("BF.RESERVE", "sd", "0.1", "10"));
            assertEquals(":1\r\n", c.callText("BF.ADD", "sd", "item1"));
            String hdr = c.callText("BF.SCANDUMP", "sd", "0");
            assertEquals("*2\r\n:1\r\n$73\r\n", hdr.substring(0, hdr.indexOf("$73\r\n") + 5));
            assertEquals("*2\r\n:9\r\n$8\r\n\u0001\b\u0000\u0080\u0000\u0004 \u0000\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1).length,
                    c.call(java.util.List.of("BF.SCANDUMP".getBytes(), "sd".getBytes(), "1".getBytes())).length);
            byte[] chunk = c.call(java.util.List.of("BF.SCANDUMP".getBytes(), "sd".getBytes(), "1".getBytes()));
            byte[] expected = {'*', '2', '\r', '\n', ':', '9', '\r', '\n', '$', '8', '\r', '\n', 1, 8, 0, (byte) 0x80, 0, 4, 0x20, 0, '\r', '\n'};
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(chunk));
            assertEquals("*2\r\n:0\r\n$0\r\n\r\n", c.callText("BF.SCANDUMP", "sd", "9"));
            // wrong type
            c.callText("SET", "str", "x");
            assertEquals("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n", c.callText("BF.ADD", "str", "x"));
            assertEquals("+MBbloom--\r\n", c.callText("TYPE", "bf"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void cuckooExamples(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals(":1\r\n", c.callText("CF.ADD", "cf", "item1"));
            assertEquals(":1\r\n", c.callText("CF.ADD", "cf", "item1"));
            assertEquals(":1\r\n", c.callText("CF.ADDNX", "cfnx", "item"));
            assertEquals(":0\r\n", c.callText("CF.ADDNX", "cfnx", "item"));
            assertEquals(ints(p, 1, 1, 1), c.callText("CF.INSERT", "cfc", "ITEMS", "item1", "item2", "item2"));
            assertEquals(":1\r\n", c.callText("CF.COUNT", "cfc", "item1"));
            assertEquals(":2\r\n", c.callText("CF.COUNT", "cfc", "item2"));
            assertEquals(":1\r\n", c.callText("CF.DEL", "cfc", "item1"));
            assertEquals(":0\r\n", c.callText("CF.DEL", "cfc", "item1"));
            assertEquals(":1\r\n", c.callText("CF.DEL", "cfc", "item2"));
            assertEquals(":1\r\n", c.callText("CF.EXISTS", "cf", "item1"));
            assertEquals(":0\r\n", c.callText("CF.EXISTS", "cf", "item2"));
            assertEquals(":1\r\n", c.callText("CF.ADD", "cfi", "item1"));
            assertEquals(map(p, 8) + "+Size\r\n:1080\r\n+Number of buckets\r\n:512\r\n+Number of filters\r\n:1\r\n"
                    + "+Number of items inserted\r\n:1\r\n+Number of items deleted\r\n:0\r\n+Bucket size\r\n:2\r\n"
                    + "+Expansion rate\r\n:1\r\n+Max iterations\r\n:20\r\n", c.callText("CF.INFO", "cfi"));
            assertEquals(ints(p, 1, 1), c.callText("CF.INSERT", "cfn", "CAPACITY", "1000", "ITEMS", "item1", "item2"));
            assertEquals("-ERR not found\r\n", c.callText("CF.INSERT", "cf1", "CAPACITY", "1000", "NOCREATE", "ITEMS", "item1", "item2"));
            assertEquals("+OK\r\n", c.callText("CF.RESERVE", "cf2", "2", "BUCKETSIZE", "1", "EXPANSION", "0"));
            assertEquals(ints(p, 1, 1, -1, -1), c.callText("CF.INSERT", "cf2", "ITEMS", "1", "1", "1", "1"));
            assertEquals(ints(p, 1, 1), c.callText("CF.INSERT", "cfmx", "ITEMS", "item1", "item2"));
            assertEquals(ints(p, 1, 1, 0), c.callText("CF.MEXISTS", "cfmx", "item1", "item2", "item3"));
            assertEquals("+OK\r\n", c.callText("CF.RESERVE", "cfr", "1000"));
            assertEquals("-ERR item exists\r\n", c.callText("CF.RESERVE", "cfr", "1000"));
            assertEquals("+OK\r\n", c.callText("CF.RESERVE", "cf_params", "1000", "BUCKETSIZE", "8", "MAXITERATIONS", "20", "EXPANSION", "2"));
            assertEquals("-Capacity must be at least (BucketSize * 2)\r\n", c.callText("CF.RESERVE", "x", "3"));
            assertEquals("-Bad capacity\r\n", c.callText("CF.RESERVE", "x", "abc"));
            // CF.SCANDUMP: RedisBloom's chunk for item1 in a 4-bucket filter
            assertEquals("+OK\r\n", c.callText("CF.RESERVE", "sd", "8"));
            assertEquals("*2\r\n:0\r\n" + nil(p), c.callText("CF.SCANDUMP", "sd", "0"));
            assertEquals(":1\r\n", c.callText("CF.ADD", "sd", "item1"));
            String hdr = c.callText("CF.SCANDUMP", "sd", "0");
            assertEquals("*2\r\n:1\r\n$38\r\n", hdr.substring(0, 13));
            assertEquals("*2\r\n:9\r\n$8\r\n\u0000\u0000\u0000\u0000\u0007\u0000\u0000\u0000\r\n", c.callText("CF.SCANDUMP", "sd", "1"));
            assertEquals("*2\r\n:0\r\n" + nil(p), c.callText("CF.SCANDUMP", "sd", "9"));
            assertEquals("+MBbloomCF\r\n", c.callText("TYPE", "cf"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void countMinExamples(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("CMS.INITBYDIM", "test", "2000", "5"));
            assertEquals(map(p, 3) + "+width\r\n:2000\r\n+depth\r\n:5\r\n+count\r\n:0\r\n", c.callText("CMS.INFO", "test"));
            assertEquals(ints(p, 10, 42), c.callText("CMS.INCRBY", "test", "foo", "10", "bar", "42"));
            assertEquals(ints(p, 10, 42), c.callText("CMS.QUERY", "test", "foo", "bar"));
            assertEquals("+OK\r\n", c.callText("CMS.INITBYPROB", "prob", "0.001", "0.01"));
            assertEquals(map(p, 3) + "+width\r\n:2000\r\n+depth\r\n:7\r\n+count\r\n:0\r\n", c.callText("CMS.INFO", "prob"));
            assertEquals("+OK\r\n", c.callText("CMS.INITBYDIM", "test1", "2000", "5"));
            assertEquals("+OK\r\n", c.callText("CMS.INITBYDIM", "dest", "2000", "5"));
            assertEquals(ints(p, 1), c.callText("CMS.INCRBY", "test1", "foo", "1"));
            assertEquals("+OK\r\n", c.callText("CMS.MERGE", "dest", "2", "test", "test1", "WEIGHTS", "1", "3"));
            assertEquals(ints(p, 13, 42), c.callText("CMS.QUERY", "dest", "foo", "bar"));
            assertEquals("-CMS: key already exists\r\n", c.callText("CMS.INITBYDIM", "test", "2000", "5"));
            assertEquals("-CMS: key does not exist\r\n", c.callText("CMS.QUERY", "nope", "foo"));
            assertEquals("-CMS: width/depth is not equal\r\n", c.callText("CMS.MERGE", "dest", "1", "prob"));
            assertEquals("-CMS: wrong number of keys\r\n", c.callText("CMS.MERGE", "dest", "2", "test"));
            assertEquals("-CMS: Cannot parse number\r\n", c.callText("CMS.INCRBY", "test", "foo", "x"));
            assertEquals("+CMSk-TYPE\r\n", c.callText("TYPE", "test"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void topKExamples(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("TOPK.RESERVE", "topk", "50", "2000", "7", "0.925"));
            assertEquals(map(p, 4) + "+k\r\n:50\r\n+width\r\n:2000\r\n+depth\r\n:7\r\n+decay\r\n"
                    + dbl(p, "0.92500000000000004"), c.callText("TOPK.INFO", "topk"));
            assertEquals("*3\r\n" + nil(p) + nil(p) + nil(p), c.callText("TOPK.ADD", "topk", "foo", "bar", "42"));
            assertEquals("*3\r\n" + nil(p) + nil(p) + nil(p), c.callText("TOPK.INCRBY", "topk", "foo", "3", "bar", "2", "42", "30"));
            assertEquals(ints(p, 1, 0), c.callText("TOPK.QUERY", "topk", "42", "nonexist"));
            assertEquals(ints(p, 31, 3), c.callText("TOPK.COUNT", "topk", "42", "bar"));
            assertEquals("*3\r\n+42\r\n+foo\r\n+bar\r\n", c.callText("TOPK.LIST", "topk"));
            assertEquals("*6\r\n+42\r\n:31\r\n+foo\r\n:4\r\n+bar\r\n:3\r\n", c.callText("TOPK.LIST", "topk", "WITHCOUNT"));
            // a full top-1 expels its item when a heavier one arrives
            assertEquals("+OK\r\n", c.callText("TOPK.RESERVE", "one", "1"));
            assertEquals("*1\r\n" + nil(p), c.callText("TOPK.ADD", "one", "a"));
            assertEquals("*1\r\n+a\r\n", c.callText("TOPK.INCRBY", "one", "b", "5"));
            assertEquals("-WITHCOUNT keyword expected\r\n", c.callText("TOPK.LIST", "one", "COUNTS"));
            assertEquals("-TopK: key does not exist\r\n", c.callText("TOPK.ADD", "nope", "a"));
            assertEquals("-TopK: key already exists\r\n", c.callText("TOPK.RESERVE", "one", "1"));
            assertEquals("-TopK: invalid k\r\n", c.callText("TOPK.RESERVE", "x", "0"));
            assertEquals("-TopK: invalid decay value. must be '<= 1' & '> 0'\r\n", c.callText("TOPK.RESERVE", "x", "1", "8", "7", "2"));
            assertEquals("-TopK: increment must be an integer greater or equal to 0                            and smaller or equal to 100,000\r\n",
                    c.callText("TOPK.INCRBY", "one", "b", "100001"));
            assertEquals("+TopK-TYPE\r\n", c.callText("TYPE", "topk"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void tdigestExamples(int p) throws IOException {
        try (RespClient c = connect(p)) {
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "t", "COMPRESSION", "100"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.ADD", "t", "1", "2", "3", "4", "5"));
            assertEquals(map(p, 9) + "+Compression\r\n:100\r\n+Capacity\r\n:610\r\n+Merged nodes\r\n:0\r\n+Unmerged nodes\r\n:5\r\n"
                    + "+Merged weight\r\n:0\r\n+Unmerged weight\r\n:5\r\n+Observations\r\n:5\r\n+Total compressions\r\n:0\r\n"
                    + "+Memory usage\r\n:9768\r\n", c.callText("TDIGEST.INFO", "t"));
            assertEquals(dbl(p, "1"), c.callText("TDIGEST.MIN", "t"));
            assertEquals(dbl(p, "5"), c.callText("TDIGEST.MAX", "t"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.RESET", "t"));
            assertEquals(dbl(p, "nan"), c.callText("TDIGEST.MIN", "t"));
            String[] samples = {"1", "2", "2", "3", "3", "3", "4", "4", "4", "4", "5", "5", "5", "5", "5"};
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "s", "COMPRESSION", "1000"));
            String[] add = new String[samples.length + 2];
            add[0] = "TDIGEST.ADD";
            add[1] = "s";
            System.arraycopy(samples, 0, add, 2, samples.length);
            assertEquals("+OK\r\n", c.callText(add));
            assertEquals(dbls(p, "1", "2", "2", "3", "3", "3", "4", "4", "4", "4", "5", "5", "5", "5", "5", "inf"),
                    c.callText("TDIGEST.BYRANK", "s", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"));
            assertEquals(dbls(p, "5", "5", "5", "5", "5", "4", "4", "4", "4", "3", "3", "3", "2", "2", "1", "-inf"),
                    c.callText("TDIGEST.BYREVRANK", "s", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"));
            assertEquals(dbls(p, "0", "0.033333333333333333", "0.13333333333333333", "0.29999999999999999",
                    "0.53333333333333333", "0.83333333333333337", "1"), c.callText("TDIGEST.CDF", "s", "0", "1", "2", "3", "4", "5", "6"));
            assertEquals(dbls(p, "1", "2", "3", "3", "4", "4", "4", "5", "5", "5", "5"),
                    c.callText("TDIGEST.QUANTILE", "s", "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "r", "COMPRESSION", "1000"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.ADD", "r", "10", "20", "30", "40", "50", "60"));
            assertEquals(ints(p, -1, 0, 1, 2, 3, 4, 5, 6), c.callText("TDIGEST.RANK", "r", "0", "10", "20", "30", "40", "50", "60", "70"));
            assertEquals(ints(p, 6, 5, 4, 3, 2, 1, 0, -1), c.callText("TDIGEST.REVRANK", "r", "0", "10", "20", "30", "40", "50", "60", "70"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "m", "COMPRESSION", "1000"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.ADD", "m", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"));
            assertEquals(dbl(p, "4"), c.callText("TDIGEST.TRIMMED_MEAN", "m", "0.1", "0.6"));
            assertEquals(dbl(p, "6.5"), c.callText("TDIGEST.TRIMMED_MEAN", "m", "0.3", "0.9"));
            assertEquals(dbl(p, "5.5"), c.callText("TDIGEST.TRIMMED_MEAN", "m", "0", "1"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "s1"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.CREATE", "s2"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.ADD", "s1", "10.0", "20.0"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.ADD", "s2", "30.0", "40.0"));
            assertEquals("+OK\r\n", c.callText("TDIGEST.MERGE", "sM", "2", "s1", "s2"));
            assertEquals(dbls(p, "10", "20", "30", "40", "inf"), c.callText("TDIGEST.BYRANK", "sM", "0", "1", "2", "3", "4"));
            assertEquals("-ERR T-Digest: key does not exist\r\n", c.callText("TDIGEST.ADD", "none", "1"));
            assertEquals("-ERR T-Digest: key already exists\r\n", c.callText("TDIGEST.CREATE", "s1"));
            assertEquals("-ERR T-Digest: error parsing val parameter\r\n", c.callText("TDIGEST.ADD", "s1", "x"));
            assertEquals("-ERR T-Digest: quantile should be in [0,1]\r\n", c.callText("TDIGEST.QUANTILE", "s1", "2"));
            assertEquals("+TDIS-TYPE\r\n", c.callText("TYPE", "s1"));
        }
    }
}
