package io.aegisops.edge.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.ScaleUpBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Docker engine through docker-java: inspect (with the image), resources, logs and restart, by container name
 * or id. Resources come from one stats read (CPU as the rise of the container's CPU time between the engine's two
 * samples, as for a supervised process; memory as Docker's CLI counts it, usage less the inactive page cache) and
 * the limits from the container's HostConfig (none set: null, not the host's size). The other remedies (stop, scale
 * up, roll back) are {@link DockerRemedies}'; every inspect records the container's image in the {@link ImageHistory}
 * and reports the image it ran before.
 */
public final class DockerContainerRuntime implements ContainerRuntime {

    /** Docker reports a container that never ran as started at year 1. */
    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private static final long LOGS_TIMEOUT_SECONDS = 10;

    /**
     * How much earlier than its run's {@code StartedAt} a first line may be stamped: 3 ms seen on an idle engine,
     * more on a busy one, while a restart of a stopped container takes well over this.
     */
    private static final Duration EARLY_FIRST_LINE = Duration.ofMillis(100);

    private static final long STATS_TIMEOUT_SECONDS = 10;

    private final DockerClient docker;
    private final DockerRemedies remedies;
    private final FollowedStats followed;

    /** With an image history kept in memory only. */
    public DockerContainerRuntime(DockerClient docker) {
        this(docker, ImageHistory.inMemory());
    }

    public DockerContainerRuntime(DockerClient docker, ImageHistory images) {
        this.docker = docker;
        this.remedies = new DockerRemedies(docker, images, Clock.systemUTC());
        this.followed = new FollowedStats(docker);
    }

    /**
     * Follows the engine's stats of these containers (up to {@value FollowedStats#MAX_FOLLOWED}), so that
     * {@link #resources} answers from the latest sample instead of waiting about a second for the next one.
     */
    public void followStats(Collection<String> containers) {
        followed.follow(containers);
    }

