package io.sockudo.kv.kernel.stats;

/**
 * One of Redis's {@code instantaneous_*} metrics: a counter sampled every 100 ms, the rate per
 * second averaged over the last 16 samples. Sampled by the cron thread, read by INFO.
 */
public final class InstantaneousRate {
    private static final int SAMPLES = 16;
    private final long[] rates = new long[SAMPLES];
    private int index;
    private long lastMillis = -1;
    private long lastCount;

    /** Records the counter's value at {@code nowMillis}. */
    public synchronized void sample(long nowMillis, long count) {
        if (lastMillis >= 0 && nowMillis > lastMillis) {
            // a counter reset (CONFIG RESETSTAT) counts as no activity
            rates[index] = Math.max(0, count - lastCount) * 1000 / (nowMillis - lastMillis);
            index = (index + 1) % SAMPLES;
        }
        lastMillis = nowMillis;
        lastCount = count;
    }

    /** The average rate per second over the recent samples. */
    public synchronized long perSecond() {
        long sum = 0;
        for (long r : rates) {
            sum += r;
        }
        return sum / SAMPLES;
    }
}
