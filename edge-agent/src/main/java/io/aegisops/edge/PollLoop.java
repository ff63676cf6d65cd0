package io.aegisops.edge;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.retry.Backoff;
import io.aegisops.edge.config.AgentConfig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The agent's background thread: polls every {@code pollInterval} while the control plane answers, and backs off
 * (doubling up to {@code maxBackoff}, half jitter) while it does not; wakes at once when the agent stops.
 */
final class PollLoop implements Runnable {

    private final AgentConfig config;
    private final String agentId;
    private final Runnable poll;
    private final Runnable reportLiveness;
    private final Backoff backoff;
    private final EventLog log;
    private final AtomicBoolean stopping;
    private final Object wake = new Object();
    private int failures;

    /**
     * @param reportLiveness writes the agent's liveness when it is due, after each poll
     * @param stopping set when the agent stops, or by this loop when its thread is interrupted
     */
    PollLoop(
            AgentConfig config,
            String agentId,
            Runnable poll,
            Runnable reportLiveness,
            EventLog log,
            AtomicBoolean stopping) {
        this.config = config;
        this.agentId = agentId;
        this.poll = poll;
        this.reportLiveness = reportLiveness;
        this.backoff = Backoff.halfJitter(config.pollInterval(), config.maxBackoff());
        this.log = log;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        log.info(
                "agent.polling",
                "hostId",
                config.hostId(),
                "agentId",
                agentId,
                "table",
                config.commandsTable(),
                "pollIntervalMs",
                config.pollInterval().toMillis());
        while (!stopping.get()) {
            pause(step());
        }
    }

    /** Polls once, and reports liveness when due; returns the pause before the next poll. */
    Duration step() {
        try {
            poll.run();
            failures = 0;
            reportLiveness.run();
            return config.pollInterval();
        } catch (RuntimeException e) {
            failures++;
            Duration next = backoff.delayBefore(failures + 1);
            log.warn("poll.failed", "error", e, "failures", failures, "retryInMs", next.toMillis());
            return next;
        }
    }

    /** Ends a pause early: the agent is stopping. */
    void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void pause(Duration duration) {
        long deadline = System.nanoTime() + Math.max(1, duration.toNanos());
        synchronized (wake) {
            long left = Math.max(1, duration.toNanos());
            while (!stopping.get() && left > 0) {
                try {
                    wake.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping.set(true);
                }
                left = deadline - System.nanoTime();
            }
        }
    }
}
