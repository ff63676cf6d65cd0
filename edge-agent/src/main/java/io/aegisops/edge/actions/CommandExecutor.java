package io.aegisops.edge.actions;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.ScaleUpBounds;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.runtime.ContainerNotFoundException;
import io.aegisops.edge.runtime.ContainerRuntime;
import io.aegisops.edge.runtime.Limits;
import io.aegisops.edge.runtime.OutOfBoundsException;
import io.aegisops.edge.runtime.UnsupportedRemedyException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Carries out one command on its container, after the {@link Allowlist} check, and says how it went.
 *
 * <ul>
 *   <li>RESTART: stop (killed after the stop timeout) and start, then wait, bounded by the container's
 *       ready timeout, until it runs, its Docker health check (if any) says healthy and its health URL (if
 *       any) answers 2xx; with neither, until it has kept running for a moment (a container that crashes right
 *       after starting is not back). {@code success} = it did. Restarts of one container never overlap.</li>
 *   <li>PROBE: GET the configured health URL up to N times, 1 s apart; without a URL, judge by the
 *       container state. {@code success} = healthy.</li>
 *   <li>INSPECT: the evidence, the same for every runtime: the container's state (exit code, OOM kill,
 *       restarts, start, Docker health, image), memory and CPU against its limits, one timed GET of its health
 *       URL, and its last log lines (redacted). LOGS: its last log lines.</li>
 *   <li>INSPECT: the evidence, the same for every runtime: the container's state (exit code, OOM kill,
 *       restarts, start, Docker health, image and the image before it), memory and CPU against its limits, one timed
 *       GET of its health URL, and its last log lines (redacted). LOGS: its last log lines.</li>
 *   <li>ROLLBACK: recreate the container, same name and configuration, from the image it ran before (the runtime's
 *       record; when the command names an image, it must be that one), then wait for it as after a RESTART.
 *       {@code success} = it is back, on that image.</li>
 *   <li>SCALE_UP: raise the memory and CPU limits by a step, never above the lower of the agent's bounds and the
 *       command's; refused when nothing can be raised within them. {@code success} = raised and still running.</li>
 *   <li>STOP: stop the container (killed after the stop timeout). {@code success} = it is stopped.</li>
 * </ul>
 *
 * <p>A PROBE may say what the remedy before it should have achieved: {@code expect=stopped} (after a STOP) passes for
 * a stopped container, {@code expectImage} (after a ROLLBACK) only for a healthy one running that image. Remedies of
 * one container (RESTART, ROLLBACK, SCALE_UP, STOP) never overlap.
 *
 * A dry run changes nothing: a remedy reports what it would do; the read-only actions run as usual.
 * Parameters a command may set: {@code stopTimeoutSeconds} (RESTART; up to the configured value),
 * {@code attempts} (PROBE, 1-20), {@code logLines} (INSPECT, LOGS; 1-1000) — the keys of {@link CommandParams}. The health URL always comes from
 * the agent's configuration, never from the command.
 */
public final class CommandExecutor {

    static final int MAX_LOG_CHARS = 8_000;
    static final int INSPECT_LOG_LINES = 50;
    static final int LOG_LINES = 100;
    static final int MAX_LINES = 1_000;
    static final int MAX_PROBE_ATTEMPTS = 20;
    /** How soon readiness tries a health URL again whose port refused the connection: the service is starting. */
    static final Duration REFUSED_RETRY = Duration.ofMillis(10);

    private final AgentConfig config;
    private final ContainerRuntime runtime;
    private final HealthProbe probe;
    private final Duration pause;
    private final Duration settle;
    private final Map<String, ReentrantLock> remedyLocks = new ConcurrentHashMap<>();

