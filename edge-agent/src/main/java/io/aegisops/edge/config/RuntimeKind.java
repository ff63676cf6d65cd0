package io.aegisops.edge.config;

/** What the agent drives: the Docker engine, or local processes it supervises (machines without Docker). */
public enum RuntimeKind {
    DOCKER,
    PROCESS
}
