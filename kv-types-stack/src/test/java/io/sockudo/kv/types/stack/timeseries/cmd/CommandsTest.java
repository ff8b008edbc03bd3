package io.sockudo.kv.types.stack.timeseries.cmd;

import io.sockudo.kv.types.stack.timeseries.TsFakeContext;
import io.sockudo.kv.types.stack.timeseries.store.Series;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command behaviour that the wire tests cannot see: what is propagated (samples with {@code *}
 * timestamps go with the timestamp they got), the keyspace events, the locks taken for rule
 * destinations and the retry when the kernel released them, and the compaction links after
 * deletes and renames.
 */
class CommandsTest {
    private final TsFakeContext c = new TsFakeContext();

    @Test
    void addWithStarPropagatesTheTimestampItGot() {
        c.now = 1234;
        assertEquals(":1234\r\n", c.run("TS.ADD", "k", "*", "1.5", "LABELS", "a", "b"));
        assertEquals(List.of("TS.ADD k 1234 1.5 LABELS a b"), c.propagated);
        assertEquals(List.of("ts.add:k"), c.events);
        assertEquals(":2000\r\n", c.run("TS.ADD", "k", "2000", "2"));
        assertTrue(c.propagated.isEmpty(), "an explicit timestamp propagates as received");
    }

    @Test
    void maddPropagatesOnlyTheSamplesThatWentIn() {
        c.run("TS.CREATE", "a");
        c.run("TS.CREATE", "b", "DUPLICATE_POLICY", "BLOCK");
        c.run("TS.ADD", "b", "10", "1");
        c.now = 77;
        String r = c.run("TS.MADD", "a", "*", "1", "b", "10", "2", "nokey", "5", "5", "a", "x", "1");
        assertEquals("*4\r\n:77\r\n-" + WriteCommands.UPSERT + "\r\n-ERR TSDB: the key is not a TSDB key\r\n"
                + "-ERR TSDB: invalid timestamp\r\n", r);
        assertEquals(List.of("TS.MADD a 77 1"), c.propagated);
        assertEquals(List.of("ts.add:a", "ts.add:b", "ts.add:nokey", "ts.add:a"), c.events);
        c.run("TS.MADD", "a", "100", "1", "b", "100", "1");
        assertTrue(c.propagated.isEmpty());
    }

    @Test
    void incrbyWithoutTimestampPropagatesOne() {
        c.now = 500;
        assertEquals(":500\r\n", c.run("TS.INCRBY", "n", "3", "LABELS", "x", "y"));
        assertEquals(List.of("TS.INCRBY n 3 TIMESTAMP 500 LABELS x y"), c.propagated);
        assertEquals(List.of("ts.incrby:n"), c.events);
        c.now = 600;
        assertEquals(":600\r\n", c.run("TS.DECRBY", "n", "1", "TIMESTAMP", "*"));
        assertEquals(List.of("TS.DECRBY n 1 TIMESTAMP 600"), c.propagated);
        assertEquals("*2\r\n:600\r\n+2\r\n", c.run("TS.GET", "n"));
        assertEquals("-TSDB: timestamp must be equal to or higher than the maximum existing timestamp\r\n",
                c.run("TS.INCRBY", "n", "1", "TIMESTAMP", "10"));
    }

    @Test
    void rulesLockTheirDestinationsAndRetryWhenReleased() {
        c.run("TS.CREATE", "src");
        c.run("TS.CREATE", "dst");
        assertEquals("+OK\r\n", c.run("TS.CREATERULE", "src", "dst", "AGGREGATION", "sum", "10"));
        assertEquals(List.of("ts.createrule:src:src", "ts.createrule:dest:dst"), c.events);
        c.releaseLocksTimes = 2;
        c.run("TS.ADD", "src", "1", "1");
        assertEquals(List.of("dst", "dst", "dst"), c.locked);
        c.run("TS.ADD", "src", "5", "2");
        assertEquals(":12\r\n", c.run("TS.ADD", "src", "12", "4"));
        assertEquals(List.of("ts.add:dest:dst", "ts.add:src"), c.events);
        assertEquals("*1\r\n*2\r\n:0\r\n+3\r\n", c.run("TS.RANGE", "dst", "-", "+"));
        assertEquals("*2\r\n*2\r\n:0\r\n+3\r\n*2\r\n:10\r\n+4\r\n", c.run("TS.RANGE", "dst", "-", "+", "LATEST"));
        assertEquals("*2\r\n:10\r\n+4\r\n", c.run("TS.GET", "dst", "LATEST"));
    }

    @Test
    void deletedDestinationDropsTheRuleAndDeletedSourceTheLink() {
        c.run("TS.CREATE", "src");
        c.run("TS.CREATE", "d1");
        c.run("TS.CREATE", "d2");
        c.run("TS.CREATERULE", "src", "d1", "AGGREGATION", "avg", "10");
        c.run("TS.CREATERULE", "src", "d2", "AGGREGATION", "max", "10");
        c.db.del("d1");
        String info = c.run("TS.INFO", "src");
        assertTrue(info.contains("+rules\r\n*1\r\n*4\r\n$2\r\nd2\r\n:10\r\n+MAX\r\n:0\r\n"), info);
        c.db.del("src");
        c.run("TS.CREATE", "src");
        assertTrue(c.run("TS.INFO", "d2").contains("+sourceKey\r\n$-1\r\n"), "a new series under the name is not the source");
    }

