package io.aegisops.functions.agents;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.aegisops.contracts.AgentLiveness;

/**
 * An agent as the console shows it: its last report, and whether that is too old.
 *
 * @param stale         true when its last report is older than the stale threshold: it stopped polling
 * @param silentSeconds how long ago its last report was written
 */
public record AgentStatus(@JsonUnwrapped AgentLiveness liveness, boolean stale, long silentSeconds) {}
