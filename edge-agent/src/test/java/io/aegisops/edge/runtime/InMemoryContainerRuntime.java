package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link ContainerRuntime} in memory: containers that run, report a healthy health check (so a restarted one is
 * ready at once), print what a test tells them to, use what it says (64 MiB and a tenth of a core, no limits, unless
 * told otherwise), exit when told to (or stopped), and count their restarts. A test can act "during" a restart, as when an agent
 * dies or freezes half-way through one.
 */
public final class InMemoryContainerRuntime implements ContainerRuntime {

    private static final ResourceUsage USUAL = new ResourceUsage(64L * 1024 * 1024, null, 0.1, null);

    private static final class Container {
        Instant startedAt;
        int restarts;
        Integer exitCode;
        ResourceUsage uses = USUAL;
        final List<String> lines = new ArrayList<>();
    }

    private final Supplier<Instant> clock;
    private final Map<String, Container> containers = new HashMap<>();
    private Runnable duringNextRestart = () -> {};

    public InMemoryContainerRuntime(Supplier<Instant> clock) {
        this.clock = clock;
    }

    /** A running, healthy container started now. */
    public synchronized void add(String name) {
        Container container = new Container();
        container.startedAt = clock.get();
        containers.put(name, container);
    }

    public synchronized void print(String name, String line) {
        find(name).lines.add(line);
    }

    /** The container's main process ends with {@code exitCode}; a restart starts it again. */
    public synchronized void exit(String name, int exitCode) {
        find(name).exitCode = exitCode;
    }

    /** What the running container uses from now on. */
    public synchronized void uses(String name, ResourceUsage usage) {
        find(name).uses = usage;
    }

    /** Runs {@code step} inside the next restart, after the stop began and before the container starts again. */
    public synchronized void duringNextRestart(Runnable step) {
        duringNextRestart = step;
    }

    /** How many times the container was restarted. */
    public synchronized int restarts(String name) {
        return find(name).restarts;
    }

    @Override
    public synchronized ContainerState inspect(String name) {
        Container container = find(name);
        return container.exitCode == null
                ? new ContainerState("running", null, false, container.restarts, "healthy", container.startedAt)
                : new ContainerState(
                        "exited", container.exitCode, false, container.restarts, null, container.startedAt);
    }

    @Override
    public synchronized ResourceUsage resources(String name) {
        Container container = find(name);
        return container.exitCode == null ? container.uses : null;
    }

    @Override
    public void restart(String name, Duration stopTimeout) {
        Runnable step;
        synchronized (this) {
            find(name).restarts++;
            step = duringNextRestart;
            duringNextRestart = () -> {};
        }
        step.run();
        synchronized (this) {
            Container container = find(name);
            container.exitCode = null;
            Instant now = clock.get();
            // a new start is always later than the one before, even on a clock that has not moved
            container.startedAt = now.isAfter(container.startedAt) ? now : container.startedAt.plusMillis(1);
        }
    }

    @Override
    public synchronized void stop(String name, Duration stopTimeout) {
        Container container = find(name);
        if (container.exitCode == null) {
            container.exitCode = 0;
        }
    }

    @Override
    public synchronized String logs(String name, int lines) {
        List<String> all = find(name).lines;
        StringBuilder text = new StringBuilder();
        all.subList(Math.max(0, all.size() - lines), all.size())
                .forEach(line -> text.append(line).append('\n'));
        return text.toString();
    }

    @Override
    public void close() {}

    private Container find(String name) {
        Container container = containers.get(name);
        if (container == null) {
            throw new ContainerNotFoundException(name);
        }
        return container;
    }
}
