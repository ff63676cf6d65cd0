package io.aegisops.statemachine.engine;

/** DescribeExecution's status values for a Standard workflow. */
public enum ExecutionStatus {
    RUNNING,
    SUCCEEDED,
    FAILED,
    TIMED_OUT,
    ABORTED
}
