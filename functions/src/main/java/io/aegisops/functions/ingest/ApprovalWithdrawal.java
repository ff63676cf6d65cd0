package io.aegisops.functions.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.store.IncidentStore;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Withdraws a pending approval because the alert resolved before anyone decided: the task token is taken from the
 * incident once (of a withdrawal and a decision only one finds it), and the waiting execution is answered
 * {@code {approved: false, withdrawn: true, comment}}, so it ends NOOP "resolved before approval" and no remedy runs.
 * Two places withdraw: ingest, when the resolved alert finds the approval pending, and RequestApproval, when the
 * alert resolved while the incident was still being diagnosed (before there was a token to take).
 */
public final class ApprovalWithdrawal {

    public static final String RESOLVED_BEFORE_APPROVAL = "resolved before approval: the approval is withdrawn";

    private static final EventLog LOG = EventLog.of(ApprovalWithdrawal.class);

    private final IncidentStore store;
    private final TaskCompleter tasks;
    private final Clock clock;

    public ApprovalWithdrawal(IncidentStore store, TaskCompleter tasks, Clock clock) {
        this.store = store;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * Whether {@code incident}'s alert has resolved: its timeline's latest word from the alert source is
     * {@link TimelineStage#ALERT_RESOLVED}, not a firing alert counted after it ({@link TimelineStage#DUPLICATE}).
     * (Past the timeline's duplicate entries a firing alert is only counted, so a refire then is not seen.)
     */
    public static boolean alertResolved(Incident incident) {
        List<TimelineEntry> timeline = incident.timeline();
        for (int i = timeline.size() - 1; i >= 0; i--) {
            TimelineEntry entry = timeline.get(i);
            if (entry.is(TimelineStage.ALERT_RESOLVED)) {
                return true;
            }
            if (entry.is(TimelineStage.DUPLICATE)) {
                return false;
            }
        }
        return false;
    }

    /**
     * @return true when an approval was pending and has been withdrawn; false when none was (decided, timed out,
     *     never requested)
     */
    public boolean withdraw(String incidentId) {
        Optional<String> token = store.takeApprovalToken(incidentId);
        if (token.isEmpty()) {
            return false;
        }
        store.appendTimeline(
                incidentId,
                TimelineEntry.of(
                        clock.instant().truncatedTo(ChronoUnit.MILLIS),
                        TimelineStage.APPROVAL_WITHDRAWN,
                        RESOLVED_BEFORE_APPROVAL));
        try {
            ObjectNode output = Json.mapper().createObjectNode();
            output.put("approved", false);
            output.put("withdrawn", true);
            output.put("comment", RESOLVED_BEFORE_APPROVAL);
            tasks.succeed(token.get(), Json.write(output));
            LOG.info("approval.withdrawn", "incidentId", incidentId, "reason", RESOLVED_BEFORE_APPROVAL);
            return true;
        } catch (TaskTokenRejectedException late) {
            return false; // the task ended on its own (timed out) in the meantime
        } catch (RuntimeException unreachable) {
            store.putApprovalToken(incidentId, token.get()); // the resolved alert's redelivery withdraws it again
            throw unreachable;
        }
    }
}
