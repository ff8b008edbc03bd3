package io.sockudo.kv.kernel.pubsub;

import io.sockudo.kv.kernel.client.Client;
import io.sockudo.kv.spi.Glob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis's publish/subscribe: channels, patterns (Redis globs) and shard channels (a separate
 * namespace, as in Redis 7), who subscribes to what, and delivery.
 *
 * <p><b>Delivery.</b> A publish encodes the message once per protocol and hands the same array
 * to each subscriber's {@link io.sockudo.kv.kernel.client.PushSink}: the subscriber's connection
 * queues it and writes it on its own event loop, so the publisher never waits for a subscriber and
 * a subscriber that does not read only fills its own output buffer (and is dropped by the pubsub
 * class of {@code client-output-buffer-limit}). Publishes to the same channel are serialised (a
 * lock per channel stripe), so every subscriber of a channel sees its messages in the same order,
 * whatever event loops the publishers run on. Channel subscribers get the message before pattern
 * subscribers, as in Redis.
 *
 * <p>Subscribe and unsubscribe run on the client's event loop; the registry is concurrent because
 * publishers on other loops read it.
 */
public final class PubSub {
    private static final int STRIPES = 64;

    private final Namespace channels = new Namespace();
    private final Namespace shardChannels = new Namespace();
    private final Namespace patterns = new Namespace();
    private final Object[] stripes = new Object[STRIPES];
    /** Per client: what it subscribes to, in subscription order (UNSUBSCRIBE without names). */
    private final Map<Client, Subscriptions> byClient = new ConcurrentHashMap<>();

    private static final class Subscriptions {
        final Set<Name> channels = new LinkedHashSet<>();
        final Set<Name> patterns = new LinkedHashSet<>();
        final Set<Name> shardChannels = new LinkedHashSet<>();

        int total() {
            return channels.size() + patterns.size() + shardChannels.size();
        }
    }

    public PubSub() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    // ---------------------------------------------------------------- subscriptions

