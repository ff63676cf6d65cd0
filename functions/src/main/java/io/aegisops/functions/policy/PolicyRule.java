package io.aegisops.functions.policy;

/** The rule that settled a decision; Remediate maps refusals to error names with it. */
public enum PolicyRule {
    UNKNOWN_TARGET,
    NOOP_PROPOSED,
    ESCALATE_PROPOSED,
    ACTION_NOT_ALLOWED,
    /** SCALE_UP for a target without scale-up bounds, or whose observed limits are already at them. */
    OUT_OF_BOUNDS,
    LOW_CONFIDENCE,
    BUDGET_EXHAUSTED,
    COOLDOWN,
    /** ROLLBACK and STOP: a human approves them until people have earned the pattern AUTO. */
    ACTION_NEEDS_APPROVAL,
    /** A runbook match, or a pattern rejected or failed before: people have not approved it enough times since. */
    AUTONOMY_NOT_EARNED,
    CONFIDENCE_NEEDS_APPROVAL,
    SEVERITY_NEEDS_APPROVAL,
    WITHIN_POLICY,
    /** Remediate only: the decision was not routed to a remedy (mode neither AUTO nor APPROVAL). */
    NOT_ROUTED_TO_REMEDY,
    /** Remediate only: the remedy needs approval and the incident holds none. */
    APPROVAL_MISSING;

    /** Refusals that come from the budget (circuit breaker) rather than from the allowlist. */
    public boolean isBudgetRefusal() {
        return this == BUDGET_EXHAUSTED || this == COOLDOWN;
    }
}
