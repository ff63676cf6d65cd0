package io.aegisops.buggyapp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayDeque;

/** Reads heap and process CPU from the running JVM. */
final class JvmSignals {

    private record CpuSample(long wallNanos, long cpuNanos) {}

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final ArrayDeque<CpuSample> cpuSamples = new ArrayDeque<>();
    private volatile double lastCpuLoad = Double.NaN;

    MemoryUsage heap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    }

    /** Process CPU time in seconds since the JVM started, or -1 if the platform does not say. */
    double cpuSeconds() {
        long nanos = os.getProcessCpuTime();
        return nanos < 0 ? -1 : nanos / 1e9;
    }

    /**
     * The share of the available processors this process used over about the last {@code window}
     * (0..1), like Prometheus's {@code rate(process_cpu_seconds_total[window])} divided by the processors.
     * A single short interval is too noisy to judge on a shared machine. NaN until a second call, or
     * when the platform does not report process CPU time.
     */
    synchronized double cpuLoad(Duration window) {
        long wall = System.nanoTime();
        long cpu = os.getProcessCpuTime();
        if (cpu < 0) {
            return Double.NaN;
        }
        cpuSamples.addLast(new CpuSample(wall, cpu));
        // Keep one sample at or before the window's start, as the base of the average.
        while (cpuSamples.size() > 2 && wall - secondOldest().wallNanos() >= window.toNanos()) {
            cpuSamples.removeFirst();
        }
        CpuSample base = cpuSamples.getFirst();
        double load = Double.NaN;
        if (wall > base.wallNanos()) {
            load = Math.min(
                    1.0,
                    (double) (cpu - base.cpuNanos())
                            / ((wall - base.wallNanos()) * (double) os.getAvailableProcessors()));
        }
        lastCpuLoad = load;
        return load;
    }

    /** What {@link #cpuLoad} said last (the monitor calls it every poll). */
    double lastCpuLoad() {
        return lastCpuLoad;
    }

    private CpuSample secondOldest() {
        var samples = cpuSamples.iterator();
        samples.next();
        return samples.next();
    }
}
