package io.sockudo.kv.kernel.latency;

import io.sockudo.kv.kernel.config.ConfigRegistry;

/**
 * {@code latency-tracking} and {@code latency-tracking-info-percentiles}: whether each command's
 * duration goes into its {@link LatencyHistogram}, and which percentiles INFO latencystats prints.
 */
public final class LatencyTracking {
    private volatile boolean enabled = true;
    private volatile double[] percentiles = {50, 99, 99.9};

    public void bind(ConfigRegistry config) {
        config.onChange("latency-tracking", v -> enabled = config.getBoolean("latency-tracking"));
        config.onChange("latency-tracking-info-percentiles", v -> percentiles = parse(v));
    }

    private static double[] parse(String v) {
        String t = v == null ? "" : v.trim();
        if (t.isEmpty()) {
            return new double[0];
        }
        String[] words = t.split("\\s+");
        double[] out = new double[words.length];
        for (int i = 0; i < words.length; i++) {
            out[i] = Double.parseDouble(words[i]);
        }
        return out;
    }

    public boolean enabled() {
        return enabled;
    }

    public double[] percentiles() {
        return percentiles.clone();
    }
}
