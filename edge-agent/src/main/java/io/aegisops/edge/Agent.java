package io.aegisops.edge;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.Json;
import io.aegisops.edge.actions.AegisError;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.Outcome;
import io.aegisops.edge.answers.AnswerOutcome;
import io.aegisops.edge.answers.TaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.ops.AgentHealth;
import io.aegisops.edge.ops.Backoff;
import io.aegisops.edge.ops.JsonLog;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.CommandQueue;
import io.aegisops.edge.queue.QueueSnapshot;
import io.aegisops.edge.queue.UnreadableCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The agent's loop: read the host's partition, claim what it can run, run it, answer the task token,
 * record the outcome.
 *
 * <p><b>Exactly once.</b> A command runs only after this agent's conditional PENDING → CLAIMED update
 * succeeded, so of two agents racing for it exactly one runs it. A claimed command is never handed to
 * another agent, even when its lease lapses: the holder may have died half-way through a restart, and
 * running it again could restart the container twice for one decision. Instead, the first agent to see the
 * lapsed lease marks the command FAILED ("abandoned") and does not answer its token; the waiting state's
 * heartbeat timeout then escalates the incident, and if the holder was only slow (it still heartbeats the
 * token) its own answer and record win. A command older than {@code maxCommandAge} (or its ttl) is marked
 * EXPIRED and answered {@code Aegis.CommandExpired} without running; a command whose task is already closed
 * (TaskTimedOut) is marked EXPIRED and not run.
 *
 * <p><b>Shutdown.</b> {@link #close()} stops claiming, releases (CLAIMED → PENDING) commands whose action has
 * not started, and lets running ones finish for up to {@code shutdownGrace}; one still running after that
 * keeps its claim until the lease lapses and is then abandoned, never re-run.
 */
public final class Agent implements AutoCloseable {

    static final String POLLS = "aegis_edge_polls_total";
    static final String POLL_ERRORS = "aegis_edge_poll_errors_total";
    static final String CLAIMS = "aegis_edge_claims_total";
    static final String CLAIM_CONFLICTS = "aegis_edge_claim_conflicts_total";
    static final String COMMANDS = "aegis_edge_commands_total";
    static final String ANSWERS = "aegis_edge_answers_total";
    static final String DURATION = "aegis_edge_command_duration_seconds_total";
    static final String IN_FLIGHT = "aegis_edge_commands_in_flight";
    private static final int ANSWER_ATTEMPTS = 5;

    /** @param forceDryRun treat every command as a dry run (the {@code --dry-run} flag) */
    public record Options(String agentId, boolean forceDryRun) {}

    private final AgentConfig config;
    private final CommandQueue queue;
    private final TaskAnswers answers;
    private final CommandExecutor executor;
    private final Clock clock;
    private final JsonLog log;
    private final Metrics metrics;
    private final String agentId;
    private final boolean forceDryRun;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;
    private final Backoff pollBackoff;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private volatile boolean stopping;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant lastPollAt;
    private volatile String controlPlaneError;
    private Thread poller;

    public Agent(
            AgentConfig config,
            CommandQueue queue,
            TaskAnswers answers,
            CommandExecutor executor,
            Options options,
            Clock clock,
            JsonLog log,
            Metrics metrics) {
        this.config = config;
        this.queue = queue;
        this.answers = answers;
        this.executor = executor;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.agentId = options.agentId();
        this.forceDryRun = options.forceDryRun();
        this.slots = new Semaphore(config.concurrency());
        AtomicInteger workerNumber = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(
                config.concurrency(),
                task -> Thread.ofPlatform()
                        .name("edge-worker-" + workerNumber.incrementAndGet())
                        .unstarted(task));
        this.renewals = Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("edge-heartbeat").unstarted(task));
        this.pollBackoff = new Backoff(
                config.pollInterval(),
                config.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        metrics.counter(POLLS, "Queries of the host's commands.")
                .counter(POLL_ERRORS, "Queries that failed (control plane unreachable or erroring).")
                .counter(CLAIMS, "Commands this agent claimed.")
                .counter(CLAIM_CONFLICTS, "Claims lost to another agent.")
                .counter(
                        COMMANDS,
                        "Commands handled, by type and outcome (succeeded, failed, refused, expired, abandoned, released).")
                .counter(ANSWERS, "Task token answers, by result (delivered, task_closed, invalid_token, undelivered).")
                .counter(DURATION, "Time spent running commands, by type.")
                .gauge(IN_FLIGHT, "Commands running now.", inFlight::size);
        for (String unlabelled : new String[] {POLLS, POLL_ERRORS, CLAIMS, CLAIM_CONFLICTS}) {
            metrics.add(unlabelled, 0);
        }
    }

    public String agentId() {
        return agentId;
    }

    /** Starts polling on a background thread. */
    public synchronized void start() {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        poller = Thread.ofPlatform().name("edge-poller").start(this::pollLoop);
    }

    /**
     * The {@code --once} mode: polls and runs what it claimed, again until a poll finds nothing more to claim,
     * then returns with nothing running.
     */
    public void runOnce() {
        while (pollOnce() > 0) {
            awaitIdle(Duration.ofDays(1));
        }
        awaitIdle(Duration.ofDays(1));
    }

    public AgentHealth health() {
        AgentHealth.Status status = stopping
                ? AgentHealth.Status.STOPPING
                : lastPollAt == null && controlPlaneError == null
                        ? AgentHealth.Status.STARTING
                        : controlPlaneError != null ? AgentHealth.Status.DEGRADED : AgentHealth.Status.UP;
        return new AgentHealth(status, config.hostId(), agentId, inFlight.size(), lastPollAt, controlPlaneError);
    }

    /**
     * Reads the partition once: refuses unreadable commands, expires old ones, marks lapsed claims of other
     * agents abandoned, and claims (and starts) as many runnable commands as there are free slots.
     *
     * @return how many commands this poll claimed
     * @throws RuntimeException when the control plane does not answer
     */
    public int pollOnce() {
        QueueSnapshot snapshot;
        try {
            metrics.increment(POLLS);
            snapshot = queue.poll();
        } catch (RuntimeException e) {
            metrics.increment(POLL_ERRORS);
            controlPlaneError = describe(e);
            throw e;
        }
        lastPollAt = clock.instant();
        controlPlaneError = null;
        long now = clock.millis();
        snapshot.unreadable().forEach(this::refuseUnreadable);
        for (Command claimed : snapshot.claimed()) {
            if (!agentId.equals(claimed.claimedBy()) && (claimed.leaseUntil() == null || claimed.leaseUntil() < now)) {
                abandon(claimed, now);
            }
        }
        int started = 0;
        for (Command command : snapshot.pending()) {
            if (stopping) {
                break;
            }
            if (isExpired(command, now)) {
                expire(command);
            } else if (slots.tryAcquire()) {
                if (claimAndStart(command, now)) {
                    started++;
                } else {
                    slots.release();
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
            slots.release();
            throw e;
        }
        if (!claimed) {
            metrics.increment(CLAIM_CONFLICTS);
            return false;
        }
        metrics.increment(CLAIMS);
        inFlight.add(command.commandId());
        log.info(
                "command.claimed",
                fields(command, "leaseUntil", now + config.lease().toMillis()));
        workers.execute(() -> work(command));
        return true;
    }

    private void work(Command command) {
        AtomicBoolean heartbeating = new AtomicBoolean(true);
        ScheduledFuture<?> renewal = null;
        try {
            if (stopping) {
                release(command);
                return;
            }
            if (command.taskToken() == null || command.taskToken().isBlank()) {
                record(
                        command,
                        "refused",
                        CommandStatus.FAILED,
                        failure(command, AegisError.INVALID_COMMAND, "command has no taskToken"));
                return;
            }
            Optional<AnswerOutcome> open = tryHeartbeat(command);
            if (open.isPresent() && !open.get().delivered()) {
                record(
                        command,
                        "expired",
                        CommandStatus.EXPIRED,
                        failure(
                                command,
                                null,
                                "task already closed (" + open.get() + ") before the command ran; not run"));
                return;
            }
            if (stopping) {
                release(command);
                return;
            }
            long every = config.heartbeatInterval().toMillis();
            renewal = renewals.scheduleAtFixedRate(
                    () -> renew(command, heartbeating), every, every, TimeUnit.MILLISECONDS);
            log.info("command.started", fields(command, "dryRun", forceDryRun || command.dryRun()));
            Outcome outcome = executor.execute(command, forceDryRun);
            heartbeating.set(false);
            metrics.add(
                    DURATION,
                    outcome.result().durationMs() / 1000.0,
                    "type",
                    command.type().name());
            Optional<AnswerOutcome> answer = answer(command, outcome);
            CommandResult result = answer.filter(AnswerOutcome::delivered).isPresent()
                    ? outcome.result()
                    : withNote(
                            outcome.result(),
                            "answer not delivered: "
                                    + answer.map(AnswerOutcome::name).orElse("control plane unreachable"));
            record(command, outcome.label(), outcome.status(), result);
        } catch (RuntimeException e) {
            log.error("command.crashed", fields(command, "error", e));
        } finally {
            if (renewal != null) {
                renewal.cancel(false);
            }
            inFlight.remove(command.commandId());
            slots.release();
        }
    }

    /** Heartbeats the task (while the action runs) and renews the claim (until the outcome is recorded). */
    private void renew(Command command, AtomicBoolean heartbeating) {
        if (heartbeating.get()) {
            tryHeartbeat(command).filter(outcome -> !outcome.delivered()).ifPresent(closed -> {
                heartbeating.set(false);
                log.warn("command.task_closed_while_running", fields(command, "answer", closed));
            });
        }
        try {
            if (!queue.renew(
                    command.commandId(),
                    agentId,
                    clock.millis() + config.lease().toMillis())) {
                log.warn(
                        "command.lease_lost",
                        fields(
                                command,
                                "detail",
                                "another agent marked the command abandoned; it keeps running here and its record will say what happened"));
            }
        } catch (RuntimeException e) {
            log.warn("command.lease_renewal_failed", fields(command, "error", e));
        }
    }

    private Optional<AnswerOutcome> tryHeartbeat(Command command) {
        try {
            return Optional.of(answers.heartbeat(command.taskToken()));
        } catch (RuntimeException e) {
            log.warn("command.heartbeat_failed", fields(command, "error", e));
            return Optional.empty();
        }
    }

    /** Answers the token, retrying transient failures with backoff; empty when it never got through. */
    private Optional<AnswerOutcome> answer(Command command, Outcome outcome) {
        Supplier<AnswerOutcome> send = outcome.isFailure()
                ? () -> answers.fail(command.taskToken(), outcome.error().wireName(), outcome.cause())
                : () -> answers.succeed(command.taskToken(), Json.write(outcome.result()));
        Optional<AnswerOutcome> answer = withRetries(command, "answer", send);
        String label = answer.map(a -> a.name().toLowerCase(Locale.ROOT)).orElse("undelivered");
        metrics.increment(ANSWERS, "result", label);
        if (answer.isEmpty() || !answer.get().delivered()) {
            log.warn("command.answer_not_delivered", fields(command, "answer", label));
        }
        return answer;
    }

    private void record(Command command, String outcome, CommandStatus status, CommandResult result) {
        Optional<Boolean> recorded =
                withRetries(command, "record", () -> queue.complete(command.commandId(), agentId, status, result));
        metrics.increment(COMMANDS, "type", String.valueOf(command.type()), "outcome", outcome);
        log.info(
                "command.finished",
                fields(
                        command,
                        "outcome",
                        outcome,
                        "status",
                        status,
                        "success",
                        result.success(),
                        "durationMs",
                        result.durationMs(),
                        "message",
                        result.message(),
                        "recorded",
                        recorded.orElse(false)));
    }

    private <T> Optional<T> withRetries(Command command, String what, Supplier<T> call) {
        Backoff backoff = new Backoff(
                Duration.ofMillis(500),
                config.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
        for (int attempt = 1; ; attempt++) {
            try {
                return Optional.of(call.get());
            } catch (RuntimeException e) {
                log.warn("command." + what + "_failed", fields(command, "attempt", attempt, "error", e));
                if (attempt == ANSWER_ATTEMPTS) {
                    return Optional.empty();
                }
                try {
                    Thread.sleep(backoff.next());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    private void release(Command command) {
        try {
            boolean released = queue.release(command.commandId(), agentId);
            metrics.increment(COMMANDS, "type", String.valueOf(command.type()), "outcome", "released");
            log.info("command.released", fields(command, "released", released));
        } catch (RuntimeException e) {
            log.warn(
                    "command.release_failed",
                    fields(
                            command,
                            "error",
                            e,
                            "detail",
                            "the claim stays until its lease lapses; the command will then be marked abandoned, not re-run"));
        }
    }

    private void expire(Command command) {
        String cause = "command created at " + command.createdAt() + " waited longer than "
                + config.maxCommandAge().toSeconds() + " s (or past its ttl); not run";
        CommandResult result = failure(command, AegisError.COMMAND_EXPIRED, cause);
        if (!queue.expire(command.commandId(), result)) {
            return;
        }
        metrics.increment(COMMANDS, "type", String.valueOf(command.type()), "outcome", "expired");
        log.warn("command.expired", fields(command, "createdAt", command.createdAt()));
        answerQuietly(command.commandId(), command.taskToken(), AegisError.COMMAND_EXPIRED, cause);
    }

    private void abandon(Command command, long now) {
        String cause = "claimed by " + command.claimedBy() + " whose lease lapsed at "
                + (command.leaseUntil() == null ? "?" : Instant.ofEpochMilli(command.leaseUntil()))
                + " without an outcome; marked abandoned at " + Instant.ofEpochMilli(now) + " by " + agentId
                + " and never re-run (it may have been carried out in part); the task's heartbeat timeout escalates it";
        if (queue.abandon(
                command.commandId(), command.claimedBy(), command.leaseUntil(), failure(command, null, cause))) {
            metrics.increment(COMMANDS, "type", String.valueOf(command.type()), "outcome", "abandoned");
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
                        clock.millis() + config.lease().toMillis())) {
            return;
        }
        String cause = "command item cannot be read: " + item.reason();
        CommandResult result = new CommandResult(
                item.commandId(),
                null,
                false,
                false,
                AegisError.INVALID_COMMAND.wireName() + ": " + cause,
                null,
                null,
                null,
                null,
                0);
        queue.complete(item.commandId(), agentId, CommandStatus.FAILED, result);
        metrics.increment(COMMANDS, "type", "unknown", "outcome", "refused");
        log.warn("command.unreadable", "commandId", item.commandId(), "reason", item.reason());
        answerQuietly(item.commandId(), item.taskToken(), AegisError.INVALID_COMMAND, cause);
    }

    /** One attempt, for commands that did not run: if it fails, the task's own timeout escalates. */
    private void answerQuietly(String commandId, String taskToken, AegisError error, String cause) {
        if (taskToken == null || taskToken.isBlank()) {
            return;
        }
        String label;
        try {
            label = answers.fail(taskToken, error.wireName(), cause).name().toLowerCase(Locale.ROOT);
        } catch (RuntimeException e) {
            label = "undelivered";
        }
        metrics.increment(ANSWERS, "result", label);
        log.info("command.answered", "commandId", commandId, "error", error.wireName(), "answer", label);
    }

    private boolean isExpired(Command command, long now) {
        boolean pastTtl = command.ttl() != null && command.ttl() * 1000 <= now;
        boolean tooOld = command.createdAt() != null
                && command.createdAt().toEpochMilli() + config.maxCommandAge().toMillis() < now;
        return pastTtl || tooOld;
    }

    private static CommandResult failure(Command command, AegisError error, String cause) {
        return new CommandResult(
                command.commandId(),
                command.type(),
                false,
                command.dryRun(),
                (error == null ? "" : error.wireName() + ": ") + cause,
                null,
                null,
                null,
                null,
                0);
    }

    private static CommandResult withNote(CommandResult r, String note) {
        return new CommandResult(
                r.commandId(),
                r.type(),
                r.success(),
                r.dryRun(),
                r.message() + " (" + note + ")",
                r.before(),
                r.after(),
                r.httpStatus(),
                r.logs(),
                r.durationMs());
    }

    private void pollLoop() {
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
        while (!stopping) {
            Duration next;
            try {
                pollOnce();
                pollBackoff.reset();
                next = config.pollInterval();
            } catch (RuntimeException e) {
                next = pollBackoff.next();
                log.warn("poll.failed", "error", e, "failures", pollBackoff.failures(), "retryInMs", next.toMillis());
            }
            pause(next);
        }
    }

    /** Sleeps between polls, waking early when the agent stops. */
    private void pause(Duration duration) {
        long deadline = System.nanoTime() + Math.max(1, duration.toNanos());
        synchronized (wake) {
            long leftNanos;
            while (!stopping && (leftNanos = deadline - System.nanoTime()) > 0) {
                try {
                    wake.wait(Math.max(1, leftNanos / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    private boolean awaitIdle(Duration timeout) {
        try {
            if (slots.tryAcquire(config.concurrency(), timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(config.concurrency());
                return true;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Graceful stop: see the class comment. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        Thread polling;
        synchronized (this) {
            polling = poller;
        }
        if (polling != null) {
            try {
                polling.join(config.shutdownGrace().toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        if (!awaitIdle(config.shutdownGrace())) {
            log.warn(
                    "agent.stopped_with_commands_running",
                    "commandIds",
                    Set.copyOf(inFlight),
                    "detail",
                    "their claims lapse after the lease; they are then marked abandoned, never re-run");
        }
        renewals.shutdownNow();
        log.info("agent.stopped", "agentId", agentId);
    }

    private static Object[] fields(Command command, Object... more) {
        Object[] base = {
            "commandId",
            command.commandId(),
            "incidentId",
            command.incidentId(),
            "type",
            command.type(),
            "container",
            command.container()
        };
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String describe(RuntimeException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
