package io.aegisops.functions.policy;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.RunbookEntry;
import java.time.Instant;
import java.util.Optional;

/**
 * What people said of one pattern (alert type, service, action): how many remedies they approved that were then
 * verified healthy since the last rejection or failed verification, against how many earn AUTO. Pure.
 *
 * <p>A pattern earns AUTO from people only: its approved streak reaches {@code required}. One rejection or one failed
 * verification resets the streak ({@link io.aegisops.functions.runbook.RunbookLearning#learn}), so the pattern asks
 * a human again until people have approved it {@code required} times more.
 *
 * @param approvedStreak approved and verified remedies since the last rejection or failed verification
 * @param required       how many earn AUTO ({@code AEGIS_AUTONOMY_MIN_APPROVALS})
 * @param lastRejectedAt when people last turned the remedy down, null if never
 * @param lastFailedAt   when the remedy last failed its verification, null if never
 * @param disabledAt     when an operator disabled the pattern's runbook entry, null unless it is disabled: a disabled
 *     pattern earns nothing and counts as demoted, so each of its remedies asks a human
 */
public record Trust(
        int approvedStreak, int required, Instant lastRejectedAt, Instant lastFailedAt, Instant disabledAt) {

    public static final String MIN_APPROVALS = "AEGIS_AUTONOMY_MIN_APPROVALS";
    public static final int DEFAULT_MIN_APPROVALS = 3;

    /** Finds what people said of a pattern. */
    @FunctionalInterface
    public interface Lookup {
        Trust of(String alertType, String service, Action action);
    }

    /** A pattern nobody has decided on yet. */
    public static Trust none(int required) {
        return new Trust(0, required, null, null, null);
    }

    /** The trust of the pattern's runbook entry; a pattern without one has earned nothing. */
    public static Trust of(Optional<RunbookEntry> pattern, int required) {
        return pattern.map(e -> new Trust(
                        e.approvedStreak(),
                        required,
                        e.lastRejectedAt(),
                        e.lastFailedAt(),
                        e.disabled() ? e.toggle().at() : null))
                .orElseGet(() -> none(required));
    }

    /**
     * People approved the pattern often enough, each time verified, with no rejection or failure since, and no
     * operator has disabled it.
     */
    public boolean earned() {
        return disabledAt == null && approvedStreak >= required;
    }

    /** Disabled, or a rejection or a failed verification on record that people have not approved past again. */
    public boolean demoted() {
        return !earned() && (lastRejectedAt != null || lastFailedAt != null || disabledAt != null);
    }

    /** "approved by people 1/3, last rejected never" (and the last failed verification, when there was one). */
    public String describe() {
        return "approved by people " + Math.min(approvedStreak, required) + "/" + required + ", last rejected "
                + (lastRejectedAt == null ? "never" : lastRejectedAt.toString())
                + (lastFailedAt == null ? "" : ", last failed verification " + lastFailedAt)
                + (disabledAt == null ? "" : ", disabled by an operator " + disabledAt);
    }
}
