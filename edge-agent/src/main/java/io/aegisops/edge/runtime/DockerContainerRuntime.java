package io.aegisops.edge.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import io.aegisops.contracts.ContainerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;

/** The Docker engine through docker-java: inspect, logs and restart, by container name or id. */
public final class DockerContainerRuntime implements ContainerRuntime {

    /** Docker reports a container that never ran as started at year 1. */
    private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

    private static final long LOGS_TIMEOUT_SECONDS = 10;

    private final DockerClient docker;

    public DockerContainerRuntime(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * A client for the engine at {@code dockerHost} (unix:///var/run/docker.sock, tcp://...). The response
     * timeout leaves room for the longest stop timeout a restart may use.
     */
    public static DockerContainerRuntime connect(String dockerHost) {
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
        return new DockerContainerRuntime(DockerClientImpl.getInstance(config, http));
    }

    /** Asks the engine for its version: fails fast at start-up when the socket is wrong. */
    public String engineVersion() {
        return docker.versionCmd().exec().getVersion();
    }

    @Override
    public ContainerState inspect(String container) {
        InspectContainerResponse response;
        try {
            response = docker.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        }
        InspectContainerResponse.ContainerState state = response.getState();
        HealthState health = state.getHealth();
        Long exitCode = state.getExitCodeLong();
        return new ContainerState(
                state.getStatus(),
                exitCode == null ? null : exitCode.intValue(),
                state.getOOMKilled(),
                response.getRestartCount(),
                health == null ? null : health.getStatus(),
                startedAt(state.getStartedAt()));
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

    @Override
    public String logs(String container, int lines) {
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
            docker.logContainerCmd(container)
                    .withStdOut(true)
                    .withStdErr(true)
                    .withTail(lines)
                    .exec(collector)
                    .awaitCompletion(LOGS_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (NotFoundException e) {
            throw new ContainerNotFoundException(container);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(collector);
        }
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant startedAt(String text) {
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

    private static void closeQuietly(ResultCallback.Adapter<Frame> callback) {
        try {
            callback.close();
        } catch (IOException ignored) {
            // the stream is finished or abandoned either way
        }
    }
}
