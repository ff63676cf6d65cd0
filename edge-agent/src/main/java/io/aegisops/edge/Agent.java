package io.aegisops.edge;

import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.retry.Backoff;
import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.answers.TaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.doorbell.Doorbell;
import io.aegisops.edge.liveness.Liveness;
import io.aegisops.edge.ops.AgentHealth;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.CommandQueue;
import io.aegisops.edge.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent: read the host's partition, claim what it can run, run it, answer the task token, record the outcome.
 * The {@link Dispatcher} reads and claims, the {@link CommandRunner} takes each claimed command through its
 * {@link CommandPhase}s while the {@link LeaseKeeper} keeps its claim, {@link TaskReplies} answers the workflow,
 * the {@link PollLoop} repeats it all, or with a {@link Doorbell} the {@link DoorbellLoop} does on each ring and on a
 * slow safety poll; time is the given {@link Scheduler}'s.
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

    /** Answering a token, or recording an outcome, is tried this many times. */
    static final int ANSWER_ATTEMPTS = 5;

    /** The first pause between two attempts to answer or record. */
    static final Duration ANSWER_BACKOFF = Duration.ofMillis(500);

    /**
     * Who the agent is, and whether it only pretends.
     *
     * @param agentId unique per process start (see {@code EdgeAgent.newAgentId})
     * @param forceDryRun treat every command as a dry run (the {@code --dry-run} flag)
     */
    public record Options(String agentId, boolean forceDryRun) {}

    private final AgentConfig config;
    private final String agentId;
    private final EventLog log;
    private final Executor threads;
    private final Workers workers;
    private final Dispatcher dispatcher;
    private final PollLoop pollLoop;
    private final DoorbellLoop doorbellLoop;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread poller;

    public Agent(
            AgentConfig config,
            CommandQueue queue,
            TaskAnswers answers,
            CommandExecutor executor,
            Options options,
            Scheduler scheduler,
            EventLog log,
            Metrics metrics) {
        this(config, queue, null, Liveness.NONE, answers, executor, options, scheduler, log, metrics);
    }

    /**
     * An agent woken by {@code doorbell} when a command is written for its host; it then reads the table only every
     * {@code safetyPoll} (see {@link DoorbellLoop}). It reports its liveness to {@code liveness}.
     */
    public Agent(
            AgentConfig config,
            CommandQueue queue,
            Doorbell doorbell,
            Liveness liveness,
            TaskAnswers answers,
            CommandExecutor executor,
            Options options,
            Scheduler scheduler,
            EventLog log,
            Metrics metrics) {
        this(
                config,
                queue,
                doorbell,
                liveness,
                answers,
                executor,
                options,
                scheduler,
                log,
                metrics,
                workerThreads(config.concurrency()));
    }

    /** @param threads where claimed commands run; a test passes one that runs them on its own thread */
    Agent(
            AgentConfig config,
            CommandQueue queue,
            TaskAnswers answers,
            CommandExecutor executor,
            Options options,
            Scheduler scheduler,
            EventLog log,
            Metrics metrics,
            Executor threads) {
        this(config, queue, null, Liveness.NONE, answers, executor, options, scheduler, log, metrics, threads);
    }

    /** @param doorbell null: poll the table every {@code pollInterval} */
    Agent(
            AgentConfig config,
            CommandQueue queue,
            Doorbell doorbell,
            Liveness liveness,
            TaskAnswers answers,
            CommandExecutor executor,
            Options options,
            Scheduler scheduler,
            EventLog log,
            Metrics metrics,
            Executor threads) {
        this.config = config;
        this.agentId = options.agentId();
        this.log = log;
        this.threads = threads;
        this.workers = new Workers(config.concurrency(), threads);
        LivenessReporter reporter = new LivenessReporter(config, agentId, liveness, scheduler, log);
        AgentMetrics counted = new AgentMetrics(metrics, workers::inFlight, reporter);
        Retries retries = new Retries(
                Backoff.halfJitter(ANSWER_BACKOFF, config.maxBackoff())
                        .attempts(ANSWER_ATTEMPTS)
                        .pausing(scheduler::sleep),
                log);
        TaskReplies replies = new TaskReplies(answers, retries, counted, log);
        LeaseKeeper leases = new LeaseKeeper(config, agentId, queue, replies, scheduler, log);
        CommandRunner runner =
                new CommandRunner(options, queue, executor, replies, retries, leases, counted, log, stopping::get);
        this.dispatcher = new Dispatcher(
                config, agentId, queue, replies, workers, runner, scheduler, counted, log, stopping::get);
        Runnable reportLiveness = () -> reporter.reportIfDue(dispatcher.lastPollAt());
        this.pollLoop = new PollLoop(config, agentId, dispatcher::pollOnce, reportLiveness, log, stopping);
        this.doorbellLoop = doorbell == null
                ? null
                : new DoorbellLoop(
                        config,
                        agentId,
                        doorbell,
                        dispatcher::pollOnce,
                        reportLiveness,
                        dispatcher::ring,
                        scheduler,
                        log,
                        stopping);
    }

    private static ExecutorService workerThreads(int concurrency) {
        AtomicInteger workerNumber = new AtomicInteger();
        return Executors.newFixedThreadPool(
                concurrency,
                task -> Thread.ofPlatform()
                        .name("edge-worker-" + workerNumber.incrementAndGet())
                        .unstarted(task));
    }

    public String agentId() {
        return agentId;
    }

    /**
     * Starts polling on a background thread: a virtual one with a doorbell, so that stopping can cut its long poll
     * short (an interrupted virtual thread gives up its socket).
     */
    public synchronized void start() {
        if (poller != null) {
            throw new IllegalStateException("already started");
        }
        poller = doorbellLoop == null
                ? Thread.ofPlatform().name("edge-poller").start(pollLoop)
                : Thread.ofVirtual().name("edge-doorbell").start(doorbellLoop);
    }

    /**
     * The {@code --once} mode: polls and runs what it claimed, again until a poll finds nothing more to claim,
     * then returns with nothing running.
     */
    public void runOnce() {
        while (pollOnce() > 0) {
            workers.awaitIdle(Duration.ofDays(1));
        }
        workers.awaitIdle(Duration.ofDays(1));
    }

    public AgentHealth health() {
        AgentHealth.Status status = stopping.get()
                ? AgentHealth.Status.STOPPING
                : dispatcher.lastPollAt() == null && dispatcher.controlPlaneError() == null
                        ? AgentHealth.Status.STARTING
                        : dispatcher.controlPlaneError() != null ? AgentHealth.Status.DEGRADED : AgentHealth.Status.UP;
        return new AgentHealth(
                status,
                config.hostId(),
                agentId,
                workers.inFlight(),
                dispatcher.lastPollAt(),
                dispatcher.controlPlaneError());
    }

    /**
     * Reads the partition once: refuses unreadable commands, expires old ones, marks lapsed claims of other
     * agents abandoned, and claims (and starts) as many runnable commands as there are free slots.
     *
     * @return how many commands this poll claimed
     * @throws RuntimeException when the control plane does not answer
     */
    public int pollOnce() {
        return dispatcher.pollOnce();
    }

    /** One turn of the doorbell loop on the calling thread: a test's, on a manual clock. */
    void listenOnce() {
        doorbellLoop.step();
    }

    /**
     * The first step of {@link #close()}, which returns at once: no more claims; a claimed command whose action has
     * not begun is released.
     */
    void stopClaiming() {
        stopping.set(true);
        pollLoop.wake();
        if (doorbellLoop != null) {
            doorbellLoop.wake();
        }
    }

    /** Graceful stop: see the class comment. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopClaiming();
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
        if (threads instanceof ExecutorService pool) {
            pool.shutdown();
        }
        if (!workers.awaitIdle(config.shutdownGrace())) {
            log.warn(
                    "agent.stopped_with_commands_running",
                    "commandIds",
                    workers.running(),
                    "detail",
                    "their claims lapse after the lease; they are then marked abandoned, never re-run");
        }
        log.info("agent.stopped", "agentId", agentId);
    }
}
