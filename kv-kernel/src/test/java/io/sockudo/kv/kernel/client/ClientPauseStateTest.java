package io.sockudo.kv.kernel.client;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pause keeps the later end and the latest mode; ending or changing it wakes the waiters once. */
class ClientPauseStateTest {
    @Test
    void modeEndAndWakeUps() {
        ClientPause p = new ClientPause();
        long now = 1_000_000;
        assertEquals(ClientPause.Mode.NONE, p.mode(now));
        p.pause(ClientPause.Mode.WRITE, now + 1000);
        p.pause(ClientPause.Mode.ALL, now + 100);
        assertEquals(ClientPause.Mode.ALL, p.mode(now + 500));
        assertEquals(500, p.remainingMillis(now + 500));
        AtomicInteger woken = new AtomicInteger();
        p.onChange(woken::incrementAndGet);
        assertEquals(ClientPause.Mode.NONE, p.mode(now + 1000));
        assertEquals(1, woken.get());
        p.pause(ClientPause.Mode.WRITE, now + 2000);
        p.onChange(woken::incrementAndGet);
        p.unpause();
        assertEquals(2, woken.get());
        assertEquals(ClientPause.Mode.NONE, p.mode(now));
        // A zero timeout (end 0) pauses nothing.
        p.pause(ClientPause.Mode.ALL, 0);
        assertEquals(ClientPause.Mode.NONE, p.mode(now));
    }
}
