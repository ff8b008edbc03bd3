package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.probabilistic.common.Le;

/**
 * BF.SCANDUMP / BF.LOADCHUNK encoding, byte for byte RedisBloom's: the header is the packed
 * {@code dumpedChainHeader} (size u64, nfilters u32, options u32, growth u32) followed by one packed
 * {@code dumpedChainLink} per filter (bytes, bits, size as u64, error and bpe as doubles, hashes
 * u32, entries u64, n2 u8), little-endian. Data chunks are slices of the filters' bit arrays; the
 * iterator is 1 + the offset, across the filters in order, of the byte after the chunk.
 */
final class BloomDump {
    static final int HEADER = 20;
    static final int LINK = 53;
    /** RedisBloom's MAX_SCANDUMP_SIZE: the largest chunk one SCANDUMP returns. */
    static final int MAX_CHUNK = 16 * 1024 * 1024;
    static final String BAD_DATA = "ERR received bad data";

    private BloomDump() {
    }

    static byte[] header(BloomChain c) {
        byte[] b = new byte[HEADER + LINK * c.nfilters];
        Le.put64(b, 0, c.size);
        Le.put32(b, 8, c.nfilters);
        Le.put32(b, 12, c.options);
        Le.put32(b, 16, c.growth);
        int o = HEADER;
        for (int i = 0; i < c.nfilters; i++, o += LINK) {
            BloomLink l = c.links[i];
            Le.put64(b, o, l.bytes());
            Le.put64(b, o + 8, l.bits);
            Le.put64(b, o + 16, l.size);
            Le.putF64(b, o + 24, l.error);
            Le.putF64(b, o + 32, l.bpe);
            Le.put32(b, o + 40, l.hashes);
            Le.put64(b, o + 44, l.entries);
            b[o + 52] = (byte) l.n2;
        }
        return b;
    }

    /** SB_NewChainFromHeader: the empty chain a header describes, or null when it is not a valid header. */
    static BloomChain fromHeader(byte[] b) {
        if (b.length < HEADER) {
            return null;
        }
        long n = Le.u32(b, 8);
        if (n <= 0 || b.length != HEADER + LINK * n) {
            return null;
        }
        BloomChain c = new BloomChain();
        c.size = Le.i64(b, 0);
        c.nfilters = (int) n;
        c.options = (int) Le.u32(b, 12);
        c.growth = (int) Le.u32(b, 16);
        c.links = new BloomLink[c.nfilters];
        int o = HEADER;
        for (int i = 0; i < c.nfilters; i++, o += LINK) {
            BloomLink l = new BloomLink();
            long bytes = Le.i64(b, o);
            l.bits = Le.i64(b, o + 8);
            l.size = Le.i64(b, o + 16);
            l.error = Le.f64(b, o + 24);
            l.bpe = Le.f64(b, o + 32);
            l.hashes = (int) Le.u32(b, o + 40);
            l.entries = Le.i64(b, o + 44);
            l.n2 = b[o + 52] & 0xff;
            if (bytes <= 0 || bytes > Integer.MAX_VALUE - 16 || l.bits != bytes * 8) {
                return null;
            }
            l.bf = new byte[(int) bytes];
            c.links[i] = l;
        }
        return c.valid() ? c : null;
    }

    /** The link holding byte {@code pos} of the concatenated bit arrays (pos from 0), or -1. */
    static int linkAt(BloomChain c, long pos, long[] offsetOut) {
        long seek = 0;
        for (int i = 0; i < c.nfilters; i++) {
            long len = c.links[i].bytes();
            if (seek + len > pos) {
                offsetOut[0] = pos - seek;
                return i;
            }
            seek += len;
        }
        return -1;
    }
}
