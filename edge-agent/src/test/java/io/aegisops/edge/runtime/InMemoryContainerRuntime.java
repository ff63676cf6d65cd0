package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link ContainerRuntime} in memory: containers that run, report a healthy health check (so a restarted one is
 * ready at once), print what a test tells them to, and count their restarts. A test can act "during" a restart, as
 * when an agent dies or freezes half-way through one.
 */
public final class InMemoryContainerRuntime implements ContainerRuntime {

    private static final class Container {
        Instant startedAt;
        int restarts;
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
        return new ContainerState("running", null, false, container.restarts, "healthy", container.startedAt);
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
            Instant now = clock.get();
            // a new start is always later than the one before, even on a clock that has not moved
            container.startedAt = now.isAfter(container.startedAt) ? now : container.startedAt.plusMillis(1);
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
