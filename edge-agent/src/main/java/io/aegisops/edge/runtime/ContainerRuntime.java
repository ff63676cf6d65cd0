package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import java.time.Duration;

/**
 * What the agent can do to a container, and nothing more: look at it (its state, what it uses), read its output,
 * restart it.
 * There is deliberately no way to run a command inside it.
 */
public interface ContainerRuntime extends AutoCloseable {

    /**
     * The container's state now. Status uses Docker's words (running, exited, restarting, ...).
     *
     * @throws ContainerNotFoundException when there is no such container
     */
    ContainerState inspect(String container);

    /**
     * Memory and CPU the container uses now, against its limits (a limit is null when none is set). CPU is
     * averaged over a short sample, so this takes about that long. Null when it is not running.
     *
     * @throws ContainerNotFoundException when there is no such container
     */
    ResourceUsage resources(String container);

    /**
     * Stops the container, killing it if it has not stopped after {@code stopTimeout}, and starts it again;
     * returns once it has been started (not necessarily healthy yet). A stopped container is just started.
     *
     * @throws ContainerNotFoundException when there is no such container
     */
    void restart(String container, Duration stopTimeout);

    /**
     * The last {@code lines} lines of the container's output, stdout and stderr together.
     *
     * @throws ContainerNotFoundException when there is no such container
     */
    String logs(String container, int lines);

    @Override
    void close();
}
