package io.aegisops.functions.commands;

/**
 * Wakes a host's agent when a command was written for it: the agent then claims the command at once instead of at
 * its next read of the table. A ring carries only the command id; the table stays the record, so a ring that is
 * lost costs only latency (the agent's safety poll finds the command).
 */
public interface Doorbell {

    /** Rings {@code hostId}'s doorbell for {@code commandId}. */
    void ring(String hostId, String commandId);
}
