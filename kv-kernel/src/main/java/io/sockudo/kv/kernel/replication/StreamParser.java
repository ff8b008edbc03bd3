package io.sockudo.kv.kernel.replication;

import io.netty.buffer.ByteBuf;

/**
 * Reads the commands of a master's stream from a buffer: RESP multibulk (what masters send) or an
 * inline line. Returns null, with the buffer untouched, until a whole command is there, so the
 * caller knows exactly how many bytes each command took (the replication offset).
 */
final class StreamParser {
    static final byte[][] EMPTY = new byte[0][];
    private static final int MAX_LINE = 64 * 1024;

    /** The next whole command (EMPTY for a blank line), or null when more bytes are needed. */
    byte[][] next(ByteBuf in) {
        int start = in.readerIndex();
        if (!in.isReadable()) {
            return null;
        }
        if (in.getByte(start) != '*') {
            int eol = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (eol < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    throw new IllegalStateException("Protocol error: too big inline request");
                }
                return null;
            }
            String line = in.toString(start, eol - start, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
            in.readerIndex(eol + 1);
            if (line.isEmpty()) {
                return EMPTY;
            }
            String[] words = line.split("\\s+");
            byte[][] argv = new byte[words.length][];
            for (int i = 0; i < words.length; i++) {
                argv[i] = words[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            }
            return argv;
        }
        long n = number(in, start + 1);
        if (n == Long.MIN_VALUE) {
            return null;
        }
        int p = lineEnd;
        if (n <= 0) {
            in.readerIndex(p);
            return EMPTY;
        }
        byte[][] argv = new byte[(int) n][];
        for (int i = 0; i < n; i++) {
            if (p >= in.writerIndex()) {
                return null;
            }
            if (in.getByte(p) != '$') {
                throw new IllegalStateException("Protocol error: expected '$', got '" + (char) in.getByte(p) + "'");
            }
            long len = number(in, p + 1);
            if (len == Long.MIN_VALUE) {
                return null;
            }
            p = lineEnd;
            if (in.writerIndex() - p < len + 2) {
                return null;
            }
            byte[] a = new byte[(int) len];
            in.getBytes(p, a);
            argv[i] = a;
            p += (int) len + 2;
        }
        in.readerIndex(p);
        return argv;
    }

    /** Set by {@link #number}: the index after the line's CRLF. One parser per link. */
    private int lineEnd;

    private long number(ByteBuf in, int from) {
        int eol = in.indexOf(from, in.writerIndex(), (byte) '\r');
        if (eol < 0 || eol + 1 >= in.writerIndex()) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        boolean neg = false;
        for (int i = from; i < eol; i++) {
            byte c = in.getByte(i);
            if (c == '-' && i == from) {
                neg = true;
            } else if (c >= '0' && c <= '9') {
                v = v * 10 + (c - '0');
            } else {
                throw new IllegalStateException("Protocol error: invalid length");
            }
        }
        lineEnd = eol + 2;
        return neg ? -v : v;
    }
}
