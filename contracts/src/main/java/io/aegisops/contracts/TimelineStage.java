package io.aegisops.contracts;

/**
 * The stages of an incident's timeline (docs/architecture.md 3.1), under the names stored incidents hold. The
 * upper-case ones are events around the pipeline; the lower-case ones are written by the pipeline's steps.
 */
public enum TimelineStage {
    /** Ingest: a new incident. */
    RECEIVED("RECEIVED"),
    /** Ingest: no configured target matches the new incident's alert. */
    TARGET_UNKNOWN("TARGET_UNKNOWN"),
    /** Ingest: the execution was started (detail: its ARN). */
    EXECUTION_STARTED("EXECUTION_STARTED"),
    /** Ingest: a repeated or related alert was attached (only the first ten). */
    DUPLICATE("DUPLICATE"),
    /** Ingest: the source reports the alert resolved. */
    ALERT_RESOLVED("ALERT_RESOLVED"),
    /** The approval route: a human approved; Remediate requires it for a restart that needs approval. */
    APPROVED("APPROVED"),
    /** The approval route: a human rejected. */
    REJECTED("REJECTED"),
    /** The approval route: the decision came after the task had ended. */
    APPROVAL_REFUSED("APPROVAL_REFUSED"),
    /** The approval route: Step Functions could not be reached; the decision can be sent again. */
    APPROVAL_NOT_DELIVERED("APPROVAL_NOT_DELIVERED"),
    /** Ingest: the alert resolved while an approval was pending; the approval was withdrawn, nothing is done. */
    APPROVAL_WITHDRAWN("APPROVAL_WITHDRAWN"),
    /** CollectEvidence: an INSPECT command was queued. */
    EVIDENCE("evidence"),
    /** Diagnose: the diagnosis. */
    DIAGNOSIS("diagnosis"),
    /** Diagnose: the policy's decision; an APPROVED entry counts only after the last one. */
    DECISION("decision"),
    /** RequestApproval: approval requested. */
    APPROVAL("approval"),
    /** Remediate: the RESTART was queued, or refused. */
    REMEDIATION("remediation"),
    /** Verify: a PROBE command was queued. */
    VERIFICATION("verification"),
    /** Learn: the terminal status and its reason. */
    OUTCOME("outcome"),
    /** Notify: what the team was told (DIAGNOSED, the outcome) and whether a sink took it. */
    NOTIFIED("notified"),
    /** aegis-local: the stack stopped while the incident was open. */
    STACK_RESTARTED("STACK_RESTARTED");

    private final String wireName;

    TimelineStage(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code stage} of a stored timeline entry. */
    public String wireName() {
        return wireName;
    }
}
