package io.aegisops.contracts;

/**
 * What the edge agent reports for a command: what it did (or, on a dry run, would have done),
 * the container before and after, how long it took, and evidence such as log lines or a probe status.
 */
public record CommandResult(
        String commandId,
        CommandType type,
        boolean success,
        boolean dryRun,
        String message,
        ContainerState before,
        ContainerState after,
        Integer httpStatus,
        String logs,
        long durationMs) {}
