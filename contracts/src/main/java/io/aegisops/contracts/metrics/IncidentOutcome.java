package io.aegisops.contracts.metrics;

import io.aegisops.contracts.IncidentStatus;

/**
 * How an incident ended, as the {@link Metric#INCIDENTS_CLOSED} count splits it: its terminal status, with RESOLVED
 * told apart by who let the restart run (the policy alone, or a human's approval).
 */
public enum IncidentOutcome {
    /** Restarted under an AUTO decision and healthy afterwards. */
    RESOLVED_AUTO,
    /** Restarted after a human approved, and healthy afterwards. */
    RESOLVED_APPROVED,
    /** A human rejected the restart. */
    REJECTED,
    /** Handed to a human: the policy, an unknown target, a refusal, a timeout. */
    ESCALATED,
    /** Nothing to do, or a dry run (shadow mode). */
    NOOP,
    /** A restart ran and the service is still broken. */
    FAILED;

    /**
     * @param approved a human approved the restart ({@code $.approval.approved})
     * @throws IllegalArgumentException for a status that is not terminal
     */
    public static IncidentOutcome of(IncidentStatus status, boolean approved) {
        return switch (status) {
            case RESOLVED -> approved ? RESOLVED_APPROVED : RESOLVED_AUTO;
            case REJECTED -> REJECTED;
            case ESCALATED -> ESCALATED;
            case NOOP -> NOOP;
            case FAILED -> FAILED;
            case RECEIVED, DIAGNOSING, AWAITING_APPROVAL, REMEDIATING, VERIFYING ->
                throw new IllegalArgumentException("an incident that is " + status + " has no outcome yet");
        };
    }
}
