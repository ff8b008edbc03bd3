package io.sockudo.kv.probabilistic.bloom;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** memoryUsage() is O(1): the cached link total follows the chain as filters are added. */
class BloomMemoryTest {
    @Test
    void cachedLinkTotalFollowsGrowth() {
        BloomChain c = BloomChain.create(10, 0.01, false, 1);
        for (int i = 0; i < 2000; i++) {
            c.add(("e" + i).getBytes(StandardCharsets.US_ASCII));
            assertEquals(48 + 16 + 8L * c.links.length + c.sumLinkBytes(), c.memoryUsage(), "after " + i + " adds");
        }
        BloomChain copy = (BloomChain) c.copy();
        assertEquals(c.memoryUsage(), copy.memoryUsage());
    }
}
