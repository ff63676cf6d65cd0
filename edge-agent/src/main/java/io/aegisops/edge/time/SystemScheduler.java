package io.aegisops.edge.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** {@link Scheduler} on the wall clock: repeating actions run on one daemon thread ("edge-heartbeat"). */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            task -> Thread.ofPlatform().daemon().name("edge-heartbeat").unstarted(task));

    @Override
    public Instant now() {
        return clock.instant();
    }

    @Override
    public Repeating repeat(Duration every, Runnable action) {
        long millis = every.toMillis();
        ScheduledFuture<?> future = thread.scheduleAtFixedRate(action, millis, millis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /** Stops every repeating action: a command still running then keeps its claim only until the lease lapses. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