    public CommandExecutor(AgentConfig config, ContainerRuntime runtime, HealthProbe probe) {
        this(config, runtime, probe, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    /**
     * @param pause  between two probe attempts; readiness is checked four times as often
     * @param settle how long a restarted container with neither health check nor health URL must keep running
     *               to count as back (one that crashes right after starting must not)
     */
    public CommandExecutor(
            AgentConfig config, ContainerRuntime runtime, HealthProbe probe, Duration pause, Duration settle) {
        this.config = config;
        this.runtime = runtime;
        this.probe = probe;
        this.pause = pause;
        this.settle = settle;
    }

    public Outcome execute(Command command, boolean forceDryRun) {
        long started = System.nanoTime();
        boolean dryRun = forceDryRun || command.dryRun();
        Optional<String> refusal = Allowlist.refusal(config, command);
        if (refusal.isPresent()) {
            return failed(command, dryRun, started, AegisError.NOT_ALLOWED, refusal.get());
        }
        ContainerConfig container = config.container(command.container()).orElseThrow();
        try {
            return switch (command.type()) {
                case RESTART -> restart(command, container, dryRun, started);
                case ROLLBACK -> rollback(command, container, dryRun, started);
                case SCALE_UP -> scaleUp(command, container, dryRun, started);
                case STOP -> stop(command, container, dryRun, started);
                case PROBE -> expectedImage(command, probe(command, container, dryRun, started));
                case INSPECT -> inspect(command, container, dryRun, started);
                case LOGS -> logs(command, container, dryRun, started);
            };
        } catch (InvalidParameterException e) {
            return failed(command, dryRun, started, AegisError.INVALID_COMMAND, e.getMessage());
        } catch (ContainerNotFoundException e) {
            return failed(command, dryRun, started, AegisError.CONTAINER_NOT_FOUND, e.getMessage());
        } catch (UnsupportedRemedyException | OutOfBoundsException e) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.NOT_ALLOWED,
                    command.type() + " of '" + container.name() + "' refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.RUNTIME_ERROR,
                    command.type() + " of '" + container.name() + "' failed: "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private Outcome restart(Command command, ContainerConfig container, boolean dryRun, long started) {
        int stopTimeout = stopTimeout(command, container);
        String plan = "restart '" + container.name() + "' (stop timeout " + stopTimeout + " s) and wait up to "
                + container.readyTimeoutSeconds() + " s for it to run" + readinessCriteria(container);
        if (dryRun) {
            return dryRun(command, container, started, plan);
        }
        ReentrantLock lock = lockOf(container);
        lock.lock();
        try {
            ContainerState before = runtime.inspect(container.name());
            runtime.restart(container.name(), Duration.ofSeconds(stopTimeout));
            Readiness ready = awaitReady(
                    container,
                    before.startedAt(),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(container.readyTimeoutSeconds()));
            String message = ready.ok()
                    ? "restarted '" + container.name() + "': " + ready.detail()
                    : "restarted '" + container.name() + "' but it did not come back within "
                            + container.readyTimeoutSeconds() + " s: " + ready.detail();
            return Outcome.answered(result(command, false, started)
                    .success(ready.ok())
                    .message(message)
                    .before(before)
                    .after(ready.state())
                    .httpStatus(ready.httpStatus())
                    .build());
        } finally {
            lock.unlock();
        }
    }

    /** The stop timeout a command may ask for: up to the configured one, never more. */
    private static int stopTimeout(Command command, ContainerConfig container) {
        return Math.min(
                container.stopTimeoutSeconds(),
                intParam(
                        command,
                        CommandParams.STOP_TIMEOUT_SECONDS,
                        container.stopTimeoutSeconds(),
                        0,
                        Integer.MAX_VALUE));
    }

    private ReentrantLock lockOf(ContainerConfig container) {
        return remedyLocks.computeIfAbsent(container.name(), name -> new ReentrantLock());
    }

    private Outcome rollback(Command command, ContainerConfig container, boolean dryRun, long started) {
        int stopTimeout = stopTimeout(command, container);
        Optional<String> previous = runtime.previousImage(container.name());
        if (previous.isEmpty()) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.NOT_ALLOWED,
                    "no image is recorded before the current one of '" + container.name()
                            + "': nothing to roll back to");
        }
        String image = previous.get();
        String named = command.params().get(CommandParams.IMAGE);
        if (named != null && !named.equals(image)) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.NOT_ALLOWED,
                    "the incident names " + named + " as the image to roll back to, but the one before the current"
                            + " image of '" + container.name() + "' is now " + image + ": not rolled back");
        }
        String plan = "recreate '" + container.name() + "' from " + image + " (stop timeout " + stopTimeout
                + " s) and wait up to " + container.readyTimeoutSeconds() + " s for it to run"
                + readinessCriteria(container);
        if (dryRun) {
            return dryRun(command, container, started, plan);
        }
        ReentrantLock lock = lockOf(container);
        lock.lock();
        try {
            ContainerState before = runtime.inspect(container.name());
            runtime.rollback(container.name(), image, Duration.ofSeconds(stopTimeout));
            Readiness ready = awaitReady(
                    container,
                    before.startedAt(),
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(container.readyTimeoutSeconds()));
            boolean onImage = image.equals(ready.state().image());
            String rolledBack = "rolled '" + container.name() + "' back from " + before.image() + " to " + image;
            String message = !onImage
                    ? rolledBack + " but it runs " + ready.state().image()
                    : ready.ok()
                            ? rolledBack + ": " + ready.detail()
                            : rolledBack + " but it did not come back within " + container.readyTimeoutSeconds()
                                    + " s: " + ready.detail();
            return Outcome.answered(result(command, false, started)
                    .success(ready.ok() && onImage)
                    .message(message)
                    .before(before)
                    .after(ready.state())
                    .httpStatus(ready.httpStatus())
                    .build());
        } finally {
            lock.unlock();
        }
    }

    private Outcome scaleUp(Command command, ContainerConfig container, boolean dryRun, long started) {
        if (container.scaleUp() == null) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.NOT_ALLOWED,
                    "the agent's configuration sets no scaleUp bounds for '" + container.name() + "'");
        }
        Optional<ScaleUpBounds> bounds = lowerOf(container.scaleUp(), requestedBounds(command));
        if (bounds.isEmpty()) {
            return failed(
                    command,
                    dryRun,
                    started,
                    AegisError.NOT_ALLOWED,
                    "the command's bounds and the agent's for '" + container.name() + "' share no resource to raise");
        }
        String plan = "raise the limits of '" + container.name() + "' by " + describe(bounds.get());
        if (dryRun) {
            return dryRun(command, container, started, plan);
        }
        ReentrantLock lock = lockOf(container);
        lock.lock();
        try {
            ContainerState before = runtime.inspect(container.name());
            Limits.Change change = runtime.scaleUp(container.name(), bounds.get());
            ContainerState after = runtime.inspect(container.name());
            boolean running = "running".equals(after.status());
            return Outcome.answered(result(command, false, started)
                    .success(running)
                    .message("raised the limits of '" + container.name() + "' from " + change.before() + " to "
                            + change.after() + " (" + describe(bounds.get()) + ")"
                            + (running ? "" : "; it is " + after.status()))
                    .before(before)
                    .after(after)
                    .build());
        } finally {
            lock.unlock();
        }
    }

    private Outcome stop(Command command, ContainerConfig container, boolean dryRun, long started) {
        int stopTimeout = stopTimeout(command, container);
        if (dryRun) {
            return dryRun(
                    command,
                    container,
                    started,
                    "stop '" + container.name() + "' (killed after " + stopTimeout + " s)");
        }
        ReentrantLock lock = lockOf(container);
        lock.lock();
        try {
            ContainerState before = runtime.inspect(container.name());
            runtime.stop(container.name(), Duration.ofSeconds(stopTimeout));
            ContainerState after = runtime.inspect(container.name());
            boolean stopped = isStopped(after);
            return Outcome.answered(result(command, false, started)
                    .success(stopped)
                    .message((stopped ? "stopped '" : "asked '") + container.name() + "' to stop; status "
                            + after.status())
                    .before(before)
                    .after(after)
                    .build());
        } finally {
            lock.unlock();
        }
    }

    /** A PROBE after a ROLLBACK passes only for a container running the image it was rolled back to. */
    private Outcome expectedImage(Command command, Outcome probed) {
        String expected = command.params().get(CommandParams.EXPECT_IMAGE);
        if (expected == null || probed.isFailure() || !probed.result().success()) {
            return probed;
        }
        CommandResult result = probed.result();
        String image = result.before() == null ? null : result.before().image();
        if (expected.equals(image)) {
            return probed;
        }
        return Outcome.answered(new CommandResult(
                result.commandId(),
                result.type(),
                false,
                result.dryRun(),
                "healthy, but it runs " + image + ", not " + expected + " (the image it was rolled back to)",
                result.before(),
                result.after(),
                result.httpStatus(),
                result.logs(),
                result.durationMs()));
    }

    /** A PROBE after a STOP: it passes when the container is stopped. */
    private Outcome stopped(Command command, ContainerConfig container, boolean dryRun, long started) {
        ContainerState state = runtime.inspect(container.name());
        boolean stopped = isStopped(state);
        return Outcome.answered(result(command, dryRun, started)
                .success(stopped)
                .message((stopped ? "stopped" : "not stopped") + ": status " + state.status())
                .before(state)
                .build());
    }

    private static boolean isStopped(ContainerState state) {
        return !"running".equals(state.status()) && !"restarting".equals(state.status());
    }

    /** The inventory's bounds the command carries, or empty when it carries none (the agent's alone apply). */
    private static Optional<ScaleUpBounds> requestedBounds(Command command) {
        Integer maxMemory = optionalInt(command, CommandParams.MAX_MEMORY_MB);
        Integer memoryStep = optionalInt(command, CommandParams.MEMORY_STEP_MB);
        Double maxCpus = optionalDecimal(command, CommandParams.MAX_CPUS);
        Double cpuStep = optionalDecimal(command, CommandParams.CPU_STEP);
        if (maxMemory == null && memoryStep == null && maxCpus == null && cpuStep == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ScaleUpBounds(maxMemory, memoryStep, maxCpus, cpuStep));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("the command's scale-up bounds are invalid: " + e.getMessage());
        }
    }

    /**
     * Per resource, the lower maximum and the smaller step of the agent's bounds and the command's; a resource only
     * one of them bounds is not raised. Empty when no resource is left.
     */
    static Optional<ScaleUpBounds> lowerOf(ScaleUpBounds agent, Optional<ScaleUpBounds> requested) {
        if (requested.isEmpty()) {
            return Optional.of(agent);
        }
        ScaleUpBounds command = requested.get();
        boolean memory = agent.maxMemoryMb() != null && command.maxMemoryMb() != null;
        boolean cpu = agent.maxCpus() != null && command.maxCpus() != null;
        if (!memory && !cpu) {
            return Optional.empty();
        }
        return Optional.of(new ScaleUpBounds(
                memory ? Math.min(agent.maxMemoryMb(), command.maxMemoryMb()) : null,
                memory ? Math.min(agent.memoryStepMb(), command.memoryStepMb()) : null,
                cpu ? Math.min(agent.maxCpus(), command.maxCpus()) : null,
                cpu ? Math.min(agent.cpuStep(), command.cpuStep()) : null));
    }

    private static String describe(ScaleUpBounds bounds) {
        List<String> parts = new ArrayList<>();
        if (bounds.maxMemoryMb() != null) {
            parts.add("memory +" + bounds.memoryStepMb() + " MiB up to " + bounds.maxMemoryMb() + " MiB");
        }
        if (bounds.maxCpus() != null) {
            parts.add(String.format(Locale.ROOT, "CPU +%.2f up to %.2f cores", bounds.cpuStep(), bounds.maxCpus()));
        }
        return String.join(", ", parts);
    }

    private record Readiness(boolean ok, ContainerState state, Integer httpStatus, String detail) {}

    /**
     * Running (a new start, not the old one), then healthy: by the Docker health check if there is one, by
     * the health URL if configured, else by staying up for {@code settle}. Gives up at {@code deadline}, or
     * at once if the container exits again.
     *
     * <p>The runtime is asked every {@code pause / 4}; in between, a running container's health URL is tried every
     * {@link #REFUSED_RETRY} while its port refuses connections (a refusal costs neither side anything, and a restart
     * is over the moment the service listens), else every {@code pause / 4}. A 2xx counts once the runtime, asked
     * again, still shows that same run: one that crashed right after answering is not back.
     */
    private Readiness awaitReady(ContainerConfig container, Instant previousStart, long deadline) {
        Duration check = pause.dividedBy(4);
        long runningSince = 0;
        while (true) {
            ContainerState state = runtime.inspect(container.name());
            long inspected = System.nanoTime();
            if ("exited".equals(state.status()) || "dead".equals(state.status())) {
                return new Readiness(
                        false,
                        state,
                        null,
                        "it " + state.status() + " with code " + state.exitCode() + " right after starting");
            }
            boolean running = "running".equals(state.status())
                    && (previousStart == null
                            || state.startedAt() == null
                            || state.startedAt().isAfter(previousStart));
            runningSince = !running ? 0 : runningSince == 0 ? inspected : runningSince;
            HealthReading probed = null;
            if (running && (state.health() == null || "healthy".equals(state.health()))) {
                if (container.healthUrl() != null) {
                    probed = probeUntilHealthy(container.healthUrl(), Math.min(inspected + check.toNanos(), deadline));
                    if (probed.healthy()) {
                        ContainerState after = runtime.inspect(container.name());
                        if (sameRun(after, state)) {
                            return new Readiness(
                                    true,
                                    after.withHealthProbe(probed),
                                    probed.httpStatus(),
                                    "running and " + HealthProbe.describe(probed));
                        }
                        continue;
                    }
                } else if (state.health() != null) {
                    return new Readiness(true, state, null, "running and healthy");
                } else if (inspected - runningSince >= settle.toNanos()) {
                    return new Readiness(true, state, null, "running for " + settle.toMillis() + " ms");
                }
            }
            if (System.nanoTime() >= deadline) {
                return new Readiness(
                        false,
                        probed == null ? state : state.withHealthProbe(probed),
                        probed == null ? null : probed.httpStatus(),
                        "status " + state.status() + ", health " + state.health()
                                + (probed == null ? "" : ", " + HealthProbe.describe(probed)));
            }
            if (probed == null) {
                sleep(check);
            }
        }
    }

    /**
     * GETs {@code url} until it answers 2xx or {@code until} (nano time) comes: again after {@link #REFUSED_RETRY}
     * while nothing answers, after {@code pause / 4} once something does. The last reading.
     */
    private HealthReading probeUntilHealthy(URI url, long until) {
        while (true) {
            HealthReading reading = probe.check(url);
            long left = until - System.nanoTime();
            if (reading.healthy() || left <= 0) {
                return reading;
            }
            Duration gap = reading.httpStatus() == null ? REFUSED_RETRY : pause.dividedBy(4);
            sleep(gap.compareTo(Duration.ofNanos(left)) < 0 ? gap : Duration.ofNanos(left));
        }
    }

    /** Still running, healthy by any Docker health check, and the run {@code seen} was. */
    private static boolean sameRun(ContainerState now, ContainerState seen) {
        return "running".equals(now.status())
                && (now.health() == null || "healthy".equals(now.health()))
                && Objects.equals(now.startedAt(), seen.startedAt());
    }

    private Outcome probe(Command command, ContainerConfig container, boolean dryRun, long started) {
        String expect = command.params().getOrDefault(CommandParams.EXPECT, CommandParams.EXPECT_HEALTHY);
        if (expect.equals(CommandParams.EXPECT_STOPPED)) {
            return stopped(command, container, dryRun, started);
        }
        if (!expect.equals(CommandParams.EXPECT_HEALTHY)) {
            throw new InvalidParameterException("params." + CommandParams.EXPECT + " '" + expect + "' must be "
                    + CommandParams.EXPECT_HEALTHY + " or " + CommandParams.EXPECT_STOPPED);
        }
        int attempts = intParam(command, CommandParams.ATTEMPTS, container.probeAttempts(), 1, MAX_PROBE_ATTEMPTS);
        ContainerState state = runtime.inspect(container.name());
        if (container.healthUrl() == null) {
            boolean healthy =
                    "running".equals(state.status()) && (state.health() == null || "healthy".equals(state.health()));
            String message = (healthy ? "healthy" : "unhealthy")
                    + ": no health URL configured, judged by the container state (status " + state.status()
                    + ", health " + state.health() + ")";
            return Outcome.answered(result(command, dryRun, started)
                    .success(healthy)
                    .message(message)
                    .before(state)
                    .build());
        }
        HealthReading last = null;
        int attempt = 0;
        while (attempt < attempts) {
            if (attempt > 0) {
                sleep(pause);
            }
            attempt++;
            last = probe.check(container.healthUrl());
            if (last.healthy()) {
                break;
            }
        }
        String message = (last.healthy() ? "healthy" : "unhealthy") + " after " + attempt + " of " + attempts
                + " attempt(s): " + HealthProbe.describe(last);
        return Outcome.answered(result(command, dryRun, started)
                .success(last.healthy())
                .message(message)
                .before(state.withHealthProbe(last))
                .httpStatus(last.httpStatus())
                .build());
    }

    private Outcome inspect(Command command, ContainerConfig container, boolean dryRun, long started) {
        // zero lines: a look at the state alone (the re-check at approval), no log read
        int lines = intParam(command, CommandParams.LOG_LINES, INSPECT_LOG_LINES, 0, MAX_LINES);
        ContainerState state;
        String logs;
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> logLines = lines == 0
                    ? CompletableFuture.completedFuture(null)
                    : lookups.submit(() -> evidence(runtime.logs(container.name(), lines)));
            state = evidence(container, lookups);
            logs = await(logLines);
        }
        String message = "'" + container.name() + "': status " + state.status()
                + (state.exitCode() == null ? "" : ", exit code " + state.exitCode())
                + (state.oomKilled() == null ? "" : ", OOM-killed " + state.oomKilled())
                + (state.restartCount() == null ? "" : ", restarts " + state.restartCount())
                + (state.health() == null ? "" : ", health " + state.health())
                + (state.startedAt() == null ? "" : ", started " + state.startedAt())
                + (state.image() == null ? "" : ", image " + state.image())
                + (state.previousImage() == null ? "" : " (before it: " + state.previousImage() + ")")
                + describe(state.resources())
                + (state.healthProbe() == null
                        ? ""
                        : ", " + HealthProbe.describe(state.healthProbe()) + " in "
                                + state.healthProbe().latencyMillis() + " ms");
        return Outcome.answered(result(command, dryRun, started)
                .success(true)
                .message(message)
                .before(state)
                .logs(logs)
                .build());
    }

    /**
     * Everything the agent can tell of the container, the same for every runtime: its state, what it uses against
     * its limits (while it runs), and a look at its configured health URL (never one from the command). The resource
     * sample (about a second on Docker) and the probe run side by side on {@code lookups}: evidence is on the way to
     * every diagnosis, so its time is the incident's.
     */
    private ContainerState evidence(ContainerConfig container, ExecutorService lookups) {
        Future<HealthReading> probed =
                container.healthUrl() == null ? null : lookups.submit(() -> probe.check(container.healthUrl()));
        ContainerState state = runtime.inspect(container.name());
        ResourceUsage resources = "running".equals(state.status()) ? runtime.resources(container.name()) : null;
        HealthReading reading = probed == null ? null : await(probed);
        return new ContainerState(
                state.status(),
                state.exitCode(),
                state.oomKilled(),
                state.restartCount(),
                state.health(),
                state.startedAt(),
                reading,
                resources,
                state.image(),
                state.previousImage());
    }

    /** What a dry run answers: the plan it would carry out, and the container as it is. Nothing is touched. */
    private Outcome dryRun(Command command, ContainerConfig container, long started, String plan) {
        return Outcome.answered(result(command, true, started)
                .success(true)
                .message("dry run: would " + plan)
                .before(runtime.inspect(container.name()))
                .build());
    }

    /** The lookup's answer; what it threw is thrown here, as if it had run on this thread. */
    private static <T> T await(Future<T> lookup) {
        try {
            return lookup.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting evidence", e);
        }
    }

    private static String describe(ResourceUsage resources) {
        if (resources == null) {
            return "";
        }
        return ", memory " + mebibytes(resources.memoryBytes()) + " MiB"
                + (resources.memoryLimitBytes() == null
                        ? " (no limit)"
                        : " of " + mebibytes(resources.memoryLimitBytes()) + " MiB")
                + ", CPU "
                + (resources.cpuCores() == null ? "unknown" : String.format(Locale.ROOT, "%.2f", resources.cpuCores()))
                + (resources.cpuLimitCores() == null
                        ? " cores (no limit)"
                        : " of " + String.format(Locale.ROOT, "%.2f", resources.cpuLimitCores()) + " cores");
    }

    private static String mebibytes(Long bytes) {
        return bytes == null ? "unknown" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024));
    }

    private Outcome logs(Command command, ContainerConfig container, boolean dryRun, long started) {
        int lines = intParam(command, CommandParams.LOG_LINES, LOG_LINES, 1, MAX_LINES);
        String logs = evidence(runtime.logs(container.name(), lines));
        return Outcome.answered(result(command, dryRun, started)
                .success(true)
                .message("last " + lines + " log line(s) of '" + container.name() + "'")
                .logs(logs)
                .build());
    }

    private Outcome failed(Command command, boolean dryRun, long started, AegisError error, String cause) {
        return Outcome.failed(
                error,
                cause,
                result(command, dryRun, started)
                        .message(error.wireName() + ": " + cause)
                        .build());
    }

    /** A result of {@code command}, its duration measured from {@code started} (nano time) to now. */
    private static CommandResult.Builder result(Command command, boolean dryRun, long started) {
        return CommandResult.of(command.commandId(), command.type())
                .dryRun(dryRun)
                .durationMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static String readinessCriteria(ContainerConfig container) {
        return container.healthUrl() == null
                ? " (and be healthy, if it has a Docker health check)"
                : ", and " + container.healthUrl() + " to answer 2xx";
    }

    /**
     * Log lines as the workflow may see them: redacted here, before they travel in the task answer and rest in the
     * execution's history, then cut (redacting first, so no half secret survives the cut).
     */
    static String evidence(String logs) {
        return truncate(Redactor.redact(logs));
    }

    /** The last {@value #MAX_LOG_CHARS} characters, marked when cut: the newest lines matter most. */
    static String truncate(String logs) {
        if (logs == null || logs.length() <= MAX_LOG_CHARS) {
            return logs;
        }
        int cut = logs.length() - MAX_LOG_CHARS;
        return "[" + cut + " earlier characters truncated]\n" + logs.substring(cut);
    }

    private static int intParam(Command command, String name, int fallback, int min, int max) {
        String value = command.params().get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException(
                "params." + name + " '" + value + "' must be a whole number between " + min + " and " + max);
    }

    private static Integer optionalInt(Command command, String name) {
        String value = command.params().get(name);
        return value == null || value.isBlank() ? null : intParam(command, name, 0, 1, Integer.MAX_VALUE);
    }

    private static Double optionalDecimal(Command command, String name) {
        String value = command.params().get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double parsed = Double.parseDouble(value.strip());
            if (parsed > 0 && parsed < Double.POSITIVE_INFINITY) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidParameterException("params." + name + " '" + value + "' must be a positive number");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