    /** SUBSCRIBE one channel; returns the client's channel + pattern count after it. */
    public int subscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        Name n = new Name(channel);
        if (s.channels.add(n)) {
            channels.add(n, c);
        }
        return changed(c, s, s.channels.size() + s.patterns.size());
    }

    /** UNSUBSCRIBE one channel; returns the client's channel + pattern count after it. */
    public int unsubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        Name n = new Name(channel);
        if (s.channels.remove(n)) {
            channels.remove(n, c);
        }
        return changed(c, s, s.channels.size() + s.patterns.size());
    }

    public int psubscribe(Client c, byte[] pattern) {
        Subscriptions s = of(c);
        Name n = new Name(pattern);
        if (s.patterns.add(n)) {
            patterns.add(n, c);
        }
        return changed(c, s, s.channels.size() + s.patterns.size());
    }

    public int punsubscribe(Client c, byte[] pattern) {
        Subscriptions s = of(c);
        Name n = new Name(pattern);
        if (s.patterns.remove(n)) {
            patterns.remove(n, c);
        }
        return changed(c, s, s.channels.size() + s.patterns.size());
    }

    /** SSUBSCRIBE one shard channel; returns the client's shard channel count after it. */
    public int ssubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        Name n = new Name(channel);
        if (s.shardChannels.add(n)) {
            shardChannels.add(n, c);
        }
        return changed(c, s, s.shardChannels.size());
    }

    public int sunsubscribe(Client c, byte[] channel) {
        Subscriptions s = of(c);
        Name n = new Name(channel);
        if (s.shardChannels.remove(n)) {
            shardChannels.remove(n, c);
        }
        return changed(c, s, s.shardChannels.size());
    }

    /** The client's channels, patterns or shard channels, in subscription order. */
    public List<byte[]> channelsOf(Client c) {
        return names(byClient.get(c), 0);
    }

    public List<byte[]> patternsOf(Client c) {
        return names(byClient.get(c), 1);
    }

    public List<byte[]> shardChannelsOf(Client c) {
        return names(byClient.get(c), 2);
    }

    /** {channels, patterns, shard channels} of a client (CLIENT LIST sub, psub, ssub). */
    /** INFO pubsub_channels, pubsub_patterns, pubsubshard_channels: names with at least one subscriber. */
    public int[] totals() {
        return new int[]{channels.map.size(), patterns.map.size(), shardChannels.map.size()};
    }

    public int[] counts(Client c) {
        Subscriptions s = byClient.get(c);
        return s == null ? new int[3] : new int[]{s.channels.size(), s.patterns.size(), s.shardChannels.size()};
    }

    /** Drops every subscription of a client (disconnect, RESET). */
    public void unsubscribeAll(Client c) {
        Subscriptions s = byClient.remove(c);
        if (s == null) {
            return;
        }
        for (Name n : s.channels) {
            channels.remove(n, c);
        }
        for (Name n : s.patterns) {
            patterns.remove(n, c);
        }
        for (Name n : s.shardChannels) {
            shardChannels.remove(n, c);
        }
        c.subscriptions(0);
    }

    private Subscriptions of(Client c) {
        return byClient.computeIfAbsent(c, k -> new Subscriptions());
    }

    private int changed(Client c, Subscriptions s, int replyCount) {
        int total = s.total();
        c.subscriptions(total);
        if (total == 0) {
            byClient.remove(c);
        }
        return replyCount;
    }

    private static List<byte[]> names(Subscriptions s, int which) {
        List<byte[]> out = new ArrayList<>();
        if (s != null) {
            Set<Name> set = which == 0 ? s.channels : which == 1 ? s.patterns : s.shardChannels;
            for (Name n : set) {
                out.add(n.bytes);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- publishing

    /** PUBLISH: delivers to the channel's subscribers, then to matching patterns; returns the receivers. */
    public long publish(byte[] channel, byte[] message) {
        Name n = new Name(channel);
        synchronized (stripes[n.hash & (STRIPES - 1)]) {
            long receivers = deliver(channels.subscribers(n), PubSubMessages.MESSAGE, null, channel, message);
            if (!patterns.isEmpty()) {
                for (Map.Entry<Name, Client[]> e : patterns.entries()) {
                    byte[] pattern = e.getKey().bytes;
                    if (Glob.matches(pattern, channel)) {
                        receivers += deliver(e.getValue(), PubSubMessages.PMESSAGE, pattern, channel, message);
                    }
                }
            }
            return receivers;
        }
    }

    /** SPUBLISH: delivers to the shard channel's subscribers (no patterns); returns the receivers. */
    public long spublish(byte[] channel, byte[] message) {
        Name n = new Name(channel);
        synchronized (stripes[n.hash & (STRIPES - 1)]) {
            return deliver(shardChannels.subscribers(n), PubSubMessages.SMESSAGE, null, channel, message);
        }
    }

    /** Delivers a channel message ({@code pattern} null) or a pattern message to {@code subs}. */
    private static long deliver(Client[] subs, byte[] kind, byte[] pattern, byte[] channel, byte[] message) {
        if (subs == null || subs.length == 0) {
            return 0;
        }
        byte[] resp2 = null;
        byte[] resp3 = null;
        for (Client c : subs) {
            if (c.protocol() >= 3) {
                if (resp3 == null) {
                    resp3 = encode(3, kind, pattern, channel, message);
                }
                c.pushSink().push(resp3);
            } else {
                if (resp2 == null) {
                    resp2 = encode(2, kind, pattern, channel, message);
                }
                c.pushSink().push(resp2);
            }
        }
        return subs.length;
    }

    private static byte[] encode(int protocol, byte[] kind, byte[] pattern, byte[] channel, byte[] message) {
        return pattern == null ? PubSubMessages.message(protocol, kind, channel, message)
                : PubSubMessages.patternMessage(protocol, pattern, channel, message);
    }

    // ---------------------------------------------------------------- introspection (PUBSUB)

    /** Channels with at least one subscriber, matching {@code pattern} when given. */
    public List<byte[]> channels(byte[] pattern) {
        return channels.names(pattern);
    }

    public List<byte[]> shardChannels(byte[] pattern) {
        return shardChannels.names(pattern);
    }

    public int numsub(byte[] channel) {
        Client[] s = channels.subscribers(new Name(channel));
        return s == null ? 0 : s.length;
    }

    public int shardNumsub(byte[] channel) {
        Client[] s = shardChannels.subscribers(new Name(channel));
        return s == null ? 0 : s.length;
    }

    /** PUBSUB NUMPAT: distinct patterns with at least one subscriber. */
    public int numpat() {
        return patterns.size();
    }

    // ---------------------------------------------------------------- data structures

    /** A channel or pattern name: the bytes with a cached hash. */
    static final class Name {
        final byte[] bytes;
        final int hash;

        Name(byte[] bytes) {
            this.bytes = bytes;
            this.hash = io.sockudo.kv.spi.Hashing.hash(bytes); // client-chosen names: keyed against flooding
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Name n && n.hash == hash && Arrays.equals(n.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Names to their subscribers, each a copy-on-write array read by publishers without locking. */
    private static final class Namespace {
        private final ConcurrentHashMap<Name, Client[]> map = new ConcurrentHashMap<>();

        void add(Name n, Client c) {
            map.compute(n, (k, v) -> {
                if (v == null) {
                    return new Client[]{c};
                }
                Client[] grown = Arrays.copyOf(v, v.length + 1);
                grown[v.length] = c;
                return grown;
            });
        }

        void remove(Name n, Client c) {
            map.computeIfPresent(n, (k, v) -> {
                int i = 0;
                while (i < v.length && v[i] != c) {
                    i++;
                }
                if (i == v.length) {
                    return v;
                }
                if (v.length == 1) {
                    return null;
                }
                Client[] shrunk = new Client[v.length - 1];
                System.arraycopy(v, 0, shrunk, 0, i);
                System.arraycopy(v, i + 1, shrunk, i, v.length - i - 1);
                return shrunk;
            });
        }

        Client[] subscribers(Name n) {
            return map.get(n);
        }

        boolean isEmpty() {
            return map.isEmpty();
        }

        int size() {
            return map.size();
        }

        Iterable<Map.Entry<Name, Client[]>> entries() {
            return map.entrySet();
        }

        List<byte[]> names(byte[] pattern) {
            List<byte[]> out = new ArrayList<>();
            for (Name n : map.keySet()) {
                if (pattern == null || Glob.matches(pattern, n.bytes)) {
                    out.add(n.bytes);
                }
            }
            return out;
        }
    }
}
