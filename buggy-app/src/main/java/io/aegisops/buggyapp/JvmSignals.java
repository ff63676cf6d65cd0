package io.aegisops.buggyapp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** Reads heap and process CPU from the running JVM. */
final class JvmSignals {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long lastCpuNanos = -1;
    private long lastWallNanos;
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
     * The share of the available processors this process used since the previous call (0..1), NaN on
     * the first call. Measured here rather than with getProcessCpuLoad, whose window depends on who else
     * asked it last.
     */
    synchronized double cpuLoadSinceLastCall() {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        double load = Double.NaN;
        if (cpu >= 0 && lastCpuNanos >= 0 && wall > lastWallNanos) {
            load = Math.min(1.0, (double) (cpu - lastCpuNanos) / ((wall - lastWallNanos) * (double) os.getAvailableProcessors()));
        }
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        lastCpuLoad = load;
        return load;
    }

    /** What {@link #cpuLoadSinceLastCall()} said last (the monitor calls it every poll). */
    double lastCpuLoad() {
        return lastCpuLoad;
    }
}
