package io.sockudo.kv.kernel.latency;

import io.sockudo.kv.kernel.config.ConfigRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis's latency monitor ({@code latency.c}): per event (command, fast-command, expire-cycle,
 * eviction-cycle, eviction-del, aof-fsync-always...), the last 160 samples of at least
 * {@code latency-monitor-threshold} ms, one per second (the highest of the second), plus the
 * all-time maximum. Off while the threshold is 0, as in Redis, and then a volatile read per call.
 */
public final class LatencyMonitor {
    /** Redis's LATENCY_TS_LEN. */
    static final int SAMPLES = 160;

    /** One event's time series. */
    public static final class Series {
        private final int[] times = new int[SAMPLES];
        private final int[] latencies = new int[SAMPLES];
        private int idx;
        private int max;

        synchronized void add(int now, int ms) {
            if (ms > max) {
                max = ms;
            }
            int prev = (idx + SAMPLES - 1) % SAMPLES;
            if (times[prev] == now) {
                if (ms > latencies[prev]) {
                    latencies[prev] = ms;
                }
                return;
            }
            times[idx] = now;
            latencies[idx] = ms;
            idx = (idx + 1) % SAMPLES;
        }

        /** The samples oldest first, as {time, latency} pairs. */
        public synchronized List<int[]> samples() {
            List<int[]> out = new ArrayList<>();
            for (int j = 0; j < SAMPLES; j++) {
                int i = (idx + j) % SAMPLES;
                if (times[i] != 0) {
                    out.add(new int[]{times[i], latencies[i]});
                }
            }
            return out;
        }

        /** The latest sample {time, latency}. */
        public synchronized int[] latest() {
            int prev = (idx + SAMPLES - 1) % SAMPLES;
            return new int[]{times[prev], latencies[prev]};
        }

        public synchronized int max() {
            return max;
        }
    }

    private final Map<String, Series> events = new ConcurrentHashMap<>();
    private volatile long threshold;

    public void bind(ConfigRegistry config) {
        config.onChange("latency-monitor-threshold", v -> threshold = config.getLong("latency-monitor-threshold"));
    }

    /** Sets the threshold directly (tests). */
    public void threshold(long ms) {
        this.threshold = ms;
    }

    /** True while events are recorded (a threshold is set). */
    public boolean enabled() {
        return threshold > 0;
    }

    /** Redis's latencyAddSampleIfNeeded: records {@code ms} for {@code event} when at or above the threshold. */
    public void record(String event, long ms) {
        long t = threshold;
        if (t > 0 && ms >= t) {
            events.computeIfAbsent(event, e -> new Series())
                    .add((int) (System.currentTimeMillis() / 1000), (int) Math.min(Integer.MAX_VALUE, ms));
        }
    }

    /** Every event with samples, in no particular order. */
    public Map<String, Series> events() {
        return events;
    }

    /** The series of one event, or null. */
    public Series series(String event) {
        return events.get(event);
    }

    /** LATENCY RESET: forgets the named events (all when none named); how many were reset. */
    public int reset(List<String> names) {
        if (names.isEmpty()) {
            int n = events.size();
            events.clear();
            return n;
        }
        int n = 0;
        for (String name : names) {
            if (events.remove(name) != null) {
                n++;
            }
        }
        return n;
    }
}
