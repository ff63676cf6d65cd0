package io.aegisops.edge.answers;

/**
 * How Step Functions took an answer or a heartbeat. {@code TASK_CLOSED}: the task is over (it timed out, or
 * was answered or stopped); {@code INVALID_TOKEN}: the token is not one Step Functions issued. In neither
 * case is there anything to retry.
 */
public enum AnswerOutcome {
    DELIVERED,
    TASK_CLOSED,
    INVALID_TOKEN;

    public boolean delivered() {
        return this == DELIVERED;
    }
}
