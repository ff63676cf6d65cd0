package io.aegisops.contracts;

import java.time.Instant;

/**
 * What people and verification said of one pattern: an alert type on a service, remedied by one action. Only
 * verified outcomes and human decisions are counted.
 *
 * @param approvedStreak remedies people approved that were verified healthy, since the pattern's last rejection or
 *     failed verification: what earns the pattern AUTO (docs/architecture.md 6.4)
 * @param lastRejectedAt when people last turned the remedy down, null if never
 * @param lastFailedAt   when the remedy last ran and was not verified healthy, null if never
 * @param toggle         the operator's last disable or enable, null if none: a disabled entry neither diagnoses nor
 *     grants autonomy
 */
public record RunbookEntry(
        String signature,
        Action action,
        String rootCause,
        int successes,
        int failures,
        int rejections,
        String lastIncidentId,
        Instant lastSeen,
        long avgRecoveryMs,
        int approvedStreak,
        Instant lastRejectedAt,
        Instant lastFailedAt,
        RunbookToggle toggle,
        long version) {

    /** An operator disabled the entry (and has not enabled it since). */
    public boolean disabled() {
        return toggle != null && toggle.disabled();
    }

    /** This entry with the operator's {@code next} say, one version on. */
    public RunbookEntry toggled(RunbookToggle next) {
        return new RunbookEntry(
                signature,
                action,
                rootCause,
                successes,
                failures,
                rejections,
                lastIncidentId,
                lastSeen,
                avgRecoveryMs,
                approvedStreak,
                lastRejectedAt,
                lastFailedAt,
                next,
                version + 1);
    }

    /** The pattern's key: the alert type, the service and the action ({@code HighMemoryUsage#buggy-app#RESTART}). */
    public static String signatureOf(String alertType, String service, Action action) {
        return alertType + "#" + service + "#" + action;
    }
}
