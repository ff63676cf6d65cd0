package io.aegisops.buggyapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.stream.Stream;

/** Reads heap and process CPU from the running JVM. */
final class JvmSignals {

    private record CpuSample(long wallNanos, long cpuNanos) {}

    /** Linux's per-thread scheduler statistics: time on a CPU, then time runnable but waiting for one (ns). */
    private static final Path TASKS = Path.of("/proc/self/task");

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
     * The share of the available processors this process used or waited for over about the last {@code window}
     * (0..1): like Prometheus's {@code rate(process_cpu_seconds_total[window])} divided by the processors, plus the
     * time its threads were runnable but queued behind other processes. Counting the wait keeps a saturating
     * workload saturating on a shared machine: two spinning threads on two busy cores get a fraction of them, yet
     * want all of both. A single short interval is too noisy to judge on. NaN until a second call, or when the
     * platform reports no CPU time.
     */
    synchronized double cpuLoad(Duration window) {
        long wall = System.nanoTime();
        long cpu = cpuDemandNanos();
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
                    (double) Math.max(0, cpu - base.cpuNanos())
                            / ((wall - base.wallNanos()) * (double) os.getAvailableProcessors()));
        }
        lastCpuLoad = load;
        return load;
    }

    /**
     * CPU time plus run-queue wait, summed over the process's live threads; the process CPU time alone where Linux's
     * scheduler statistics cannot be read. A thread that ended takes its share out of the sum, so a later sample
     * can be smaller: the load then reads 0 for that interval rather than negative.
     */
    private long cpuDemandNanos() {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            return tasks.mapToLong(JvmSignals::schedstat).sum();
        } catch (IOException | UncheckedIOException | NumberFormatException notLinux) {
            return os.getProcessCpuTime();
        }
    }

    private static long schedstat(Path task) {
        try {
            String line = Files.readString(task.resolve("schedstat")).trim();
            int first = line.indexOf(' ');
            int second = line.indexOf(' ', first + 1);
            return Long.parseLong(line.substring(0, first))
                    + Long.parseLong(line.substring(first + 1, second < 0 ? line.length() : second));
        } catch (NoSuchFileException ended) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