    @Test
    void renamesKeepRulesOnBothSides() {
        c.run("TS.CREATE", "src");
        c.run("TS.CREATE", "dst");
        c.run("TS.CREATERULE", "src", "dst", "AGGREGATION", "count", "10");
        c.db.rename("dst", "dst2");
        c.db.rename("src", "src2");
        assertTrue(c.run("TS.INFO", "src2").contains("$4\r\ndst2\r\n"));
        assertTrue(c.run("TS.INFO", "dst2").contains("+sourceKey\r\n$4\r\nsrc2\r\n"));
        c.run("TS.ADD", "src2", "1", "1");
        c.run("TS.ADD", "src2", "11", "1");
        assertEquals("*1\r\n*2\r\n:0\r\n+1\r\n", c.run("TS.RANGE", "dst2", "-", "+"));
        Series s = (Series) c.db.peek("src2".getBytes());
        assertEquals("src2", new String(s.keyName));
    }

    @Test
    void compactionPolicyCreatesDestinationsOnAddOnly() {
        c.config.put(TsConfig.COMPACTION, "max:1s:1h;avg:10ms:0:5ms");
        c.run("TS.CREATE", "created");
        assertNull(c.db.peek("created_MAX_1000".getBytes()));
        c.run("TS.ADD", "auto", "1000", "5", "LABELS", "room", "a");
        assertTrue(c.locked.containsAll(List.of("auto_MAX_1000", "auto_AVG_10_5")));
        String info = c.run("TS.INFO", "auto_MAX_1000");
        assertTrue(info.contains("+retentionTime\r\n:3600000\r\n"), info);
        assertTrue(info.contains("$11\r\naggregation\r\n$3\r\nMAX\r\n*2\r\n$11\r\ntime_bucket\r\n$4\r\n1000\r\n"), info);
        assertTrue(info.contains("+sourceKey\r\n$4\r\nauto\r\n"), info);
        assertTrue(c.run("TS.INFO", "auto").contains("$13\r\nauto_AVG_10_5\r\n:10\r\n+AVG\r\n:5\r\n"));
    }

    @Test
    void errorsAreRedisTimeSeriesTexts() {
        assertEquals("-ERR TSDB: invalid value\r\n", c.run("TS.ADD", "k", "1", "abc"));
        assertEquals("-ERR TSDB: invalid value\r\n", c.run("TS.ADD", "k", "1", "inf"));
        assertEquals("-ERR TSDB: invalid timestamp\r\n", c.run("TS.ADD", "k", "x", "1"));
        assertEquals("-ERR TSDB: invalid timestamp, must be a nonnegative integer\r\n", c.run("TS.ADD", "k", "-1", "1"));
        assertEquals("-ERR TSDB: Couldn't parse LABELS\r\n", c.run("TS.CREATE", "k", "LABELS", "a", "(b)"));
        assertEquals("-ERR TSDB: Couldn't parse RETENTION\r\n", c.run("TS.CREATE", "k", "RETENTION", "x"));
        assertEquals("-TSDB: Couldn't parse RETENTION\r\n", c.run("TS.CREATE", "k", "RETENTION", "-1"));
        assertEquals("-ERR TSDB: CHUNK_SIZE value must be a multiple of 8 in the range [48 .. 1048576]\r\n",
                c.run("TS.CREATE", "k", "CHUNK_SIZE", "50"));
        assertEquals("-ERR TSDB: unknown ENCODING parameter\r\n", c.run("TS.CREATE", "k", "ENCODING", "zip"));
        assertEquals("-ERR TSDB: Unknown DUPLICATE_POLICY\r\n", c.run("TS.CREATE", "k", "DUPLICATE_POLICY", "x"));
        assertEquals("-ERR TSDB: IGNORE arguments cannot be negative\r\n", c.run("TS.CREATE", "k", "IGNORE", "-1", "1"));
        assertEquals("-ERR TSDB: Couldn't parse IGNORE\r\n", c.run("TS.CREATE", "k", "IGNORE", "1"));
        assertEquals("+OK\r\n", c.run("TS.CREATE", "k"));
        assertEquals("-ERR TSDB: key already exists\r\n", c.run("TS.CREATE", "k"));
        assertEquals("-ERR TSDB: the key does not exist\r\n", c.run("TS.GET", "none"));
        assertEquals("-ERR TSDB: wrong 3rd argument\r\n", c.run("TS.GET", "k", "NOPE"));
        assertEquals("-ERR TSDB: wrong fromTimestamp\r\n", c.run("TS.RANGE", "k", "a", "+"));
        assertEquals("-ERR TSDB: Unknown aggregation type\r\n", c.run("TS.RANGE", "k", "-", "+", "AGGREGATION", "med", "1"));
        assertEquals("-ERR TSDB: bucketDuration must be greater than zero\r\n",
                c.run("TS.RANGE", "k", "-", "+", "AGGREGATION", "avg", "0"));
        assertEquals("-ERR TSDB: start alignment can only be used with explicit start timestamp\r\n",
                c.run("TS.RANGE", "k", "-", "+", "ALIGN", "start", "AGGREGATION", "avg", "10"));
        assertEquals("-ERR TSDB: please provide at least one matcher\r\n", c.run("TS.QUERYINDEX", "a!=b"));
        assertEquals("-ERR TSDB: failed parsing labels\r\n", c.run("TS.QUERYINDEX", "ab"));
        assertEquals("-ERR TSDB: the source key and destination key should be different\r\n",
                c.run("TS.CREATERULE", "k", "k", "AGGREGATION", "avg", "10"));
        assertEquals("-ERR TSDB: compaction rule does not exist\r\n", c.run("TS.DELETERULE", "k", "x"));
        assertFalse(c.run("TS.INFO", "k").isEmpty());
    }
}
