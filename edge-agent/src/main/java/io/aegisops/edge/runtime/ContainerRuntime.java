package io.aegisops.edge.runtime;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.ResourceUsage;
import io.aegisops.contracts.ScaleUpBounds;
import java.time.Duration;
import java.util.Optional;

/**
 * What the agent can do to a container, and nothing more: look at it (its state, what it uses), read its output,
 * restart it, and the other
 * remedies: stop it, raise its limits, roll it back to the image it ran before. There is deliberately no way to run a
 * command inside it. A runtime that cannot carry out a remedy (a supervised process has no image and no limits)
 * refuses it with {@link UnsupportedRemedyException}.
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

    /**
     * Stops the container, killing it if it has not stopped after {@code stopTimeout}. A stopped container stays as
     * it is.
     *
     * @throws ContainerNotFoundException when there is no such container
     */
    void stop(String container, Duration stopTimeout);

    /**
     * The image a ROLLBACK recreates the container from: the one it ran before its current one, as this runtime
     * recorded it. Empty when it knows none.
     *
     * @throws UnsupportedRemedyException when the runtime runs no images
     */
    default Optional<String> previousImage(String container) {
        throw noImages(container);
    }

    /**
     * Recreates the container from {@code image}, same name and configuration, and starts it; returns once it has
     * been started. The replaced container is removed only once the new one runs; when a step fails, the replaced one
     * runs again under its name.
     *
     * @throws RollbackFailedException saying how far it got and what runs now
     * @throws UnsupportedRemedyException when the runtime runs no images
     */
    default void rollback(String container, String image, Duration stopTimeout) {
        throw noImages(container);
    }

    /**
     * Raises the container's memory and CPU limits, each by its step and never above its maximum; a resource without
     * a limit, or without bounds, is left as it is.
     *
     * @throws OutOfBoundsException when nothing can be raised within the bounds
     * @throws UnsupportedRemedyException when the runtime sets no limits
     */
    default Limits.Change scaleUp(String container, ScaleUpBounds bounds) {
        throw new UnsupportedRemedyException("this runtime sets no limits, so it cannot scale '" + container
                + "' up (SCALE_UP needs the docker" + " runtime)");
    }

    @Override
    void close();

    private static UnsupportedRemedyException noImages(String container) {
        return new UnsupportedRemedyException("this runtime runs no images, so it cannot roll '" + container
                + "' back (ROLLBACK needs the docker runtime)");
    }
}
