package io.aegisops.functions.runbook;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Diagnosis;
import io.aegisops.contracts.DiagnosisSource;
import io.aegisops.contracts.RunbookEntry;
import java.util.List;
import java.util.Optional;

/**
 * How the runbook learns and when it may decide alone. Pure.
 *
 * <p>An entry is one pattern: alert type, service and action. The RESTART entry of an alert type on a service
 * diagnoses without a model when its successes outnumber its failures and rejections by at least
 * {@code minSuccesses}: every failure or rejection cancels one success, so a remedy that stops working loses its say.
 * Its confidence is the share of successes, so an entry with a failure behind it asks a human. Whether the remedy
 * may then run without a human is the policy's question ({@link io.aegisops.functions.policy.Trust}): only people's
 * approvals earn that.
 */
public final class RunbookLearning {

    private static final double MAX_CONFIDENCE = 0.95;

    private RunbookLearning() {}

    /**
     * The entry after an outcome (a new entry for the first one). The store counts each incident once. A success
     * people approved adds one to the approved streak; a rejection or a failed verification resets it.
     */
    public static RunbookEntry learn(Optional<RunbookEntry> current, Outcome outcome) {
        RunbookEntry e = current.orElse(new RunbookEntry(
                outcome.signature(),
                outcome.action(),
                outcome.rootCause(),
                0,
                0,
                0,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                0));
        return switch (outcome.kind()) {
            case SUCCESS ->
                new RunbookEntry(
                        e.signature(),
                        outcome.action(),
                        outcome.rootCause(),
                        e.successes() + 1,
                        e.failures(),
                        e.rejections(),
                        outcome.incidentId(),
                        outcome.at(),
                        runningAverage(e.avgRecoveryMs(), e.successes(), outcome.recoveryMs()),
                        e.approvedStreak() + (outcome.approved() ? 1 : 0),
                        e.lastRejectedAt(),
                        e.lastFailedAt(),
                        e.toggle(),
                        e.version());
            case FAILURE ->
                new RunbookEntry(
                        e.signature(),
                        e.action(),
                        e.rootCause(),
                        e.successes(),
                        e.failures() + 1,
                        e.rejections(),
                        outcome.incidentId(),
                        outcome.at(),
                        e.avgRecoveryMs(),
                        0,
                        e.lastRejectedAt(),
                        outcome.at(),
                        e.toggle(),
                        e.version());
            case REJECTION ->
                new RunbookEntry(
                        e.signature(),
                        e.action(),
                        e.rootCause(),
                        e.successes(),
                        e.failures(),
                        e.rejections() + 1,
                        outcome.incidentId(),
                        outcome.at(),
                        e.avgRecoveryMs(),
                        0,
                        outcome.at(),
                        e.lastFailedAt(),
                        e.toggle(),
                        e.version());
        };
    }

    /**
     * The entry a store writes for a lesson: {@link #learn}ed, under the lesson's signature, one version after
     * {@code current} (the store writes it on condition that {@code current} is still the stored version).
     */
    public static RunbookEntry stored(Optional<RunbookEntry> current, Outcome outcome) {
        RunbookEntry e = learn(current, outcome);
        return new RunbookEntry(
                outcome.signature(),
                e.action(),
                e.rootCause(),
                e.successes(),
                e.failures(),
                e.rejections(),
                e.lastIncidentId(),
                e.lastSeen(),
                e.avgRecoveryMs(),
                e.approvedStreak(),
                e.lastRejectedAt(),
                e.lastFailedAt(),
                e.toggle(),
                current.map(RunbookEntry::version).orElse(0L) + 1);
    }

    /** The runbook's diagnosis when the entry has earned it and no operator disabled it, else empty. */
    public static Optional<Diagnosis> diagnose(Optional<RunbookEntry> entry, int minSuccesses) {
        if (entry.isEmpty() || entry.get().disabled()) {
            return Optional.empty();
        }
        RunbookEntry e = entry.get();
        int net = e.successes() - e.failures() - e.rejections();
        if (e.successes() == 0 || net < minSuccesses || e.action() == null) {
            return Optional.empty();
        }
        double confidence = confidence(e);
        List<String> evidence = List.of(
                "runbook " + e.signature() + ": " + e.successes() + " verified successes, " + e.failures()
                        + " failures, " + e.rejections() + " rejections",
                "last seen " + e.lastSeen() + " (" + e.lastIncidentId() + ")",
                "average recovery " + e.avgRecoveryMs() + " ms");
        return Optional.of(new Diagnosis(
                e.rootCause(),
                e.action(),
                confidence,
                "the same alert on the same service was resolved by " + e.action() + " before",
                evidence,
                DiagnosisSource.RUNBOOK,
                null,
                0));
    }

    /** The share of successes among the entry's outcomes, capped at 0.95; 0 before any outcome. */
    public static double confidence(RunbookEntry e) {
        int outcomes = e.successes() + e.failures() + e.rejections();
        return outcomes == 0 ? 0 : Math.min(MAX_CONFIDENCE, (double) e.successes() / outcomes);
    }

    /**
     * Whether the entry diagnoses alone now, given {@code minSuccesses}: {@link #diagnose} would answer, and it is a
     * RESTART entry (the only ones Diagnose asks).
     */
    public static boolean decidesAlone(RunbookEntry e, int minSuccesses) {
        return e.action() == Action.RESTART
                && diagnose(Optional.of(e), minSuccesses).isPresent();
    }

    private static long runningAverage(long average, int count, long next) {
        return Math.round(((double) average * count + next) / (count + 1));
    }

    /** Only remedies are carried out and verified (or turned down); NOOP and ESCALATE teach nothing. */
    public static boolean isLearnable(Action action) {
        return action != null && action.changesTarget();
    }
}
