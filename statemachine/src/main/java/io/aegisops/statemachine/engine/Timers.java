package io.aegisops.statemachine.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * The engine's clock and scheduler: every Wait, TimeoutSeconds, HeartbeatSeconds and retry delay is
 * a scheduled action, never a parked thread. {@link SystemTimers} runs on the wall clock;
 * {@link ManualTimers} lets tests move time by hand.
 */
public interface Timers {

    Instant now();

    /** Runs {@code action} once after {@code delay} (on the timer's thread: keep it short). */
    Timer schedule(Duration delay, Runnable action);

    /** A scheduled action that has not run yet can be cancelled; cancelling later does nothing. */
    interface Timer {
        void cancel();
    }
}
