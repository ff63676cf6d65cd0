package io.aegisops.edge;

import static io.aegisops.edge.CommandFields.fields;
import static io.aegisops.edge.CommandFields.notRun;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.edge.actions.AegisError;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.queue.CommandQueue;
import io.aegisops.edge.queue.QueueSnapshot;
import io.aegisops.edge.queue.UnreadableCommand;
import io.aegisops.edge.time.Scheduler;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * One read of the host's partition and what follows from it: unreadable items are refused, commands too old are
 * expired, other agents' lapsed claims are marked abandoned (never re-run), and runnable commands are claimed, as
 * many as there are free {@link Workers} slots, and handed to the {@link CommandRunner}.
 */
final class Dispatcher {

    private final AgentConfig config;
    private final String agentId;
    private final CommandQueue queue;
    private final TaskReplies replies;
    private final Workers workers;
    private final CommandRunner runner;
    private final Scheduler scheduler;
    private final AgentMetrics metrics;
    private final EventLog log;
    private final BooleanSupplier stopping;
    private volatile Instant lastPollAt;
    private volatile String controlPlaneError;

    Dispatcher(
            AgentConfig config,
            String agentId,
            CommandQueue queue,
            TaskReplies replies,
            Workers workers,
            CommandRunner runner,
            Scheduler scheduler,
            AgentMetrics metrics,
            EventLog log,
            BooleanSupplier stopping) {
        this.config = config;
        this.agentId = agentId;
        this.queue = queue;
        this.replies = replies;
        this.workers = workers;
        this.runner = runner;
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.log = log;
        this.stopping = stopping;
    }

    /** When the last read of the partition succeeded; null before the first. */
    Instant lastPollAt() {
        return lastPollAt;
    }

    /** Why the last read failed; null when it succeeded. */
    String controlPlaneError() {
        return controlPlaneError;
    }

    /**
     * @return how many commands this poll claimed
     * @throws RuntimeException when the control plane does not answer
     */
    int pollOnce() {
        QueueSnapshot snapshot;
        try {
            metrics.polled();
            snapshot = queue.poll();
        } catch (RuntimeException e) {
            metrics.pollFailed();
            controlPlaneError = describe(e);
            throw e;
        }
        lastPollAt = scheduler.now();
        controlPlaneError = null;
        return handle(snapshot);
    }

    /** What the agent did about a ring of its doorbell. */
    enum Answer {
        /** The command was claimed and started here. */
        CLAIMED,
        /** Nothing to start: claimed by another agent, done, expired, unknown or unreadable (all dealt with). */
        NOTHING_TO_START,
        /** The command waits, but every slot is busy: it is left for a later ring or poll. */
        NO_FREE_SLOT
    }

    /**
     * A ring of the doorbell for {@code commandId}: reads that one command and deals with it as a poll would, so the
     * claim is the same conditional write and a ring for a command already claimed starts nothing.
     *
     * @throws RuntimeException when the control plane does not answer
     */
    Answer ring(String commandId) {
        QueueSnapshot snapshot = queue.read(commandId);
        if (!snapshot.pending().isEmpty() && !workers.hasFreeSlot()) {
            return Answer.NO_FREE_SLOT;
        }
        return handle(snapshot) > 0 ? Answer.CLAIMED : Answer.NOTHING_TO_START;
    }

    private int handle(QueueSnapshot snapshot) {
        long now = scheduler.millis();
        snapshot.unreadable().forEach(this::refuseUnreadable);
        for (Command claimed : snapshot.claimed()) {
            if (!agentId.equals(claimed.claimedBy()) && (claimed.leaseUntil() == null || claimed.leaseUntil() < now)) {
                abandon(claimed, now);
            }
        }
        int started = 0;
        for (Command command : snapshot.pending()) {
            if (stopping.getAsBoolean()) {
                break;
            }
            if (isExpired(command, now)) {
                expire(command);
            } else if (workers.tryReserve()) {
                if (claimAndStart(command, now)) {
                    started++;
                } else {
                    workers.unreserve();
                }
            }
        }
        return started;
    }

    private boolean claimAndStart(Command command, long now) {
        boolean claimed;
        try {
            claimed = queue.claim(
                    command.commandId(), agentId, now + config.lease().toMillis());
        } catch (RuntimeException e) {
            workers.unreserve();
            throw e;
        }
        if (!claimed) {
            metrics.claimLost();
            return false;
        }
        metrics.claimed();
        log.info(
                "command.claimed",
                fields(command, "leaseUntil", now + config.lease().toMillis()));
        workers.start(command, () -> runner.run(command));
        return true;
    }

    private void expire(Command command) {
        String cause = "command created at " + command.createdAt() + " waited longer than "
                + config.maxCommandAge().toSeconds() + " s (or past its ttl); not run";
        CommandResult result = notRun(command, AegisError.COMMAND_EXPIRED, cause);
        if (!queue.expire(command.commandId(), result)) {
            return;
        }
        metrics.handled(String.valueOf(command.type()), CommandOutcome.EXPIRED);
        log.warn("command.expired", fields(command, "createdAt", command.createdAt()));
        replies.answerQuietly(command.commandId(), command.taskToken(), AegisError.COMMAND_EXPIRED, cause);
    }

    private void abandon(Command command, long now) {
        String cause = "claimed by " + command.claimedBy() + " whose lease lapsed at "
                + (command.leaseUntil() == null ? "?" : Instant.ofEpochMilli(command.leaseUntil()))
                + " without an outcome; marked abandoned at " + Instant.ofEpochMilli(now) + " by " + agentId
                + " and never re-run (it may have been carried out in part); the task's heartbeat timeout escalates it";
        if (queue.abandon(
                command.commandId(), command.claimedBy(), command.leaseUntil(), notRun(command, null, cause))) {
            metrics.handled(String.valueOf(command.type()), CommandOutcome.ABANDONED);
            log.warn(
                    "command.abandoned",
                    fields(command, "claimedBy", command.claimedBy(), "leaseUntil", command.leaseUntil()));
        }
    }

    private void refuseUnreadable(UnreadableCommand item) {
        if (item.commandId() == null
                || !queue.claim(
                        item.commandId(),
                        agentId,
                        scheduler.millis() + config.lease().toMillis())) {
            return;
        }
        String cause = "command item cannot be read: " + item.reason();
        CommandResult result = CommandResult.notRun(
                item.commandId(), null, false, AegisError.INVALID_COMMAND.wireName() + ": " + cause);
        queue.complete(item.commandId(), agentId, CommandStatus.FAILED, result);
        metrics.handled("unknown", CommandOutcome.REFUSED);
        log.warn("command.unreadable", "commandId", item.commandId(), "reason", item.reason());
        replies.answerQuietly(item.commandId(), item.taskToken(), AegisError.INVALID_COMMAND, cause);
    }

    private boolean isExpired(Command command, long now) {
        boolean pastTtl = command.ttl() != null && command.ttl() * 1000 <= now;
        boolean tooOld = command.createdAt() != null
                && command.createdAt().toEpochMilli() + config.maxCommandAge().toMillis() < now;
        return pastTtl || tooOld;
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
