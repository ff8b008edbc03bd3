package io.sockudo.kv.types.stack.timeseries.index;

import io.sockudo.kv.types.stack.timeseries.store.Labels;
import io.sockudo.kv.types.stack.timeseries.store.Series;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * The label index of one database: for every series key its labels, and for every label name and
 * value the keys that carry it (an inverted index), so that a FILTER is answered from the
 * postings of its most selective {@code l=v} / {@code l=(...)} matcher, never by scanning keys.
 *
 * <p>Updates come from the keyspace listener (under the changed key's lock) and may race with
 * each other for different keys; queries come from keyless commands that hold every shard lock.
 * All methods synchronise on the index.
 */
public final class LabelIndex {
    private KeyTable<Labels> byKey = new KeyTable<>();
    private final HashMap<ByteBuffer, HashMap<ByteBuffer, HashSet<ByteBuffer>>> postings = new HashMap<>();

    /** Keys indexed (read without the lock to skip work for keys of other types). */
    private volatile int size;

    public int size() {
        return size;
    }

    /** Indexes {@code series} under {@code key} unless it already is, with these labels. */
    public void track(Series series, byte[] key) {
        if (series.indexedIn == this && series.indexedLabels == series.labels && Arrays.equals(series.indexedKey, key)) {
            return;
        }
        synchronized (this) {
            Labels labels = series.labels;
            Labels old = byKey.put(key, labels);
            if (old != null) {
                unpost(key, old);
            }
            post(key, labels);
            size = byKey.size();
            series.indexedIn = this;
            series.indexedKey = key;
            series.indexedLabels = labels;
        }
    }

    /** Drops {@code key} (it no longer holds a series). */
    public void remove(byte[] key) {
        if (size == 0) {
            return;
        }
        synchronized (this) {
            Labels old = byKey.remove(key);
            if (old != null) {
                unpost(key, old);
                size = byKey.size();
            }
        }
    }

    public synchronized void clear() {
        byKey = new KeyTable<>();
        postings.clear();
        size = 0;
    }

    private void post(byte[] key, Labels labels) {
        ByteBuffer k = ByteBuffer.wrap(key);
        for (int i = 0; i < labels.size(); i++) {
            postings.computeIfAbsent(ByteBuffer.wrap(labels.name(i)), n -> new HashMap<>())
                    .computeIfAbsent(ByteBuffer.wrap(labels.value(i)), v -> new HashSet<>()).add(k);
        }
    }

    private void unpost(byte[] key, Labels labels) {
        ByteBuffer k = ByteBuffer.wrap(key);
        for (int i = 0; i < labels.size(); i++) {
            ByteBuffer name = ByteBuffer.wrap(labels.name(i));
            HashMap<ByteBuffer, HashSet<ByteBuffer>> values = postings.get(name);
            if (values == null) {
                continue;
            }
            ByteBuffer value = ByteBuffer.wrap(labels.value(i));
            HashSet<ByteBuffer> keys = values.get(value);
            if (keys != null) {
                keys.remove(k);
                if (keys.isEmpty()) {
                    values.remove(value);
                    if (values.isEmpty()) {
                        postings.remove(name);
                    }
                }
            }
        }
    }

    /**
     * The keys whose labels pass every filter, in byte order (as RedisTimeSeries's index returns
     * them). At least one filter must be {@link Filter#positive}.
     */
    public synchronized List<byte[]> query(List<Filter> filters) {
        HashSet<ByteBuffer> best = null;
        Filter driver = null;
        for (Filter f : filters) {
            if (!f.positive()) {
                continue;
            }
            HashSet<ByteBuffer> candidates = candidates(f);
            if (best == null || candidates.size() < best.size()) {
                best = candidates;
                driver = f;
            }
        }
        List<byte[]> out = new ArrayList<>();
        if (best == null) {
            return out;
        }
        for (ByteBuffer k : best) {
            byte[] key = bytes(k);
            Labels labels = byKey.get(key);
            if (labels == null) {
                continue;
            }
            boolean ok = true;
            for (Filter f : filters) {
                if (f != driver && !f.matches(labels)) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                out.add(key);
            }
        }
        out.sort(Arrays::compareUnsigned);
        return out;
    }

    private HashSet<ByteBuffer> candidates(Filter f) {
        HashMap<ByteBuffer, HashSet<ByteBuffer>> values = postings.get(ByteBuffer.wrap(f.label));
        HashSet<ByteBuffer> result = new HashSet<>();
        if (values == null) {
            return result;
        }
        for (byte[] v : f.values) {
            HashSet<ByteBuffer> keys = values.get(ByteBuffer.wrap(v));
            if (keys != null) {
                if (f.values.length == 1) {
                    return keys;
                }
                result.addAll(keys);
            }
        }
        return result;
    }

    private static byte[] bytes(ByteBuffer b) {
        if (b.hasArray() && b.arrayOffset() == 0 && b.position() == 0 && b.remaining() == b.array().length) {
            return b.array();
        }
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
