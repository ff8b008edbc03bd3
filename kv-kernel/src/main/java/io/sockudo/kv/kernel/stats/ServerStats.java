package io.sockudo.kv.kernel.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters behind INFO stats and errorstats. CONFIG RESETSTAT clears them. */
public final class ServerStats {
    public final long startMillis = System.currentTimeMillis();
    public final HotCounter commandsProcessed = new HotCounter();
    public final LongAdder expiredKeys = new LongAdder();
    public final LongAdder evictedKeys = new LongAdder();
    public final HotCounter keyspaceHits = new HotCounter();
    public final HotCounter keyspaceMisses = new HotCounter();
    /** Added to once per read and per write of every connection: per-thread cells, as the command counters. */
    public final HotCounter netInputBytes = new HotCounter();
    public final HotCounter netOutputBytes = new HotCounter();
    public final LongAdder totalErrorReplies = new LongAdder();
    public final HotCounter dirty = new HotCounter();
    public final LongAdder unexpectedErrorReplies = new LongAdder();
    private final Map<String, LongAdder> errorsByCode = new ConcurrentHashMap<>();
    /** Commands per second (INFO instantaneous_ops_per_sec). */
    public final InstantaneousRate opsPerSecond = new InstantaneousRate();
    /** Network input bytes per second (INFO instantaneous_input_kbps). */
    public final InstantaneousRate inputBytesPerSecond = new InstantaneousRate();
    /** Network output bytes per second (INFO instantaneous_output_kbps). */
    public final InstantaneousRate outputBytesPerSecond = new InstantaneousRate();

    /** Samples the instantaneous rates; the server calls it every 100 ms. */
    public void sampleRates(long nowMillis) {
        opsPerSecond.sample(nowMillis, commandsProcessed.sum());
        inputBytesPerSecond.sample(nowMillis, netInputBytes.sum());
        outputBytesPerSecond.sample(nowMillis, netOutputBytes.sum());
    }

    /** Counts an error reply under its code (the first word: ERR, WRONGTYPE, NOAUTH...). */
    public void error(String message) {
        totalErrorReplies.increment();
        int sp = message.indexOf(' ');
        String code = sp < 0 ? message : message.substring(0, sp);
        errorsByCode.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** Error counts by code, sorted by code. */
    public Map<String, Long> errorCounts() {
        Map<String, Long> out = new TreeMap<>();
        errorsByCode.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public void reset() {
        commandsProcessed.reset();
        expiredKeys.reset();
        evictedKeys.reset();
        keyspaceHits.reset();
        keyspaceMisses.reset();
        netInputBytes.reset();
        netOutputBytes.reset();
        totalErrorReplies.reset();
        unexpectedErrorReplies.reset();
        errorsByCode.clear();
    }
}
