package io.aegisops.statemachine.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wall-clock timers on one daemon thread, however many executions are waiting. */
public final class SystemTimers implements Timers, AutoCloseable {

    private final Clock clock = Clock.systemUTC();
    private final ScheduledThreadPoolExecutor scheduler;

    public SystemTimers() {
        scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "aegis-sfn-timers");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        ScheduledFuture<?> future = scheduler.schedule(action, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
