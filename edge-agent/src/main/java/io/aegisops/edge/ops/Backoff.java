package io.aegisops.edge.ops;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter, for while the control plane does not answer: each failure doubles the
 * pause from {@code base} up to {@code max}; the pause is drawn from its upper half so that agents started
 * together do not retry in step. {@link #reset()} after a success.
 */
public final class Backoff {

    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    public synchronized Duration next() {
        long ceiling = base.toMillis() << Math.min(failures, 30);
        long pause = Math.min(max.toMillis(), ceiling > 0 ? ceiling : Long.MAX_VALUE);
        failures++;
        return Duration.ofMillis(pause / 2 + Math.round(random.getAsDouble() * (pause - pause / 2)));
    }

    public synchronized void reset() {
        failures = 0;
    }

    public synchronized int failures() {
        return failures;
    }
}
