package io.sockudo.kv.kernel.memory;

import io.sockudo.kv.kernel.config.ConfigRegistry;
import io.sockudo.kv.kernel.keyspace.MemoryAccount;
import io.sockudo.kv.kernel.util.HeapFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code used_memory} is and what limit applies to it.
 *
 * <p>{@code used_memory} is the dataset's byte account ({@link MemoryAccount}: entries, keys and
 * the values' estimates, updated on every write) plus {@link #startup()}, the empty keyspace; it
 * follows the data as Redis's allocator count does, without the JVM's garbage.
 *
 * <p>The limit in force is {@code maxmemory}, but never more than {@link #HEAP_SHARE} of the heap
 * (-Xmx): a JVM dies of OutOfMemoryError where Redis would only swap, so with {@code maxmemory 0}
 * (Redis's "no limit") the heap budget is the limit, and a {@code maxmemory} above it is clamped
 * (with a warning in the log). Past the limit, denyoom commands answer Redis's OOM error unless
 * the policy can evict; {@link HeapPressure} lowers the limit further if the collector sees the
 * heap fuller than the account says.
 */
public final class MemoryLimit {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryLimit.class);
    /** The share of -Xmx the dataset may take: the rest is the server's own objects and the collector's headroom. */
    public static final double HEAP_SHARE = 0.7;

    private final MemoryAccount account;
    private final long startup;
    private final long heapBudget;
    private final HeapPressure pressure;
    private volatile long maxmemory;
    private volatile long inForce;
    private volatile long pressureCap;
    private volatile EvictionPolicy policy = EvictionPolicy.NOEVICTION;
    private volatile int samples = 5;
    private volatile int tenacity = 10;

    public MemoryLimit(ConfigRegistry config, MemoryAccount account, long startup) {
        this(config, account, startup, HeapFacts.maxHeap());
    }

    MemoryLimit(ConfigRegistry config, MemoryAccount account, long startup, long maxHeap) {
        this.account = account;
        this.startup = startup;
        this.heapBudget = maxHeap == Long.MAX_VALUE ? 0 : (long) (maxHeap * HEAP_SHARE);
        this.pressure = new HeapPressure(maxHeap);
        config.onChange("maxmemory", v -> maxmemory(config.getLong("maxmemory")));
        config.onChange("maxmemory-policy", v -> policy = EvictionPolicy.parse(v));
        config.onChange("maxmemory-samples", v -> samples = (int) config.getLong("maxmemory-samples"));
        config.onChange("maxmemory-eviction-tenacity",
                v -> tenacity = (int) config.getLong("maxmemory-eviction-tenacity"));
    }

    private void maxmemory(long configured) {
        this.maxmemory = configured;
        long limit = configured == 0 ? heapBudget : heapBudget == 0 ? configured : Math.min(configured, heapBudget);
        if (configured > 0 && heapBudget > 0 && configured > heapBudget) {
            LOG.warn("maxmemory {} is more than {}% of the JVM heap (-Xmx {}): the limit in force is {} bytes; "
                    + "raise -Xmx (SOCKUDO_KV_JAVA_OPTS) to use more", configured, (int) (HEAP_SHARE * 100),
                    HeapFacts.maxHeap(), heapBudget);
        }
        this.inForce = limit;
        budgetChanged();
    }

    /** Tells the account the dataset budget of the limit in force (its cheap within-budget test). */
    private void budgetChanged() {
        long l = limit();
        account.budget(l == 0 ? Long.MAX_VALUE : l - startup);
    }

    /** INFO used_memory: the empty keyspace plus the dataset's account. */
    public long used() {
        return startup + account.total();
    }

    /** INFO used_memory_startup. */
    public long startup() {
        return startup;
    }

    /** The dataset's accounted bytes. */
    public long dataset() {
        return account.total();
    }

    /** {@code maxmemory} as configured (0: no limit asked for). */
    public long configured() {
        return maxmemory;
    }

    /** The limit in force, in bytes (0: none), with the heap budget and any heap pressure applied. */
    public long limit() {
        long l = inForce;
        long cap = pressureCap;
        if (cap > 0 && (l == 0 || cap < l)) {
            return cap;
        }
        return l;
    }

    /** The heap budget ({@link #HEAP_SHARE} of -Xmx), 0 without a heap limit. */
    public long heapBudget() {
        return heapBudget;
    }

    /** Bytes above the limit (0 when under it or without one). */
    public long excess() {
        long l = limit();
        if (l == 0 || account.withinBudget()) {
            return 0;
        }
        long u = used();
        if (u <= l) {
            account.refresh(); // a counter back within its share may still have its bit set
        }
        return u > l ? u - l : 0;
    }

    public EvictionPolicy policy() {
        return policy;
    }

    public int samples() {
        return samples;
    }

    /** Redis's {@code evictionTimeLimitUs}: how long one eviction run may take, in µs (Long.MAX_VALUE: no limit). */
    public long evictionTimeLimitMicros() {
        int t = tenacity;
        if (t <= 10) {
            return 50L * t;
        }
        if (t < 100) {
            return (long) (500.0 * Math.pow(1.15, t - 10.0));
        }
        return Long.MAX_VALUE;
    }

    /** Looks at what the collector reported (cron): heap pressure caps the limit below the dataset. */
    public void sampleHeap() {
        if (pressure.sample()) {
            if (pressure.high()) {
                long cap = Math.max(startup + 1, (long) (used() * 0.9));
                pressureCap = cap;
                budgetChanged();
                LOG.warn("the JVM heap is {}% full after a collection ({} live of {}): limiting the dataset to {} bytes "
                        + "until it is back under {}%", Math.round(100.0 * pressure.lastLive() / HeapFacts.maxHeap()),
                        pressure.lastLive(), HeapFacts.maxHeap(), cap, (int) (HeapPressure.LOW * 100));
            } else {
                pressureCap = 0;
                budgetChanged();
                LOG.info("the JVM heap is back under {}% after a collection: the memory limit is {} again",
                        (int) (HeapPressure.LOW * 100), inForce);
            }
        }
    }

    /** True while the collector's figures cap the limit. */
    public boolean heapPressure() {
        return pressureCap > 0;
    }
}
