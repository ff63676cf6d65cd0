package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.ApprovalRecord;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.Severity;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.store.IncidentNotFoundException;
import io.aegisops.functions.store.IncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Completes the execution waiting in RequestApproval with {@code {approved, approver, role, comment}} (what the
 * state machine's {@code $.approval} receives; the comment redacted), exactly once: the task token is taken from the
 * incident with a conditional remove, so of two decisions only one finds it. If Step Functions cannot be reached
 * the token is put back, so the decision can be sent again. The API and Slack's buttons both decide here.
 *
 * <p>An approver decides (approves or rejects) only incidents no more severe than their clearance; a decision
 * above it is refused before anything is touched: the token stays, the incident is unchanged.
 */
public final class ApprovalDesk {

    private static final EventLog LOG = EventLog.of(ApprovalDesk.class);

    private final IncidentStore store;
    private final TaskCompleter tasks;
    private final Supplier<Approvers> approvers;
    private final Clock clock;

    public ApprovalDesk(IncidentStore store, TaskCompleter tasks, Supplier<Approvers> approvers, Clock clock) {
        this.store = store;
        this.tasks = tasks;
        this.approvers = approvers;
        this.clock = clock;
    }

    /**
     * @param force an approval that skips the re-check at approval: the remedy runs even on a target found healthy
     * @param via {@link ApprovalRecord#VIA_API} or {@link ApprovalRecord#VIA_SLACK}
     * @return the incident with the decision on its timeline
     * @throws IncidentNotFoundException when there is no such incident
     * @throws ApprovalForbiddenException when the incident is more severe than the approver's clearance
     * @throws ApprovalConflictException when no approval is pending, or the waiting task has ended
     */
    public Incident decide(
            String incidentId, boolean approved, boolean force, Approver approver, String comment, String via) {
        // a comment is free text (a pasted log line may hold a secret): redacted before it is stored or sent
        String said = Redactor.redact(comment);
        Incident incident = store.get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
        Severity severity = severity(incident);
        if (!approver.mayDecide(severity)) {
            log("approval.forbidden", incidentId, "severity", severity, approver, via);
            throw new ApprovalForbiddenException(refusal(approver, incidentId, severity));
        }
        String token = store.takeApprovalToken(incidentId)
                .orElseThrow(() -> new ApprovalConflictException("no approval is pending for " + incidentId
                        + ": it was decided already, timed out, or never requested"));
        TimelineStage decision = approved ? TimelineStage.APPROVED : TimelineStage.REJECTED;
        boolean forced = approved && force;
        String by = approver.describe() + (ApprovalRecord.VIA_SLACK.equals(via) ? " via Slack" : "");
        // The decision goes on the timeline before the token is answered: Remediate, which the answer wakes,
        // runs an APPROVAL restart only when it finds this entry.
        Incident decided = store.appendTimeline(
                incidentId,
                new TimelineEntry(
                        now(),
                        decision.wireName(),
                        "by " + by + (forced ? " (forced: even if healthy at approval)" : "")
                                + (said == null ? "" : ": " + said),
                        new ApprovalRecord(approver.name(), approver.role(), via, said, forced ? true : null)));
        try {
            tasks.succeed(token, output(approved, forced, approver, said));
        } catch (TaskTokenRejectedException late) {
            store.appendTimeline(
                    incidentId,
                    TimelineEntry.of(
                            now(),
                            TimelineStage.APPROVAL_REFUSED,
                            decision.wireName() + " by " + by + " arrived too late: " + late.getMessage()));
            throw new ApprovalConflictException(
                    "the approval for " + incidentId + " can no longer be decided: " + late.getMessage());
        } catch (RuntimeException unreachable) {
            store.putApprovalToken(incidentId, token);
            store.appendTimeline(
                    incidentId,
                    TimelineEntry.of(
                            now(),
                            TimelineStage.APPROVAL_NOT_DELIVERED,
                            decision.wireName() + " by " + by + " was not delivered; the decision can be sent again"));
            throw unreachable;
        }
        log("approval.decided", incidentId, "decision", approved ? "APPROVE" : "REJECT", approver, via);
        return decided;
    }

    /** One line per decision taken or refused: which incident, who (name and role), from where, and one fact. */
    private static void log(String event, String incidentId, String what, Object value, Approver approver, String via) {
        LOG.info(
                event,
                "incidentId",
                incidentId,
                what,
                value,
                "approver",
                approver.name(),
                "role",
                approver.role(),
                "via",
                via);
    }

    /**
     * The severity an approver must be cleared for: the alert's; an incident without one (never stored by ingest,
     * which defaults it) asks for the highest clearance.
     */
    static Severity severity(Incident incident) {
        return incident.alert() == null || incident.alert().severity() == null
                ? Severity.CRITICAL
                : incident.alert().severity();
    }

    /** Says who may decide instead: the approvers cleared for the severity, by name and role. */
    private String refusal(Approver approver, String incidentId, Severity severity) {
        List<Approver> cleared = approvers.get().clearedFor(severity);
        return approver.describe() + " may decide incidents up to " + approver.clearance() + "; " + incidentId
                + " is " + severity + ": "
                + (cleared.isEmpty()
                        ? "no configured approver may decide it (" + Approvers.APPROVERS + ")"
                        : String.join(
                                        ", ",
                                        cleared.stream().map(Approver::describe).toList())
                                + " may decide it");
    }

    static String output(boolean approved, boolean force, Approver approver, String comment) {
        ObjectNode output = Json.mapper().createObjectNode();
        output.put("approved", approved);
        if (force) {
            output.put("force", true);
        }
        output.put("approver", approver.name());
        output.put("role", approver.role());
        output.put("comment", comment);
        return Json.write(output);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
