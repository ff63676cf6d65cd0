package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.config.ProcessSpec;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * For machines without a Docker engine: each configured "container" is a local process the agent starts
 * and supervises (the command line runs directly, never through a shell). Restart is stop (SIGTERM, then
 * SIGKILL after the stop timeout, with its descendants) and start; inspect reports running or exited with
 * the exit code, when it started and how often the agent restarted it; logs are the last lines it printed.
 * The processes stop with the runtime.
 */
public final class ProcessContainerRuntime implements ContainerRuntime {

    static final int KEPT_LINES = 2000;

    private final Map<String, Supervised> supervised = new LinkedHashMap<>();

    public ProcessContainerRuntime(List<ContainerConfig> containers) {
        for (ContainerConfig container : containers) {
            if (container.process() != null && !container.process().command().isEmpty()) {
                supervised.put(
                        container.name(),
                        new Supervised(
                                container.name(),
                                container.process(),
                                Duration.ofSeconds(container.stopTimeoutSeconds())));
            }
        }
    }

    /** Starts every supervised process that is not running yet. */
    public void startAll() {
        supervised.values().forEach(Supervised::startIfStopped);
    }

    @Override
    public ContainerState inspect(String container) {
        return find(container).state();
    }

    @Override
    public void restart(String container, Duration stopTimeout) {
        find(container).restart(stopTimeout);
    }

    @Override
    public String logs(String container, int lines) {
        return find(container).tail(lines);
    }

    @Override
    public void close() {
        supervised.values().forEach(Supervised::stopOnClose);
    }

    private Supervised find(String container) {
        Supervised process = supervised.get(container);
        if (process == null) {
            throw new ContainerNotFoundException(container);
        }
        return process;
    }

    private static final class Supervised {
        private final String name;
        private final ProcessSpec spec;
        private final Duration defaultStopTimeout;
        private final Deque<String> lines = new ArrayDeque<>();
        private Process process;
        private Instant startedAt;
        private int restarts;

        Supervised(String name, ProcessSpec spec, Duration defaultStopTimeout) {
            this.name = name;
            this.spec = spec;
            this.defaultStopTimeout = defaultStopTimeout;
        }

        synchronized void startIfStopped() {
            if (process == null || !process.isAlive()) {
                start();
            }
        }

        synchronized void restart(Duration stopTimeout) {
            stop(stopTimeout);
            start();
            restarts++;
        }

        synchronized void stopOnClose() {
            stop(defaultStopTimeout);
        }

        synchronized ContainerState state() {
            if (process == null) {
                return new ContainerState("created", null, null, restarts, null, null);
            }
            if (process.isAlive()) {
                return new ContainerState("running", null, null, restarts, null, startedAt);
            }
            return new ContainerState("exited", process.exitValue(), null, restarts, null, startedAt);
        }

        String tail(int count) {
            synchronized (lines) {
                return String.join(
                                "\n",
                                lines.stream()
                                        .skip(Math.max(0, lines.size() - count))
                                        .toList())
                        + (lines.isEmpty() ? "" : "\n");
            }
        }

        private void start() {
            ProcessBuilder builder = new ProcessBuilder(spec.command()).redirectErrorStream(true);
            if (spec.workingDirectory() != null) {
                builder.directory(new File(spec.workingDirectory()));
            }
            builder.environment().putAll(spec.environment());
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot start '" + name + "' (" + spec.command().getFirst() + ")", e);
            }
            startedAt = Instant.now();
            Process started = process;
            Thread.ofPlatform().daemon().name("edge-output-" + name).start(() -> collectOutput(started));
        }

        private void stop(Duration timeout) {
            if (process == null || !process.isAlive()) {
                return;
            }
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroy();
            descendants.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    process.waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        }

        private void collectOutput(Process source) {
            try (BufferedReader reader = source.inputReader()) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    synchronized (lines) {
                        if (lines.size() == KEPT_LINES) {
                            lines.removeFirst();
                        }
                        lines.addLast(line);
                    }
                }
            } catch (IOException streamClosed) {
                // the process ended; what it printed is kept
            }
        }
    }
}
