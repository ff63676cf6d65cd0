package io.aegisops.functions.policy;

/** The rule that settled a decision; Remediate maps refusals to error names with it. */
public enum PolicyRule {
    UNKNOWN_TARGET,
    NOOP_PROPOSED,
    ESCALATE_PROPOSED,
    ACTION_NOT_ALLOWED,
    LOW_CONFIDENCE,
    BUDGET_EXHAUSTED,
    COOLDOWN,
    CONFIDENCE_NEEDS_APPROVAL,
    SEVERITY_NEEDS_APPROVAL,
    WITHIN_POLICY,
    /** Remediate only: the decision was not routed to a restart (mode neither AUTO nor APPROVAL). */
    NOT_ROUTED_TO_RESTART,
    /** Remediate only: the restart needs approval and the incident holds none. */
    APPROVAL_MISSING;

    /** Refusals that come from the restart budget (circuit breaker) rather than from the allowlist. */
    public boolean isBudgetRefusal() {
        return this == BUDGET_EXHAUSTED || this == COOLDOWN;
    }
}
