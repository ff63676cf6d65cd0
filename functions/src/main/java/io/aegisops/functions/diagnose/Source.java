package io.aegisops.functions.diagnose;

/**
 * Where a signal comes from. Its {@code witness} groups sources that look at the same thing: Docker's health check
 * and the agent's probe usually ask the same URL, so they count as one witness when confidence is composed.
 */
enum Source {
    ALERT("alert", "alert"),
    CONTAINER("container", "container"),
    DOCKER_HEALTH("Docker health", "health"),
    PROBE("health probe", "health"),
    LOGS("logs", "logs"),
    RESOURCES("resources", "resources"),
    TIMING("timing", "timing");

    final String label;
    final String witness;

    Source(String label, String witness) {
        this.label = label;
        this.witness = witness;
    }
}
