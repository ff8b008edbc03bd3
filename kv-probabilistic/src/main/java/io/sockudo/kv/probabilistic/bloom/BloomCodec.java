package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.spi.AofOutput;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ModuleTypeCodec;
import io.sockudo.kv.spi.ModuleTypeInput;
import io.sockudo.kv.spi.ModuleTypeOutput;

import java.io.IOException;

/**
 * RedisBloom's {@code MBbloom--} record, encoding version 4: size, number of filters, options and
 * growth as unsigned; then per filter entries, error (double), hashes, bits per entry (double),
 * bits, n2, the bit array as a string buffer and the filter's item count. Versions 0 to 3 (no
 * growth, no options before 2, no bits/n2 in 0) load as RedisBloom loads them.
 */
public final class BloomCodec implements ModuleTypeCodec {
    public static final BloomCodec INSTANCE = new BloomCodec();
    static final int ENCODING_VERSION = 4;
    private static final int MIN_OPTIONS_ENC = 2;
    private static final int MIN_GROWTH_ENC = 4;

    private BloomCodec() {
    }

    @Override
    public String typeName() {
        return "MBbloom--";
    }

    @Override
    public int encodingVersion() {
        return ENCODING_VERSION;
    }

    /**
     * The filter as RedisBloom's aof_rewrite writes it: {@code BF.LOADCHUNK key 1 <header>}, then
     * one {@code BF.LOADCHUNK key <next> <bits>} per SCANDUMP chunk (at most 16 MB each), the
     * same chunks BF.SCANDUMP hands out.
     */
    @Override
    public void rewrite(byte[] key, KvValue value, AofOutput out) throws IOException {
        BloomChain c = (BloomChain) value;
        out.emit(LOADCHUNK, key, new byte[] {'1'}, BloomDump.header(c));
        long iter = 1;
        long[] offset = new long[1];
        for (int link = BloomDump.linkAt(c, iter - 1, offset); link >= 0; link = BloomDump.linkAt(c, iter - 1, offset)) {
            byte[] bf = c.links[link].bf;
            int off = (int) offset[0];
            int len = Math.min(BloomDump.MAX_CHUNK, bf.length - off);
            long next = iter + len;
            out.emit(LOADCHUNK, key, Long.toString(next).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    java.util.Arrays.copyOfRange(bf, off, off + len));
            iter = next;
        }
    }

    private static final byte[] LOADCHUNK = "BF.LOADCHUNK".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Override
    public void save(KvValue value, ModuleTypeOutput out) throws IOException {
        BloomChain c = (BloomChain) value;
        out.saveUnsigned(c.size);
        out.saveUnsigned(c.nfilters);
        out.saveUnsigned(c.options & 0xffffffffL);
        out.saveUnsigned(c.growth & 0xffffffffL);
        for (int i = 0; i < c.nfilters; i++) {
            BloomLink l = c.links[i];
            out.saveUnsigned(l.entries);
            out.saveDouble(l.error);
            out.saveUnsigned(l.hashes & 0xffffffffL);
            out.saveDouble(l.bpe);
            out.saveUnsigned(l.bits);
            out.saveUnsigned(l.n2);
            out.saveString(l.bf);
            out.saveUnsigned(l.size);
        }
    }

    @Override
    public KvValue load(ModuleTypeInput in, int encver) throws IOException {
        if (encver > ENCODING_VERSION) {
            throw new IOException("MBbloom-- encoding version " + encver + " is newer than " + ENCODING_VERSION);
        }
        BloomChain c = new BloomChain();
        c.size = in.loadUnsigned();
        long n = in.loadUnsigned();
        if (n <= 0 || n >= 1000) {
            throw new IOException("MBbloom--: bad number of filters " + n);
        }
        c.nfilters = (int) n;
        c.options = encver >= MIN_OPTIONS_ENC ? (int) in.loadUnsigned() : 0;
        c.growth = encver >= MIN_GROWTH_ENC ? (int) in.loadUnsigned() : 2;
        c.links = new BloomLink[c.nfilters];
        for (int i = 0; i < c.nfilters; i++) {
            BloomLink l = new BloomLink();
            l.entries = in.loadUnsigned();
            l.error = in.loadDouble();
            l.hashes = (int) in.loadUnsigned();
            l.bpe = in.loadDouble();
            if (encver == 0) {
                l.bits = (long) (l.entries * l.bpe);
            } else {
                l.bits = in.loadUnsigned();
                l.n2 = (int) in.loadUnsigned();
            }
            l.bf = in.loadString();
            l.size = in.loadUnsigned();
            if (encver == 0) {
                l.bits = (long) l.bf.length * 8;
            }
            c.links[i] = l;
        }
        if (!c.valid()) {
            throw new IOException("MBbloom--: inconsistent filter");
        }
        return c;
    }
}
