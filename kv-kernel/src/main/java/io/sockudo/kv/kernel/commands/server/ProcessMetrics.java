package io.sockudo.kv.kernel.commands.server;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the process costs: CPU time (user/system, from {@code /proc/self/stat} on Linux, else the
 * JVM's thread CPU clocks), resident memory and the machine's memory (from {@code /proc}), for
 * INFO cpu and memory.
 */
final class ProcessMetrics {
    /** Linux reports times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    /** The event-loop threads play the part of Redis's main thread. */
    private static final String MAIN_THREAD_PREFIX = "kv-io";

    private ProcessMetrics() {
    }

    /** CPU seconds: {user, system, children user, children system}. */
    static double[] processCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            // fields after the parenthesised command name: state is field 3, utime 14, stime 15, cutime 16, cstime 17
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new double[]{
                Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND,
                Long.parseLong(f[13]) / TICKS_PER_SECOND, Long.parseLong(f[14]) / TICKS_PER_SECOND};
        } catch (IOException | RuntimeException e) {
            double[] t = threadsCpu(null);
            return new double[]{t[0], t[1], 0, 0};
        }
    }

    /** CPU seconds {user, system} of the event-loop threads (Redis's "main thread"). */
    static double[] mainThreadCpu() {
        return threadsCpu(MAIN_THREAD_PREFIX);
    }

    /** {user, system} CPU seconds of the live threads whose name starts with {@code prefix} (null: all). */
    private static double[] threadsCpu(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!mx.isThreadCpuTimeSupported()) {
            return new double[]{0, 0};
        }
        long user = 0;
        long total = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null || (prefix != null && !ti.getThreadName().startsWith(prefix))) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(ti.getThreadId());
            long usr = mx.getThreadUserTime(ti.getThreadId());
            if (cpu > 0) {
                total += cpu;
                user += Math.max(0, usr);
            }
        }
        return new double[]{user / 1e9, Math.max(0, total - user) / 1e9};
    }

    /** Resident set size in bytes, or the committed heap when /proc is not available. */
    static long residentBytes() {
        long kb = procKb("/proc/self/status", "VmRSS:");
        if (kb > 0) {
            return kb * 1024;
        }
        return Runtime.getRuntime().totalMemory();
    }

    /** The machine's memory in bytes, or 0 when unknown. */
    static long totalSystemMemory() {
        long kb = procKb("/proc/meminfo", "MemTotal:");
        return kb > 0 ? kb * 1024 : 0;
    }

    private static long procKb(String file, String field) {
        try {
            for (String line : Files.readAllLines(Path.of(file), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    String v = line.substring(field.length()).trim();
                    int sp = v.indexOf(' ');
                    return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return -1;
    }
}
