package io.sockudo.kv.probabilistic.bloom;

import io.sockudo.kv.spi.HeapArrays;
import io.sockudo.kv.probabilistic.common.Murmur;
import io.sockudo.kv.spi.KvValue;
import io.sockudo.kv.spi.ValueType;

import java.util.Arrays;

/**
 * A scalable Bloom filter (RedisBloom's {@code SBChain}, type {@code MBbloom--}): a chain of
 * filters. The first holds {@code capacity} items at half the requested error (so the sum of the
 * chain's errors stays below it); when the newest is full a new one is added with
 * {@code expansion} times its capacity and half its error, so the compound false-positive rate
 * converges to at most the requested rate. A non-scaling chain refuses items instead.
 */
public final class BloomChain implements KvValue {
    static final int OPT_NOROUND = 1;
    static final int OPT_ENTS_IS_BITS = 2;
    static final int OPT_FORCE64 = 4;
    static final int OPT_NO_SCALING = 8;
    static final double ERROR_TIGHTENING_RATIO = 0.5;

    /** What {@link #add} returns. */
    static final int ADDED = 1;
    static final int EXISTS = 0;
    static final int FULL = -2;
    static final int NO_MEMORY = -1;

    /** sizeof(SBChain) and sizeof(SBLink) in RedisBloom, for BF.INFO's Size as it reports it. */
    static final int C_CHAIN_SIZE = 32;
    static final int C_LINK_SIZE = 64;

    long size;
    int options;
    int growth;
    BloomLink[] links;
    int nfilters;

    BloomChain() {
    }

    /** SB_NewChain; null when the first filter cannot be allocated. */
    static BloomChain create(long capacity, double errorRate, boolean nonScaling, int expansion) {
        BloomChain c = new BloomChain();
        c.options = OPT_FORCE64 | OPT_NOROUND | (nonScaling ? OPT_NO_SCALING : 0);
        c.growth = expansion;
        double tightening = nonScaling ? 1 : ERROR_TIGHTENING_RATIO;
        BloomLink first = BloomLink.create(capacity, errorRate * tightening);
        if (first == null) {
            return null;
        }
        c.links = new BloomLink[] {first};
        c.nfilters = 1;
        return c;
    }

    boolean nonScaling() {
        return (options & OPT_NO_SCALING) != 0;
    }

    /** Adds an item: {@link #ADDED}, {@link #EXISTS}, {@link #FULL} (non-scaling) or {@link #NO_MEMORY}. */
    int add(byte[] item) {
        long a = hashA(item);
        long b = hashB(item, a);
        for (int i = nfilters - 1; i >= 0; i--) {
            if (links[i].check(a, b)) {
                return EXISTS;
            }
        }
        BloomLink cur = links[nfilters - 1];
        if (cur.size >= cur.entries) {
            if (nonScaling()) {
                return FULL;
            }
            BloomLink next = BloomLink.create(cur.entries * growth, cur.error * ERROR_TIGHTENING_RATIO);
            if (next == null) {
                return NO_MEMORY;
            }
            if (nfilters == links.length) {
                links = Arrays.copyOf(links, nfilters * 2);
            }
            links[nfilters++] = next;
            cur = next;
        }
        if (cur.add(a, b)) {
            cur.size++;
            size++;
            return ADDED;
        }
        return EXISTS;
    }

    boolean check(byte[] item) {
        long a = hashA(item);
        long b = hashB(item, a);
        for (int i = nfilters - 1; i >= 0; i--) {
            if (links[i].check(a, b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The item's first hash: 64-bit MurmurHash64A for FORCE64 chains (all chains made here), or the
     * 32-bit MurmurHash2 with seed 0x9747b28c of chains RedisBloom wrote without that option.
     */
    private long hashA(byte[] item) {
        return (options & OPT_FORCE64) != 0 ? Murmur.hash64(item, Murmur.BLOOM_SEED) : Murmur.hash32(item, 0x9747b28c);
    }

    private long hashB(byte[] item, long a) {
        return (options & OPT_FORCE64) != 0 ? Murmur.hash64(item, a) : Murmur.hash32(item, (int) a);
    }

    /** Sum of the links' capacities (BF.INFO Capacity). */
    long capacity() {
        long c = 0;
        for (int i = 0; i < nfilters; i++) {
            c += links[i].entries;
        }
        return c;
    }

    /** BF.INFO's Size: RedisBloom's BFMemUsage (struct sizes plus the bit arrays). */
    long reportedSize() {
        long s = C_CHAIN_SIZE;
        for (int i = 0; i < nfilters; i++) {
            s += C_LINK_SIZE + links[i].bytes();
        }
        return s;
    }

    /** SB_ValidateIntegrity plus every link's own check. */
    boolean valid() {
        if ((options & ~(OPT_NOROUND | OPT_ENTS_IS_BITS | OPT_FORCE64 | OPT_NO_SCALING)) != 0 || nfilters <= 0) {
            return false;
        }
        long total = 0;
        for (int i = 0; i < nfilters; i++) {
            if (links[i] == null || !links[i].valid()) {
                return false;
            }
            total += links[i].size;
        }
        return total == size;
    }

    @Override
    public ValueType type() {
        return BloomType.INSTANCE;
    }

    @Override
    public String encoding() {
        return "raw";
    }

    /**
     * The links' bytes as last summed, and for which link array and count: a link's size never
     * changes once made, so the sum only needs redoing when a filter is added (or the chain is
     * rebuilt by a load), which already costs a whole new filter. memoryUsage() runs on every
     * write of the key and must not walk the chain each time.
     */
    private long linkBytes;
    private BloomLink[] summedLinks;
    private int summedFilters;

    @Override
    public long memoryUsage() {
        // the Java objects: chain + array + per link object and bit array headers
        if (summedLinks != links || summedFilters != nfilters) {
            linkBytes = sumLinkBytes();
            summedLinks = links;
            summedFilters = nfilters;
        }
        return 48 + 16 + 8L * links.length + linkBytes;
    }

    /** The links' object and bit array bytes, summed over the chain. */
    long sumLinkBytes() {
        long s = 0;
        for (int i = 0; i < nfilters; i++) {
            s += 72 + HeapArrays.cost(16L + links[i].bytes()); // a big bit array is humongous
        }
        return s;
    }

    @Override
    public KvValue copy() {
        BloomChain c = new BloomChain();
        c.size = size;
        c.options = options;
        c.growth = growth;
        c.nfilters = nfilters;
        c.links = new BloomLink[links.length];
        for (int i = 0; i < nfilters; i++) {
            c.links[i] = links[i].copy();
        }
        return c;
    }
}
