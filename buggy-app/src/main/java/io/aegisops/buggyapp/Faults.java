package io.aegisops.buggyapp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The faults the app can be told to have. Memory, CPU, latency and errors are states that last; a crash
 * is an event ({@link BuggyApp} handles it). Latency and errors can be cleared; a leak cannot (only a
 * restart frees it, as with a real leak); a CPU spike ends by itself or when cleared. A bad release is born with the
 * process and fails every order: neither clearing nor a restart ends it, only running another image (a rollback).
 */
final class Faults {

    enum Fault {
        MEMORY,
        CPU,
        LATENCY,
        ERRORS,
        BAD_RELEASE;

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** Leaked memory is retained in chunks small enough not to be G1 humongous objects even in a 64 MB heap. */
    static final int LEAK_CHUNK_BYTES = 256 * 1024;

    private final AppLog log;
    private final Clock clock;
    private final Consumer<OutOfMemoryError> onOutOfMemory;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private final List<byte[]> leaked = new ArrayList<>();
    private volatile long leakedBytes;
    private Thread leak;
    private final List<Thread> busyThreads = new ArrayList<>();
    private volatile Instant cpuUntil = Instant.MIN;
    /** Written by the busy threads so the JIT cannot drop their loop as useless. */
    @SuppressWarnings("unused")
    private volatile double spinResult;

    private volatile Duration latency = Duration.ZERO;
    private volatile Instant latencyUntil = Instant.MIN;
    private volatile double errorRatio;
    private volatile Instant errorsUntil = Instant.MIN;
    private final boolean badRelease;

    Faults(AppLog log, Clock clock, Consumer<OutOfMemoryError> onOutOfMemory, boolean badRelease) {
        this.log = log;
        this.clock = clock;
        this.onOutOfMemory = onOutOfMemory;
        this.badRelease = badRelease;
    }

    /**
     * Starts retaining {@code bytesPerSecond}, the way a leak fills a heap: it grows until what the heap keeps
     * after a collection (the live heap, the leak in it) reaches {@code holdAtHeapRatio} of the maximum, stays
     * there for {@code hold} (the service is nearly out of memory: the monitor alerts, health turns, a restart
     * would still help), then grows on until the OutOfMemoryError handler ends the process. With a zero
     * {@code hold} it grows straight into the error; G1 in a small heap fails well before used reaches the
     * maximum, too soon to alert on.
     *
     * <p>The hold is measured on the live heap, not on heap used: used counts garbage, so a leak that held at 90%
     * used could sit at 65% live after the next collection, under any alert above that, for good. A heap used over
     * the ratio is confirmed by a collection first.
     */
    synchronized boolean startMemoryLeak(long bytesPerSecond, double holdAtHeapRatio, Duration hold) {
        if (leak != null) {
            return false;
        }
        log.warn(
                "memory leak fault started",
                "fault",
                "memory",
                "bytesPerSecond",
                bytesPerSecond,
                "holdAtHeapRatio",
                holdAtHeapRatio,
                "holdSeconds",
                hold.toSeconds());
        Duration pause = Duration.ofNanos(1_000_000_000L * LEAK_CHUNK_BYTES / bytesPerSecond);
        leak = Thread.ofPlatform().daemon().name("memory-leak").start(() -> leak(pause, holdAtHeapRatio, hold));
        return true;
    }

