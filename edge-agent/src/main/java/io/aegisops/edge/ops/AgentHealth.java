package io.aegisops.edge.ops;

import java.time.Instant;

/**
 * What {@code /health} reports. UP: the last query of the commands table succeeded. DEGRADED: the control
 * plane did not answer the last query (the agent keeps retrying with backoff). STOPPING: shutting down.
 */
public record AgentHealth(
        Status status, String hostId, String agentId, int inFlight, Instant lastPollAt, String controlPlaneError) {

    public enum Status {
        STARTING,
        UP,
        DEGRADED,
        STOPPING
    }

    public boolean serving() {
        return status == Status.UP;
    }
}
