package io.aegisops.functions.learn;

/**
 * Frees the open-incident marker of a target and alert type once its incident is closed, so that the next
 * alert starts a new incident instead of attaching to the closed one. The marker belongs to ingest
 * ({@code functions.ingest}); this is the one thing the pipeline does to it.
 */
public interface OpenIncidentRelease {

    /** Removes the marker if, and only if, it still points at {@code incidentId}; true when removed. */
    boolean release(String service, String alertType, String incidentId);
}
