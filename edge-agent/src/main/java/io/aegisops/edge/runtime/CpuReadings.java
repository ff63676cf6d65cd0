package io.aegisops.edge.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * One process group's CPU counters as a background reader last saw them, so that evidence can measure CPU over a
 * window that has already passed instead of sleeping one out while an incident waits. The reader records every
 * {@link #PERIOD}; {@link #start} picks the newest reading old enough to give a fair window and young enough to
 * describe now, of the same run (a restarted service is another process group).
 *
 * @param <S> what a reading holds (the counters)
 */
final class CpuReadings<S> {

    /** How often the background reader records. */
    static final Duration PERIOD = Duration.ofSeconds(1);

    /** Shorter windows count too few clock ticks (10 ms each) to be fair. */
    static final long SHORTEST_NANOS = Duration.ofMillis(200).toNanos();

    /** Older readings no longer describe what the service does now. */
    static final long OLDEST_NANOS = Duration.ofSeconds(3).toNanos();

    /** A reading of {@code run} (the process group) taken at {@code atNanos} (System.nanoTime). */
    record Reading<S>(long run, long atNanos, S sample) {}

    private Reading<S> latest;
    private Reading<S> previous;

    synchronized void record(Reading<S> reading) {
        if (latest != null && reading.atNanos() < latest.atNanos()) {
            return; // a slower reader finished after a newer reading was kept
        }
        previous = latest;
        latest = reading;
    }

    /** The reading to measure from until {@code nowNanos}, if one is fit for it: the newest that is. */
    synchronized Optional<Reading<S>> start(long run, long nowNanos) {
        if (fit(latest, run, nowNanos)) {
            return Optional.of(latest);
        }
        return fit(previous, run, nowNanos) ? Optional.of(previous) : Optional.empty();
    }

    private static boolean fit(Reading<?> reading, long run, long nowNanos) {
        if (reading == null || reading.run() != run) {
            return false;
        }
        long age = nowNanos - reading.atNanos();
        return age >= SHORTEST_NANOS && age <= OLDEST_NANOS;
    }
}
