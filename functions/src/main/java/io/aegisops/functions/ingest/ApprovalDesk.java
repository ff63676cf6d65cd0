package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.store.IncidentNotFoundException;
import io.aegisops.functions.store.IncidentStore;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Completes the execution waiting in RequestApproval with {@code {approved, approver, comment}} (what the state
 * machine's {@code $.approval} receives; the comment redacted), exactly once: the task token is taken from the incident with a
 * conditional remove, so of two decisions only one finds it. If Step Functions cannot be reached the token is
 * put back, so the decision can be sent again.
 */
public final class ApprovalDesk {

    private final IncidentStore store;
    private final TaskCompleter tasks;
    private final Clock clock;

    public ApprovalDesk(IncidentStore store, TaskCompleter tasks, Clock clock) {
        this.store = store;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * @return the incident with the decision on its timeline
     * @throws IncidentNotFoundException when there is no such incident
     * @throws ApprovalConflictException when no approval is pending, or the waiting task has ended
     */
    public Incident decide(String incidentId, boolean approved, String approver, String comment) {
        // a comment is free text (a pasted log line may hold a secret): redacted before it is stored or sent
        String said = Redactor.redact(comment);
        String token = store.takeApprovalToken(incidentId).orElseThrow(() -> {
            if (store.get(incidentId).isEmpty()) {
                throw new IncidentNotFoundException(incidentId);
            }
            return new ApprovalConflictException("no approval is pending for " + incidentId
                    + ": it was decided already, timed out, or never requested");
        });
        TimelineStage decision = approved ? TimelineStage.APPROVED : TimelineStage.REJECTED;
        // The decision goes on the timeline before the token is answered: Remediate, which the answer wakes,
        // runs an APPROVAL restart only when it finds this entry.
        Incident decided = store.appendTimeline(
                incidentId, TimelineEntry.of(now(), decision, "by " + approver + (said == null ? "" : ": " + said)));
        try {
            tasks.succeed(token, output(approved, approver, said));
        } catch (TaskTokenRejectedException late) {
            store.appendTimeline(
                    incidentId,
                    TimelineEntry.of(
                            now(),
                            TimelineStage.APPROVAL_REFUSED,
                            decision.wireName() + " by " + approver + " arrived too late: " + late.getMessage()));
            throw new ApprovalConflictException(
                    "the approval for " + incidentId + " can no longer be decided: " + late.getMessage());
        } catch (RuntimeException unreachable) {
            store.putApprovalToken(incidentId, token);
            store.appendTimeline(
                    incidentId,
                    TimelineEntry.of(
                            now(),
                            TimelineStage.APPROVAL_NOT_DELIVERED,
                            decision.wireName() + " by " + approver
                                    + " was not delivered; the decision can be sent again"));
            throw unreachable;
        }
        return decided;
    }

    static String output(boolean approved, String approver, String comment) {
        ObjectNode output = Json.mapper().createObjectNode();
        output.put("approved", approved);
        output.put("approver", approver);
        output.put("comment", comment);
        return Json.write(output);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
