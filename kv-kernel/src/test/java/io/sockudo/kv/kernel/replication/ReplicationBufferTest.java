package io.sockudo.kv.kernel.replication;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The backlog's offsets and trimming as Redis counts them, and reads from any offset it holds. */
class ReplicationBufferTest {

    private static byte[] stream(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    /** The bytes from {@code p} to the end, walking blocks as a replica's pump does. */
    private static byte[] readFrom(ReplicationBuffer buf, ReplicationBuffer.Position p) {
        ReplicationBuffer.Position end = buf.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReplicationBuffer.Block b = p.block();
        int pos = p.pos();
        while (true) {
            int limit = b == end.block() ? end.pos() : b.used;
            out.write(b.data, pos, limit - pos);
            if (b == end.block()) {
                break;
            }
            b = b.next;
            pos = 0;
        }
        return out.toByteArray();
    }

    @Test
    void offsetsAndPartialReadsMatchRedis() {
        ReplicationBuffer buf = new ReplicationBuffer();
        buf.create(1000, 40_000);
        assertEquals(1001, buf.firstByteOffset());
        byte[] data = stream(100_000);
        for (int off = 0; off < data.length; off += 777) {
            buf.appendRaw(data, off, Math.min(777, data.length - off));
        }
        assertEquals(101_000, buf.offset());
        long histlen = buf.histlen();
        // whole blocks are trimmed while the rest still covers the backlog size
        assertEquals(true, histlen >= 40_000 && histlen < 40_000 + ReplicationBuffer.BLOCK, "histlen " + histlen);
        long first = buf.firstByteOffset();
        assertEquals(101_000 - histlen + 1, first);
        assertNull(buf.at(first - 1), "before the backlog");
        assertNull(buf.at(101_002), "after the end");
        for (long from : new long[]{first, first + 1, first + ReplicationBuffer.BLOCK, 100_500, 101_000, 101_001}) {
            ReplicationBuffer.Position p = buf.at(from);
            byte[] got = readFrom(buf, p);
            byte[] want = java.util.Arrays.copyOfRange(data, (int) (from - 1001), data.length);
            assertArrayEquals(want, got, "from " + from);
            assertEquals(from - 1, p.offset());
        }
    }

    @Test
    void idsAcceptTheSecondIdUpToItsEnd() {
        ReplicationIds ids = new ReplicationIds();
        String old = ids.replid();
        ids.shift(500, null);
        assertEquals(old, ids.replid2());
        assertEquals(501, ids.secondOffset());
        assertEquals(true, ids.accepts(old, 501));
        assertEquals(false, ids.accepts(old, 502));
        assertEquals(true, ids.accepts(ids.replid(), 10_000));
    }

    /** Commands are encoded as RESP, in place within a block or across block boundaries. */
    @Test
    void commandsEncodeAsRespAcrossBlocks() {
        ReplicationBuffer buf = new ReplicationBuffer();
        buf.create(0, 1 << 20);
        ReplicationBuffer.Position start = buf.end();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 3000; i++) {
            byte[] value = new byte[i % 37 == 0 ? 5000 + i : i % 13];
            java.util.Arrays.fill(value, (byte) ('a' + i % 26));
            byte[][] argv = {"SET".getBytes(), ("key:" + i).getBytes(), value};
            synchronized (buf) {
                buf.appendCommand(argv);
            }
            expected.writeBytes(("*3\r\n$3\r\nSET\r\n$" + argv[1].length + "\r\n").getBytes());
            expected.writeBytes(argv[1]);
            expected.writeBytes(("\r\n$" + value.length + "\r\n").getBytes());
            expected.writeBytes(value);
            expected.writeBytes("\r\n".getBytes());
        }
        assertArrayEquals(expected.toByteArray(), readFrom(buf, start));
        assertEquals(expected.size(), buf.offset());
    }
}
