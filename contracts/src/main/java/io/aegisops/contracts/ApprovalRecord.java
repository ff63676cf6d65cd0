package io.aegisops.contracts;

/**
 * Who decided an approval, kept on its {@code APPROVED} or {@code REJECTED} timeline entry (the entry's {@code at}
 * is when).
 *
 * @param approver the configured approver's name
 * @param role the approver's role (e.g. team-lead, senior, junior)
 * @param via where the decision came from: {@code api} (the approval route, the CLI) or {@code slack}
 * @param comment the approver's comment, redacted; null when none was given
 * @param force true when the approver said to act even on a target found healthy at approval (no re-check); null
 *     otherwise
 */
public record ApprovalRecord(String approver, String role, String via, String comment, Boolean force) {

    /** A decision without force. */
    public ApprovalRecord(String approver, String role, String via, String comment) {
        this(approver, role, via, comment, null);
    }

    public static final String VIA_API = "api";
    public static final String VIA_SLACK = "slack";
}
