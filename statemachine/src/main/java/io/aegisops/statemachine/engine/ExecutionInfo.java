package io.aegisops.statemachine.engine;

import java.time.Instant;

/**
 * What DescribeExecution returns. {@code stopDate}, {@code output}, {@code error} and {@code cause}
 * are null while they do not apply; input and output are JSON text.
 */
public record ExecutionInfo(
        String executionArn,
        String stateMachineArn,
        String name,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        String input,
        String output,
        String error,
        String cause) {}
