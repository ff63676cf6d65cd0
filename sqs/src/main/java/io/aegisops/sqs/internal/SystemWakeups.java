package io.aegisops.sqs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wakeups on the wall clock: one daemon timer thread however many receives wait. */
public final class SystemWakeups implements Wakeups, AutoCloseable {

    private final Clock clock;
    private final ScheduledThreadPoolExecutor timer;

    public SystemWakeups(Clock clock) {
        this.clock = clock;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "aegis-sqs-wakeups");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void at(Instant when, Runnable action) {
        // a millisecond late rather than early: the queue compares the deadline with its clock, not the timer's
        long delayMicros = Math.max(0, Duration.between(clock.instant(), when).toNanos() / 1000) + 1000;
        var unused = timer.schedule(() -> runQuietly(action), delayMicros, TimeUnit.MICROSECONDS);
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // one queue's failure must not stop the timer thread that every queue shares
            System.getLogger(SystemWakeups.class.getName())
                    .log(System.Logger.Level.WARNING, "an SQS wakeup failed; later ones still run", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
