package io.aegisops.edge;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.retry.Backoff;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.doorbell.Doorbell;
import io.aegisops.edge.doorbell.Doorbell.Ring;
import io.aegisops.edge.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The agent's background thread when it has a {@link Doorbell}: long-polls the doorbell (up to 20 s), and on a ring
 * reads and claims that one command as a poll would; reads the whole partition only every {@code safetyPoll}, which
 * finds the commands whose ring was lost. An idle agent thus makes, at the default safety poll of 80 s and liveness
 * period of 240 s, four long polls and one query every 80 s and a liveness write every 240 s: 4 requests a minute.
 *
 * <p>A ring is answered (taken off the doorbell) once its command was looked at, whatever came of it: claimed here,
 * claimed elsewhere, done or unknown. A ring for a command that waits while every slot is busy, or one the table did
 * not answer for, is left to ring again after its visibility timeout (the safety poll finds the command too).
 */
final class DoorbellLoop implements Runnable {

    /** SQS's longest long poll. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(20);

    private final AgentConfig config;
    private final String agentId;
    private final Doorbell doorbell;
    private final Runnable poll;
    private final Runnable reportLiveness;
    private final Function<String, Dispatcher.Answer> ring;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final EventLog log;
    private final AtomicBoolean stopping;
    private final Object guard = new Object();
    private Thread waiting;
    private long nextPollAt = Long.MIN_VALUE;
    private int pollFailures;
    private int doorbellFailures;

    /**
     * @param reportLiveness writes the agent's liveness when it is due, at each turn
     * @param stopping set when the agent stops, or by this loop when its thread is interrupted outside a wait
     */
    DoorbellLoop(
            AgentConfig config,
            String agentId,
            Doorbell doorbell,
            Runnable poll,
            Runnable reportLiveness,
            Function<String, Dispatcher.Answer> ring,
            Scheduler scheduler,
            EventLog log,
            AtomicBoolean stopping) {
        this.config = config;
        this.agentId = agentId;
        this.doorbell = doorbell;
        this.poll = poll;
        this.reportLiveness = reportLiveness;
        this.ring = ring;
        this.scheduler = scheduler;
        this.backoff = Backoff.halfJitter(config.pollInterval(), config.maxBackoff());
        this.log = log;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        log.info(
                "agent.listening",
                "hostId",
                config.hostId(),
                "agentId",
                agentId,
                "table",
                config.commandsTable(),
                "doorbellQueue",
                config.doorbellQueue().orElse(null),
                "safetyPollMs",
                config.safetyPoll().toMillis());
        while (!stopping.get()) {
            step();
        }
    }

    /**
     * Reads the table if the safety poll is due and reports liveness if that is due, then waits for rings until the
     * next safety poll is, and answers them.
     */
    void step() {
        if (scheduler.millis() >= nextPollAt) {
            safetyPoll();
        }
        reportLiveness.run();
        long untilPoll = Math.max(0, nextPollAt - scheduler.millis());
        Duration wait = Duration.ofSeconds(Math.clamp(Math.ceilDiv(untilPoll, 1000), 1, LONGEST_WAIT.toSeconds()));
        List<Ring> rings;
        try {
            rings = whileWaiting(() -> doorbell.await(wait), List.of());
            doorbellFailures = 0;
        } catch (RuntimeException e) {
            if (stopping.get()) {
                return;
            }
            doorbellFailures++;
            Duration pause = backoff.delayBefore(doorbellFailures + 1);
            log.warn(
                    "doorbell.failed",
                    "error",
                    e,
                    "failures",
                    doorbellFailures,
                    "retryInMs",
                    pause.toMillis(),
                    "detail",
                    "commands are still found by the safety poll");
            whileWaiting(
                    () -> {
                        sleep(pause);
                        return null;
                    },
                    null);
            return;
        }
        for (Ring each : rings) {
            if (stopping.get()) {
                return; // not answered: it rings again for whoever serves the host next
            }
            answer(each);
        }
    }

    private void safetyPoll() {
        try {
            poll.run();
            pollFailures = 0;
            nextPollAt = scheduler.millis() + config.safetyPoll().toMillis();
        } catch (RuntimeException e) {
            pollFailures++;
            Duration next = backoff.delayBefore(pollFailures + 1);
            nextPollAt = scheduler.millis() + next.toMillis();
            log.warn("poll.failed", "error", e, "failures", pollFailures, "retryInMs", next.toMillis());
        }
    }

    private void answer(Ring each) {
        Dispatcher.Answer answer;
        if (each.commandId() == null || each.commandId().isBlank()) {
            answer = Dispatcher.Answer.NOTHING_TO_START;
        } else {
            try {
                answer = ring.apply(each.commandId());
            } catch (RuntimeException e) {
                log.warn("doorbell.ring_unanswered", "commandId", each.commandId(), "error", e);
                return;
            }
        }
        log.info("doorbell.rang", "commandId", each.commandId(), "answer", answer);
        if (answer == Dispatcher.Answer.NO_FREE_SLOT) {
            return;
        }
        try {
            doorbell.answered(each);
        } catch (RuntimeException e) {
            // it rings again after its visibility timeout and is then answered as done
            log.warn("doorbell.answer_failed", "commandId", each.commandId(), "error", e);
        }
    }

    private void sleep(Duration pause) {
        try {
            scheduler.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping.set(true);
        }
    }

    /**
     * Runs a wait that {@link #wake} may cut short by interrupting it (a long poll on a virtual thread gives up its
     * socket). Only waits are interrupted, never a claim or a command's work.
     */
    private <T> T whileWaiting(Supplier<T> wait, T whenStopping) {
        synchronized (guard) {
            if (stopping.get()) {
                return whenStopping;
            }
            waiting = Thread.currentThread();
        }
        try {
            return wait.get();
        } finally {
            synchronized (guard) {
                waiting = null;
                if (stopping.get()) {
                    Thread.interrupted(); // the interrupt was ours; the loop ends now
                }
            }
        }
    }

    /** Ends a wait early: the agent is stopping. */
    void wake() {
        synchronized (guard) {
            if (waiting != null) {
                waiting.interrupt();
            }
        }
    }
}
