package io.sockudo.kv.it.memory;

import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * INFO used_memory follows the dataset's real footprint: what it grows by while a mixed dataset
 * is written (strings with and without expiry, small and large hashes, lists, sets, sorted sets)
 * is compared with what the JVM's live heap grows by, measured after full collections (the server
 * runs in this JVM). Within 10 %, and back down when the data is deleted.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UsedMemoryTest {
    static long liveHeap() throws InterruptedException {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    static long usedMemory(RespClient c) throws Exception {
        return EvictionTest.infoLong(c, "used_memory");
    }

    @Test
    void usedMemoryFollowsTheLiveHeapWithinTenPercent() throws Exception {
        try (EmbeddedServer kv = EmbeddedServer.start();
             RespClient c = new RespClient(kv.port());
             Jedis j = new Jedis("127.0.0.1", kv.port())) {
            c.callText("PING");
            long heap0 = liveHeap();
            long used0 = usedMemory(c);
            fill(j);
            long heap1 = liveHeap();
            long used1 = usedMemory(c);
            long heapGrowth = heap1 - heap0;
            long usedGrowth = used1 - used0;
            double ratio = (double) usedGrowth / heapGrowth;
            String report = "used_memory grew by " + usedGrowth + ", the live heap by " + heapGrowth + " (ratio "
                    + ratio + ")";
            System.out.println(report);
            assertTrue(heapGrowth > 50_000_000, report);
            assertTrue(Math.abs(ratio - 1) <= 0.10, report);
            j.flushAll();
            long used2 = usedMemory(c);
            assertTrue(used2 - used0 < usedGrowth / 100, "after FLUSHALL used_memory is " + used2 + ", was " + used0);
        }
    }

    /** About 100 MB of mixed data, written in pipelines. */
    static void fill(Jedis j) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < 200_000; i++) {
            String v = "value-" + "v".repeat(40 + i % 60) + i;
            if (i % 3 == 0) {
                p.set("str:" + i, v, SetParams.setParams().ex(100_000));
            } else {
                p.set("str:" + i, v);
            }
            if (i % 5000 == 0) {
                p.sync();
            }
        }
        p.sync();
        for (int i = 0; i < 3000; i++) {
            Map<String, String> fields = new HashMap<>();
            for (int f = 0; f < 20; f++) {
                fields.put("field" + f, "val" + f + "-" + i);
            }
            p.hset("hsmall:" + i, fields);
        }
        p.sync();
        for (int i = 0; i < 100; i++) {
            for (int f = 0; f < 1000; f += 100) {
                Map<String, String> fields = new HashMap<>();
                for (int k = f; k < f + 100; k++) {
                    fields.put("field-" + k, "some value " + k);
                }
                p.hset("hbig:" + i, fields);
            }
            p.sync();
        }
        for (int i = 0; i < 2000; i++) {
            String[] elems = new String[100];
            for (int k = 0; k < elems.length; k++) {
                elems[k] = "element-" + k + "-" + i;
            }
            p.rpush("list:" + i, elems);
        }
        p.sync();
        for (int i = 0; i < 1000; i++) {
            String[] ints = new String[200];
            String[] strs = new String[200];
            for (int k = 0; k < 200; k++) {
                ints[k] = Integer.toString(k * 7 + i);
                strs[k] = "member-" + k + "-" + i;
            }
            p.sadd("iset:" + i, ints);
            p.sadd("sset:" + i, strs);
        }
        p.sync();
        for (int i = 0; i < 1000; i++) {
            Map<String, Double> members = new HashMap<>();
            for (int k = 0; k < 300; k++) {
                members.put("m-" + k + "-" + i, k * 1.5);
            }
            p.zadd("zset:" + i, members);
            if (i % 50 == 0) {
                p.sync();
            }
        }
        p.sync();
    }
}