    private void leak(Duration pause, double holdAtHeapRatio, Duration hold) {
        try {
            double reported = 0;
            Instant holdUntil = hold.isZero() ? Instant.MIN : null;
            while (!Thread.currentThread().isInterrupted()) {
                double ratio = heapRatio();
                if (holdUntil == null && ratio >= holdAtHeapRatio) {
                    System.gc(); // what is garbage is not the leak: hold on what the heap keeps
                    ratio = heapRatio();
                    if (ratio >= holdAtHeapRatio) {
                        holdUntil = clock.instant().plus(hold);
                        log.warn(
                                "heap nearly full, leak holding",
                                "heapUsedRatio",
                                rounded(ratio),
                                "retainedBytes",
                                leakedBytes,
                                "holdSeconds",
                                hold.toSeconds());
                    }
                }
                if (holdUntil == null || !clock.instant().isBefore(holdUntil)) {
                    byte[] chunk = new byte[LEAK_CHUNK_BYTES];
                    synchronized (leaked) {
                        leaked.add(chunk);
                        leakedBytes += chunk.length;
                    }
                }
                if (ratio - reported >= 0.1) {
                    reported = ratio;
                    log.warn("heap usage growing", "heapUsedRatio", rounded(ratio), "retainedBytes", leakedBytes);
                }
                Thread.sleep(pause);
            }
        } catch (OutOfMemoryError e) {
            // Free what we hold first, so the process has the memory to say why it is exiting.
            synchronized (leaked) {
                leaked.clear();
            }
            onOutOfMemory.accept(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double rounded(double ratio) {
        return Math.round(ratio * 100) / 100.0;
    }

    synchronized void startCpuSpike(int threads, Duration duration) {
        stopBusyThreads();
        Instant until = clock.instant().plus(duration);
        cpuUntil = until;
        log.warn("cpu spike fault started", "fault", "cpu", "threads", threads, "seconds", duration.toSeconds());
        for (int i = 0; i < threads; i++) {
            busyThreads.add(Thread.ofPlatform().daemon().name("cpu-spike-" + i).start(() -> spin(until)));
        }
    }

    private void spin(Instant until) {
        double value = 1;
        while (!Thread.currentThread().isInterrupted() && clock.instant().isBefore(until)) {
            for (int i = 0; i < 100_000; i++) {
                value = Math.sqrt(value + i) * 1.000001;
            }
            spinResult = value;
        }
    }

    synchronized void startLatency(Duration delay, Duration duration) {
        latencyUntil = until(duration);
        latency = delay;
        log.warn(
                "dependency latency fault started",
                "fault",
                "latency",
                "dependency",
                BuggyApp.DEPENDENCY,
                "delayMs",
                delay.toMillis(),
                "seconds",
                duration == null ? null : duration.toSeconds());
    }

    synchronized void startErrors(double ratio, Duration duration) {
        errorsUntil = until(duration);
        errorRatio = ratio;
        log.warn(
                "error burst fault started",
                "fault",
                "errors",
                "ratio",
                ratio,
                "seconds",
                duration == null ? null : duration.toSeconds());
    }

    /** Ends the faults that can end without a restart; returns which were active. */
    synchronized Set<Fault> clear() {
        Set<Fault> cleared = EnumSet.noneOf(Fault.class);
        Set<Fault> active = active();
        if (active.contains(Fault.CPU)) {
            stopBusyThreads();
            cleared.add(Fault.CPU);
        }
        if (active.contains(Fault.LATENCY)) {
            latencyUntil = Instant.MIN;
            cleared.add(Fault.LATENCY);
        }
        if (active.contains(Fault.ERRORS)) {
            errorsUntil = Instant.MIN;
            cleared.add(Fault.ERRORS);
        }
        log.info(
                "faults cleared",
                "cleared",
                String.join(",", labels(cleared)),
                "remaining",
                String.join(",", labels(active())));
        return cleared;
    }

    Set<Fault> active() {
        Instant now = clock.instant();
        Set<Fault> active = EnumSet.noneOf(Fault.class);
        if (leakedBytes > 0) {
            active.add(Fault.MEMORY);
        }
        if (now.isBefore(cpuUntil)) {
            active.add(Fault.CPU);
        }
        if (now.isBefore(latencyUntil)) {
            active.add(Fault.LATENCY);
        }
        if (now.isBefore(errorsUntil)) {
            active.add(Fault.ERRORS);
        }
        if (badRelease) {
            active.add(Fault.BAD_RELEASE);
        }
        return active;
    }

    /** How long each call to the dependency takes on top of its normal time. */
    Duration dependencyDelay() {
        return clock.instant().isBefore(latencyUntil) ? latency : Duration.ZERO;
    }

    /** Whether this request should fail: always in a bad release, by the error ratio under an error burst. */
    boolean failThisRequest() {
        return badRelease
                || (clock.instant().isBefore(errorsUntil)
                        && ThreadLocalRandom.current().nextDouble() < errorRatio);
    }

    long leakedBytes() {
        return leakedBytes;
    }

    /** Stops the threads and lets go of the leak: for an app closed in a test JVM that goes on. */
    synchronized void close() {
        stopBusyThreads();
        if (leak != null) {
            leak.interrupt();
        }
        synchronized (leaked) {
            leaked.clear();
        }
    }

    private double heapRatio() {
        var heap = memory.getHeapMemoryUsage();
        return heap.getMax() <= 0 ? 0 : (double) heap.getUsed() / heap.getMax();
    }

    static List<String> labels(Set<Fault> faults) {
        return faults.stream().map(Fault::label).toList();
    }

    private Instant until(Duration duration) {
        return duration == null ? Instant.MAX : clock.instant().plus(duration);
    }

    private void stopBusyThreads() {
        cpuUntil = Instant.MIN;
        busyThreads.forEach(Thread::interrupt);
        busyThreads.clear();
    }
}
