package io.aegisops.edge.actions;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.HealthReading;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.runtime.ContainerNotFoundException;
import io.aegisops.edge.runtime.ContainerRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * </ul>
 *
 * A dry run changes nothing: RESTART reports what it would do; the read-only actions run as usual.
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

    private final AgentConfig config;
    private final ContainerRuntime runtime;
    private final HealthProbe probe;
    private final Duration pause;
    private final Duration settle;
    private final Map<String, ReentrantLock> restartLocks = new ConcurrentHashMap<>();

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
                case PROBE -> probe(command, container, dryRun, started);
                case INSPECT -> inspect(command, container, dryRun, started);
                case LOGS -> logs(command, container, dryRun, started);
            };
        } catch (InvalidParameterException e) {
            return failed(command, dryRun, started, AegisError.INVALID_COMMAND, e.getMessage());
        } catch (ContainerNotFoundException e) {
            return failed(command, dryRun, started, AegisError.CONTAINER_NOT_FOUND, e.getMessage());
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
        int stopTimeout = Math.min(
                container.stopTimeoutSeconds(),
                intParam(
                        command,
                        CommandParams.STOP_TIMEOUT_SECONDS,
                        container.stopTimeoutSeconds(),
                        0,
                        Integer.MAX_VALUE));
        String plan = "restart '" + container.name() + "' (stop timeout " + stopTimeout + " s) and wait up to "
                + container.readyTimeoutSeconds() + " s for it to run" + readinessCriteria(container);
        if (dryRun) {
            ContainerState now = runtime.inspect(container.name());
            return Outcome.answered(result(command, true, started)
                    .success(true)
                    .message("dry run: would " + plan)
                    .before(now)
                    .build());
        }
        ReentrantLock lock = restartLocks.computeIfAbsent(container.name(), name -> new ReentrantLock());
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

    private record Readiness(boolean ok, ContainerState state, Integer httpStatus, String detail) {}

    /**
     * Running (a new start, not the old one), then healthy: by the Docker health check if there is one, by
     * the health URL if configured, else by staying up for {@code settle}. Gives up at {@code deadline}, or
     * at once if the container exits again.
     */
    private Readiness awaitReady(ContainerConfig container, Instant previousStart, long deadline) {
        Duration check = pause.dividedBy(4);
        long runningSince = 0;
        while (true) {
            ContainerState state = runtime.inspect(container.name());
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
            long now = System.nanoTime();
            runningSince = !running ? 0 : runningSince == 0 ? now : runningSince;
            HealthReading probed = null;
            if (running && (state.health() == null || "healthy".equals(state.health()))) {
                if (container.healthUrl() != null) {
                    probed = probe.check(container.healthUrl());
                    if (probed.healthy()) {
                        return new Readiness(
                                true,
                                state.withHealthProbe(probed),
                                probed.httpStatus(),
                                "running and " + HealthProbe.describe(probed));
                    }
                } else if (state.health() != null) {
                    return new Readiness(true, state, null, "running and healthy");
                } else if (now - runningSince >= settle.toNanos()) {
                    return new Readiness(true, state, null, "running for " + settle.toMillis() + " ms");
                }
            }
            if (now >= deadline) {
                return new Readiness(
                        false,
                        probed == null ? state : state.withHealthProbe(probed),
                        probed == null ? null : probed.httpStatus(),
                        "status " + state.status() + ", health " + state.health()
                                + (probed == null ? "" : ", " + HealthProbe.describe(probed)));
            }
            sleep(check);
        }
    }

    private Outcome probe(Command command, ContainerConfig container, boolean dryRun, long started) {
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
        int lines = intParam(command, CommandParams.LOG_LINES, INSPECT_LOG_LINES, 1, MAX_LINES);
        ContainerState state;
        String logs;
        try (ExecutorService lookups = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> logLines = lookups.submit(() -> evidence(runtime.logs(container.name(), lines)));
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
                state.image());
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
