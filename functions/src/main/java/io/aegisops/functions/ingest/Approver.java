package io.aegisops.functions.ingest;

import io.aegisops.contracts.Severity;

/**
 * A person who may decide approvals: a name (the owner of an approver token), a role, the most severe incident
 * they may decide ({@code clearance}), and, to decide from Slack's buttons, their Slack user id.
 */
public record Approver(String name, String role, Severity clearance, String slackUserId) {

    /** What an approver with a token but no line in {@code AEGIS_APPROVERS} is: everything, as before roles. */
    public static final String DEFAULT_ROLE = "approver";

    public static Approver withDefaultRole(String name) {
        return new Approver(name, DEFAULT_ROLE, Severity.CRITICAL, null);
    }

    public boolean mayDecide(Severity severity) {
        return clearance.atLeast(severity);
    }

    /** {@code ana (team-lead)}: how messages name an approver. */
    public String describe() {
        return name + " (" + role + ")";
    }
}
