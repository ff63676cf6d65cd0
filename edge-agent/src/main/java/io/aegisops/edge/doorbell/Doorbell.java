package io.aegisops.edge.doorbell;

import java.time.Duration;
import java.util.List;

/**
 * The host's doorbell: the pipeline rings it with a command's id when it writes the command, so the agent need not
 * poll the table to learn of it. A ring only says "look now": the table stays the record, and a ring that is lost
 * costs only latency (the agent's safety poll still finds the command).
 */
public interface Doorbell {

    /** One ring: the command it announces, and what {@link #answered} needs to take it off the doorbell. */
    record Ring(String commandId, String receipt) {}

    /**
     * Waits up to {@code wait} (whole seconds, at most 20) for rings; returns at once when there are some, empty when
     * none came. A ring not {@linkplain #answered answered} rings again after a while.
     */
    List<Ring> await(Duration wait);

    /** Takes a ring off the doorbell, once its command was looked at. */
    void answered(Ring ring);
}
