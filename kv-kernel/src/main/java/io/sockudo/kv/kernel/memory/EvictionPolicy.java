package io.sockudo.kv.kernel.memory;

import java.util.Locale;

/** {@code maxmemory-policy}: which keys may go (all or only those with an expiry) and by what rule. */
public enum EvictionPolicy {
    NOEVICTION(false, Rule.NONE),
    ALLKEYS_LRU(false, Rule.LRU),
    ALLKEYS_LFU(false, Rule.LFU),
    ALLKEYS_RANDOM(false, Rule.RANDOM),
    VOLATILE_LRU(true, Rule.LRU),
    VOLATILE_LFU(true, Rule.LFU),
    VOLATILE_RANDOM(true, Rule.RANDOM),
    VOLATILE_TTL(true, Rule.TTL);

    /** How candidates are ranked. */
    public enum Rule { NONE, LRU, LFU, RANDOM, TTL }

    private final boolean volatileOnly;
    private final Rule rule;

    EvictionPolicy(boolean volatileOnly, Rule rule) {
        this.volatileOnly = volatileOnly;
        this.rule = rule;
    }

    /** True when only keys with an expiry may be evicted. */
    public boolean volatileOnly() {
        return volatileOnly;
    }

    public Rule rule() {
        return rule;
    }

    /** The policy of a (validated) {@code maxmemory-policy} value. */
    public static EvictionPolicy parse(String v) {
        return valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /** The name CONFIG GET and INFO print. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
