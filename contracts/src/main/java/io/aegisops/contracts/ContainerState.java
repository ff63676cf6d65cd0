package io.aegisops.contracts;

import java.time.Duration;
import java.time.Instant;

/**
 * What the edge agent saw of a container (or a supervised process). Both runtimes fill the same fields; a field
 * is null when the runtime cannot know it (no Docker health check, no limit set, a process that never ran).
 *
 * @param status Docker's words: created, running, restarting, exited, dead
 * @param health Docker's own health-check status (healthy, unhealthy, starting), null without a health check
 * @param healthProbe the agent's own look at the target's configured health URL, null when it has none
 * @param resources memory and CPU in use against their limits, null when the target is not running
 * @param image the image (tag or id) the container runs, null for a supervised process
 * @param previousImage the image the container ran before {@code image}, as the edge agent recorded it (the one a
 *     ROLLBACK would recreate it from); null when the agent has seen no other, and for a supervised process
 */
public record ContainerState(
        String status,
        Integer exitCode,
        Boolean oomKilled,
        Integer restartCount,
        String health,
        Instant startedAt,
        HealthReading healthProbe,
        ResourceUsage resources,
        String image,
        String previousImage) {

    /** The state without the agent's probe, resource figures or image (what a bare inspect knows). */
    public ContainerState(
            String status,
            Integer exitCode,
            Boolean oomKilled,
            Integer restartCount,
            String health,
            Instant startedAt) {
        this(status, exitCode, oomKilled, restartCount, health, startedAt, null, null, null, null);
    }

    /**
     * The state as a runtime reads it, without the previous image (the agent's image history adds that, see
     * {@link #withPreviousImage}).
     */
    public ContainerState(
            String status,
            Integer exitCode,
            Boolean oomKilled,
            Integer restartCount,
            String health,
            Instant startedAt,
            HealthReading healthProbe,
            ResourceUsage resources,
            String image) {
        this(status, exitCode, oomKilled, restartCount, health, startedAt, healthProbe, resources, image, null);
    }

    public ContainerState withHealthProbe(HealthReading reading) {
        return new ContainerState(
                status, exitCode, oomKilled, restartCount, health, startedAt, reading, resources, image, previousImage);
    }

    /** The same state, with the image the container ran before its current one. */
    public ContainerState withPreviousImage(String previous) {
        return new ContainerState(
                status, exitCode, oomKilled, restartCount, health, startedAt, healthProbe, resources, image, previous);
    }

    /** How long the target has been up at {@code now}; null when it is not running or its start is unknown. */
    public Duration uptimeAt(Instant now) {
        return "running".equals(status) && startedAt != null && !now.isBefore(startedAt)
                ? Duration.between(startedAt, now)
                : null;
    }
}
