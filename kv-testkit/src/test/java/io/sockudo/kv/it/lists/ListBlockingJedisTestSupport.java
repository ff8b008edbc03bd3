package io.sockudo.kv.it.lists;

import io.lettuce.core.api.sync.RedisCommands;

/** Waiting for blocked clients through Lettuce (bounded, not a timing assertion). */
final class ListBlockingJedisTestSupport {
    private ListBlockingJedisTestSupport() {
    }

    static void awaitBlocked(RedisCommands<String, String> s, int n) throws InterruptedException {
        for (int i = 0; i < 2000; i++) {
            for (String line : s.info("clients").split("\r\n")) {
                if (line.startsWith("blocked_clients:") && Integer.parseInt(line.substring(16).trim()) == n) {
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("never reached " + n + " blocked clients");
    }
}
