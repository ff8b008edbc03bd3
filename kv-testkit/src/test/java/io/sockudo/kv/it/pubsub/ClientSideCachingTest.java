package io.sockudo.kv.it.pubsub;

import io.lettuce.core.RedisClient;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import io.sockudo.kv.testkit.EmbeddedServer;
import io.sockudo.kv.testkit.RespClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lettuce's client-side caching (a local map kept fresh by CLIENT TRACKING invalidations over
 * RESP3): a value read once is served from the local cache until another client writes the key;
 * the invalidation evicts it and the next read fetches the new value.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientSideCachingTest {
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void invalidationsKeepLettucesLocalCacheFresh() throws Exception {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + server.port());
        try (StatefulRedisConnection<String, String> conn = client.connect();
             RespClient writer = new RespClient(server.port())) {
            writer.callText("SET", "user:1", "ann");
            Map<String, String> local = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(local), conn,
                    TrackingArgs.Builder.enabled());
            assertEquals("ann", frontend.get("user:1"));
            assertEquals("ann", local.get("user:1"), "cached locally after the first read");
            assertTrue(writer.callText("CLIENT", "LIST").contains("flags=t"), "the connection tracks");
            writer.callText("SET", "user:1", "bob");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (local.containsKey("user:1") && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertTrue(!local.containsKey("user:1"), "the invalidation evicted the local copy");
            assertEquals("bob", frontend.get("user:1"));
            frontend.close();
        } finally {
            client.shutdown();
        }
    }
}
