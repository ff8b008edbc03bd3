package io.sockudo.kv.kernel.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Push order is kept whichever thread pushes; bytes and drain scheduling are counted per message. */
class PushQueueTest {
    private static byte[] msg(int n) {
        return new byte[n];
    }

    @Test
    void aMessageNeverOvertakesOneFromAnotherThread() {
        PushQueue q = new PushQueue();
        byte[] a = msg(1);
        byte[] b = msg(2);
        byte[] c = msg(3);
        byte[] d = msg(4);
        assertTrue(q.add(a, 1, true), "the first push schedules a drain");
        assertTrue(q.add(b, 2, false), "the other thread's queue schedules its own");
        assertFalse(q.add(c, 3, true), "behind b: through the same queue, already scheduled");
        assertEquals(6, q.bytes());
        q.draining();
        assertSame(a, q.poll());
        assertSame(b, q.poll());
        assertSame(c, q.poll());
        assertNull(q.poll());
        assertEquals(0, q.bytes());
        assertTrue(q.add(d, 4, true), "after a drain started, a push schedules the next one");
        assertFalse(q.add(msg(1), 1, true));
        assertEquals(5, q.bytes());
    }

    @Test
    void discardReleasesBuffers() {
        PushQueue q = new PushQueue();
        ByteBuf b = Unpooled.buffer(8).writeLong(1);
        q.add(b, b.readableBytes(), false);
        q.add(msg(3), 3, true);
        q.discard();
        assertEquals(0, b.refCnt());
        assertEquals(0, q.bytes());
        assertNull(q.poll());
    }

    @Test
    void concurrentPushesAreAllDeliveredInEachThreadsOrder() throws Exception {
        PushQueue q = new PushQueue();
        int perThread = 10_000;
        Thread[] threads = new Thread[3];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    q.add(new byte[] {(byte) id, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, 4, false);
                }
            });
            threads[t].start();
        }
        int[] next = new int[threads.length];
        int seen = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (seen < perThread * threads.length && System.nanoTime() < deadline) {
            Object m = q.poll();
            if (m == null) {
                Thread.onSpinWait();
                continue;
            }
            byte[] a = (byte[]) m;
            int i = ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
            assertEquals(next[a[0]]++, i);
            seen++;
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(perThread * threads.length, seen);
        assertEquals(0, q.bytes());
    }
}
