package io.aegisops.functions.console;

import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.policy.Trust;
import io.aegisops.functions.runbook.RunbookLearning;
import io.aegisops.functions.runbook.RunbookStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of the runbook (the console's Runbook page): every learned entry with what the policy reads of
 * it, the settings that decide when it may act, and an audited disable or enable.
 */
public final class RunbookDesk {

    private static final EventLog LOG = EventLog.of(RunbookDesk.class);

    /** Entries listed at most: one per alert type, service and action, so a runbook stays far below it. */
    public static final int MAX_ENTRIES = 500;

    private final RunbookStore runbook;
    private final int runbookMinSuccesses;
    private final int autonomyMinApprovals;
    private final Clock clock;

    public RunbookDesk(RunbookStore runbook, int runbookMinSuccesses, int autonomyMinApprovals, Clock clock) {
        this.runbook = runbook;
        this.runbookMinSuccesses = runbookMinSuccesses;
        this.autonomyMinApprovals = autonomyMinApprovals;
        this.clock = clock;
    }

    /**
     * The runbook as the console shows it.
     *
     * @param truncated more entries are stored than {@link #MAX_ENTRIES}
     */
    public record RunbookView(
            List<Row> entries, int autonomyMinApprovals, int runbookMinSuccesses, int maxEntries, boolean truncated) {}

    /**
     * One entry: its pattern, its counts and confidence, when it was last used, what people said of it (what
     * {@link Trust} reads), whether it diagnoses alone now, whether it has earned AUTO, and the operator's toggle.
     */
    public record Row(
            String signature,
            String alertType,
            String service,
            String action,
            String rootCause,
            int successes,
            int failures,
            int rejections,
            double confidence,
            Instant lastUsed,
            String lastIncidentId,
            long avgRecoveryMs,
            int approvedStreak,
            Instant lastRejectedAt,
            Instant lastFailedAt,
            boolean disabled,
            boolean decidesAlone,
            boolean autonomyEarned,
            RunbookToggle toggle) {}

    public RunbookView list() {
        List<RunbookEntry> entries = runbook.list(MAX_ENTRIES + 1);
        List<Row> rows = entries.stream().limit(MAX_ENTRIES).map(this::row).toList();
        return new RunbookView(
                rows, autonomyMinApprovals, runbookMinSuccesses, MAX_ENTRIES, entries.size() > MAX_ENTRIES);
    }

    /**
     * Disables or enables the entry of {@code signature}, in the approver's name, with their comment (redacted: a
     * pasted log line may hold a secret), stored on the entry and logged.
     *
     * @return the entry's row after the change, or empty (and nothing written) when there is no such entry
     */
    public Optional<Row> toggle(String signature, boolean disable, String approver, String role, String comment) {
        RunbookToggle toggle = new RunbookToggle(disable, approver, role, clock.instant(), Redactor.redact(comment));
        Optional<RunbookEntry> changed = runbook.toggle(signature, toggle);
        changed.ifPresent(entry -> LOG.info(
                disable ? "runbook.disabled" : "runbook.enabled",
                "signature",
                signature,
                "by",
                approver,
                "role",
                role,
                "comment",
                toggle.comment(),
                "version",
                entry.version()));
        return changed.map(this::row);
    }

    private Row row(RunbookEntry e) {
        // alertType#service#action: the alert type has no '#', the action is the last part
        int first = e.signature().indexOf('#');
        int last = e.signature().lastIndexOf('#');
        return new Row(
                e.signature(),
                first < 0 ? e.signature() : e.signature().substring(0, first),
                first < 0 || last <= first ? null : e.signature().substring(first + 1, last),
                e.action() == null ? null : e.action().name(),
                e.rootCause(),
                e.successes(),
                e.failures(),
                e.rejections(),
                RunbookLearning.confidence(e),
                e.lastSeen(),
                e.lastIncidentId(),
                e.avgRecoveryMs(),
                e.approvedStreak(),
                e.lastRejectedAt(),
                e.lastFailedAt(),
                e.disabled(),
                RunbookLearning.decidesAlone(e, runbookMinSuccesses),
                Trust.of(Optional.of(e), autonomyMinApprovals).earned(),
                e.toggle());
    }
}
