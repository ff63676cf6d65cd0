package io.aegisops.edge.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The agent's clock and scheduler: leases are stamped with {@link #now()}, heartbeats and lease renewals
 * {@linkplain #repeat repeat}, and retries {@linkplain #sleep sleep} through it. {@link SystemScheduler} runs on the
 * wall clock; tests drive a manual one, so that no time has to pass for real.
 */
public interface Scheduler {

    Instant now();

    default long millis() {
        return now().toEpochMilli();
    }

    /** Runs {@code action} every {@code every}, the first time after {@code every}, until cancelled. Keep it short. */
    Repeating repeat(Duration every, Runnable action);

    /** Waits out a pause of the calling thread (a retry's backoff). */
    void sleep(Duration duration) throws InterruptedException;

    /** A repeating action; once cancelled it does not run again. */
    interface Repeating {
        void cancel();
    }
}
