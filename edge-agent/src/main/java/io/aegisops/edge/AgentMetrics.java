package io.aegisops.edge;

import io.aegisops.contracts.CommandType;
import io.aegisops.edge.ops.Metrics;
import java.util.function.IntSupplier;

/** The agent's series on {@code /metrics}: declared once here, each counted by what it means. */
final class AgentMetrics {

    static final String POLLS = "aegis_edge_polls_total";
    static final String POLL_ERRORS = "aegis_edge_poll_errors_total";
    static final String CLAIMS = "aegis_edge_claims_total";
    static final String CLAIM_CONFLICTS = "aegis_edge_claim_conflicts_total";
    static final String COMMANDS = "aegis_edge_commands_total";
    static final String ANSWERS = "aegis_edge_answers_total";
    static final String DURATION = "aegis_edge_command_duration_seconds_total";
    static final String IN_FLIGHT = "aegis_edge_commands_in_flight";

    /** The answers label of an answer that never got through. */
    static final String UNDELIVERED = "undelivered";

    private final Metrics metrics;
    private final LivenessReporter liveness;

    /** @param liveness counts the commands that ran, for the agent's liveness item */
    AgentMetrics(Metrics metrics, IntSupplier inFlight, LivenessReporter liveness) {
        this.metrics = metrics;
        this.liveness = liveness;
        metrics.counter(POLLS, "Queries of the host's commands.")
                .counter(POLL_ERRORS, "Queries that failed (control plane unreachable or erroring).")
                .counter(CLAIMS, "Commands this agent claimed.")
                .counter(CLAIM_CONFLICTS, "Claims lost to another agent.")
                .counter(
                        COMMANDS,
                        "Commands handled, by type and outcome (succeeded, failed, refused, expired, abandoned, released).")
                .counter(ANSWERS, "Task token answers, by result (delivered, task_closed, invalid_token, undelivered).")
                .counter(DURATION, "Time spent running commands, by type.")
                .gauge(IN_FLIGHT, "Commands running now.", inFlight::getAsInt);
        for (String unlabelled : new String[] {POLLS, POLL_ERRORS, CLAIMS, CLAIM_CONFLICTS}) {
            metrics.add(unlabelled, 0);
        }
    }

    void polled() {
        metrics.increment(POLLS);
    }

    void pollFailed() {
        metrics.increment(POLL_ERRORS);
    }

    void claimed() {
        metrics.increment(CLAIMS);
    }

    void claimLost() {
        metrics.increment(CLAIM_CONFLICTS);
    }

    /** {@code type} is the command's type, or "unknown" for an item that is not a valid command. */
    void handled(String type, CommandOutcome outcome) {
        metrics.increment(COMMANDS, "type", type, "outcome", outcome.label());
        liveness.ran(outcome);
    }

    /** {@code result}: an {@code AnswerOutcome} in lower case, or {@link #UNDELIVERED}. */
    void answered(String result) {
        metrics.increment(ANSWERS, "result", result);
    }

    void ran(CommandType type, long durationMs) {
        metrics.add(DURATION, durationMs / 1000.0, "type", type.name());
    }
}
