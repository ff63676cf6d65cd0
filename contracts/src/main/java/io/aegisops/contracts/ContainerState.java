package io.aegisops.contracts;

import java.time.Instant;

/** What the edge agent saw of a container (or a supervised process). Health is null without a health check. */
public record ContainerState(
        String status, Integer exitCode, Boolean oomKilled, Integer restartCount, String health, Instant startedAt) {}