    /**
     * A client for the engine at {@code dockerHost} (unix:///var/run/docker.sock, tcp://...). The response
     * timeout leaves room for the longest stop timeout a restart may use.
     */
    public static DockerContainerRuntime connect(String dockerHost, ImageHistory images) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(330))
                .build();
        return new DockerContainerRuntime(DockerClientImpl.getInstance(config, http), images);
    }

    /** Asks the engine for its version: fails fast at start-up when the socket is wrong. */
    public String engineVersion() {
        return docker.versionCmd().exec().getVersion();
    }

    @Override
    public ContainerState inspect(String container) {
        InspectContainerResponse response = inspectResponse(container);
        InspectContainerResponse.ContainerState state = response.getState();
        HealthState health = state.getHealth();
        Long exitCode = state.getExitCodeLong();
        ContainerState seen = new ContainerState(
                state.getStatus(),
                exitCode == null ? null : exitCode.intValue(),
                state.getOOMKilled(),
                response.getRestartCount(),
                health == null ? null : health.getStatus(),
                instant(state.getStartedAt()),
                null,
                null,
                response.getConfig() == null ? null : response.getConfig().getImage());
        return remedies.observe(response).map(seen::withPreviousImage).orElse(seen);
    }

    @Override
    public void stop(String container, Duration stopTimeout) {
        remedies.stop(container, stopTimeout);
    }

    @Override
    public Optional<String> previousImage(String container) {
        return remedies.observe(inspectResponse(container));
    }

    @Override
    public void rollback(String container, String image, Duration stopTimeout) {
        remedies.rollback(container, image, stopTimeout);
    }

    @Override
    public Limits.Change scaleUp(String container, ScaleUpBounds bounds) {
        return remedies.scaleUp(container, bounds);
    }

    @Override
    public ResourceUsage resources(String container) {
        InspectContainerResponse response = inspectResponse(container);
        if (!Boolean.TRUE.equals(response.getState().getRunning())) {
            return null;
        }
        Statistics stats = followed.latest(
                        container, instant(response.getState().getStartedAt()))
                .orElseGet(() -> stats(container));
        if (stats == null) {
            return null;
        }
        HostConfig limits = response.getHostConfig();
        return new ResourceUsage(
                memoryInUse(stats.getMemoryStats()),
                limits == null ? null : positive(limits.getMemory()),
                cores(stats),
                limits == null ? null : cpuLimit(limits));
    }

    private InspectContainerResponse inspectResponse(String container) {
        try {
            return docker.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        }
    }

    /**
     * {@code GET /containers/NAME/stats?stream=false}, for a container not followed: the engine answers with two samples about a second apart
     * (the current and the previous), which is what the CPU figure needs. Measured on Engine 20.10: 1.0-1.7 s;
     * {@code one-shot=true} waits for the engine's next sample as well (0.6-1.0 s) and has no previous one.
     */
    private Statistics stats(String container) {
        List<Statistics> frames = new ArrayList<>();
        ResultCallback.Adapter<Statistics> collector = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Statistics frame) {
                synchronized (frames) {
                    frames.add(frame);
                }
            }
        };
        try {
            docker.statsCmd(container)
                    .withNoStream(true)
                    .exec(collector)
                    .awaitCompletion(STATS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(collector);
        }
        synchronized (frames) {
            return frames.isEmpty() ? null : frames.getFirst();
        }
    }

    /** Usage less the inactive page cache ({@code total_inactive_file} on cgroup v1, {@code inactive_file} on v2). */
    private static Long memoryInUse(MemoryStatsConfig memory) {
        if (memory == null || memory.getUsage() == null) {
            return null;
        }
        StatsConfig stats = memory.getStats();
        Long cache = stats == null
                ? null
                : stats.getTotalInactiveFile() != null ? stats.getTotalInactiveFile() : stats.getInactiveFile();
        long usage = memory.getUsage();
        return cache != null && cache < usage ? usage - cache : usage;
    }

    /** CPU nanoseconds used between the previous sample and this one, over the nanoseconds between them. */
    static Double cores(Statistics stats) {
        Long now = totalUsage(stats.getCpuStats());
        Long before = totalUsage(stats.getPreCpuStats());
        Instant to = instant(stats.getRead());
        Instant from = instant(stats.getPreread());
        if (now == null || before == null || to == null || from == null) {
            return null;
        }
        long elapsed = Duration.between(from, to).toNanos();
        return elapsed <= 0 ? null : Math.max(0, now - before) / (double) elapsed;
    }

    private static Long totalUsage(CpuStatsConfig cpu) {
        return cpu == null || cpu.getCpuUsage() == null
                ? null
                : cpu.getCpuUsage().getTotalUsage();
    }

    /** {@code --cpus} (NanoCPUs), else {@code --cpu-quota} over {@code --cpu-period} (100 ms by default). */
    private static Double cpuLimit(HostConfig limits) {
        Long nanoCpus = positive(limits.getNanoCPUs());
        if (nanoCpus != null) {
            return nanoCpus / 1e9;
        }
        Long quota = positive(limits.getCpuQuota());
        if (quota == null) {
            return null;
        }
        Long period = positive(limits.getCpuPeriod());
        return (double) quota / (period == null ? 100_000 : period);
    }

    /** Docker writes "no limit" as 0 (and -1 for an unlimited quota). */
    private static Long positive(Long value) {
        return value == null || value <= 0 ? null : value;
    }

    @Override
    public void restart(String container, Duration stopTimeout) {
        try {
            docker.restartContainerCmd(container)
                    .withTimeout((int) stopTimeout.toSeconds())
                    .exec();
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        }
    }

    /**
     * {@inheritDoc} Only the current run's (or, stopped, the last run's) output: {@code docker logs} spans restarts,
     * and an earlier run's errors, already healed, must not count as evidence against this one. Docker's
     * {@code since} counts whole seconds, so lines come stamped and those from before the run are dropped (see
     * {@link #runBoundary}); the tail still holds every line of this run that fits, as this run's lines are the last.
     */
    @Override
    public String logs(String container, int lines) {
        InspectContainerResponse.ContainerState state =
                inspectResponse(container).getState();
        Instant runStarted = instant(state.getStartedAt());
        Instant boundary =
                runBoundary(runStarted, instant(state.getFinishedAt()), Boolean.TRUE.equals(state.getRunning()));
        StringBuilder text = new StringBuilder();
        ResultCallback.Adapter<Frame> collector = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        };
        try {
            var command = docker.logContainerCmd(container)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTimestamps(true)
                    .withTail(lines);
            if (boundary != null) {
                command.withSince(Math.toIntExact(boundary.getEpochSecond()));
            }
            command.exec(collector).awaitCompletion(LOGS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(collector);
        }
        synchronized (text) {
            return linesSince(text.toString(), boundary);
        }
    }

    /**
     * Where the run's lines begin. A line is stamped when the engine receives it, a few milliseconds either side of
     * the run's start or end: the first line can come before {@code StartedAt}, the last after {@code FinishedAt}.
     * Between two runs lies a whole stop and start, so a running container's boundary is the middle of that gap
     * (its {@code FinishedAt} is the run before's end); a stopped one's {@code FinishedAt} is its own, and its
     * boundary a little before its start. Null: no boundary (it never started).
     */
    static Instant runBoundary(Instant started, Instant finished, boolean running) {
        if (started == null) {
            return null;
        }
        if (running && finished != null && finished.isBefore(started)) {
            return finished.plus(Duration.between(finished, started).dividedBy(2));
        }
        return started.minus(EARLY_FIRST_LINE);
    }

    /** Keeps the stamped lines written at or after {@code boundary} (all of them when null), without their stamps. */
    static String linesSince(String stamped, Instant boundary) {
        StringBuilder kept = new StringBuilder(stamped.length());
        for (String line : stamped.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            int space = line.indexOf(' ');
            Instant written = space < 0 ? null : instant(line.substring(0, space));
            if (written == null) {
                kept.append(line).append('\n'); // not stamped after all: keep it whole
            } else if (boundary == null || !written.isBefore(boundary)) {
                kept.append(line, space + 1, line.length()).append('\n');
            }
        }
        return kept.toString();
    }

    @Override
    public void close() {
        followed.close();
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Docker's time stamps; null for none and for its year 1, which means "never". */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            Instant at = Instant.parse(text);
            return at.equals(NEVER) ? null : at;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void closeQuietly(ResultCallback.Adapter<?> callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // the stream is finished or abandoned either way
        }
    }
}
