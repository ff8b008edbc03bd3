package io.sockudo.kv.types.core.streams;

import io.sockudo.kv.spi.Args;

/**
 * Sizes of Redis listpack elements, to account each stream node as Redis would (its
 * {@code stream-node-max-bytes} check compares the listpack's bytes). Redis's node layout: a
 * master entry (live count, deleted count, field count, the fields, a 0 terminator), then per
 * entry: flags, ms delta, seq delta, [field count and fields unless they equal the master's],
 * values, and the element count of the entry.
 */
final class ListpackSize {
    /** Listpack header (total bytes, element count) and end byte. */
    private static final int HEADER = 7;

    private ListpackSize() {
    }

    private static int backlen(int l) {
        return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    }

    /** An integer element. */
    static int integer(long v) {
        int enc;
        if (v >= 0 && v <= 127) {
            enc = 1;
        } else if (v >= -4096 && v <= 4095) {
            enc = 2;
        } else if (v >= -32768 && v <= 32767) {
            enc = 3;
        } else if (v >= -8388608 && v <= 8388607) {
            enc = 4;
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            enc = 5;
        } else {
            enc = 9;
        }
        return enc + backlen(enc);
    }

    /** A string element (listpack stores canonical integers as integers). */
    static int string(byte[] s) {
        if (s.length <= 20 && Args.isLong(s)) {
            return integer(Args.parseLongUnchecked(s, 0, s.length));
        }
        int l = s.length;
        int enc = l < 64 ? 1 + l : l < 4096 ? 2 + l : 5 + l;
        return enc + backlen(enc);
    }

    /** Adds the entry (and, for the first one, the master entry) to the node's Redis size. */
    static void account(StreamNode n, long ms, long seq, byte[][] argv, int fieldPos, int pairs, boolean same) {
        int bytes = 0;
        if (n.count == 0) {
            bytes += HEADER + integer(pairs) + integer(0);
            for (int i = 0; i < pairs; i++) {
                bytes += string(argv[fieldPos + 2 * i]);
            }
        }
        bytes += integer(same ? 2 : 0) + integer(ms - n.firstMs) + integer(seq - n.firstSeq);
        if (!same) {
            bytes += integer(pairs);
            for (int i = 0; i < pairs; i++) {
                bytes += string(argv[fieldPos + 2 * i]);
            }
        }
        for (int i = 0; i < pairs; i++) {
            bytes += string(argv[fieldPos + 2 * i + 1]);
        }
        bytes += integer(same ? pairs + 3 : 2L * pairs + 4);
        n.lpBytesBase += bytes;
    }
}
