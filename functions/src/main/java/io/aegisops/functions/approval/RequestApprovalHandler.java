package io.aegisops.functions.approval;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineStage;
import io.aegisops.contracts.logging.EventLog;
import io.aegisops.functions.ingest.ApprovalWithdrawal;
import io.aegisops.functions.ingest.StepFunctionsPipeline;
import io.aegisops.functions.ingest.TaskCompleter;
import io.aegisops.functions.notify.Notification;
import io.aegisops.functions.notify.Notifier;
import io.aegisops.functions.notify.Notifiers;
import io.aegisops.functions.notify.NotifyLinks;
import io.aegisops.functions.notify.SlackMessage;
import io.aegisops.functions.pipeline.JsonStreams;
import io.aegisops.functions.pipeline.LoggedHandler;
import io.aegisops.functions.pipeline.Pipeline;
import io.aegisops.functions.pipeline.PipelineSettings;
import io.aegisops.functions.pipeline.Priming;
import io.aegisops.functions.pipeline.Stores;
import io.aegisops.functions.store.IncidentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * RequestApproval ({@code .waitForTaskToken}): receives {@code {incidentId, taskToken}}, keeps the token with
 * the incident (the approval route takes it exactly once and answers {@code {approved, approver, comment}}),
 * marks the incident AWAITING_APPROVAL and asks the humans. The notification is best effort; the state
 * machine's timeout turns an unanswered request into ESCALATED.
 *
 * <p>When the alert resolved while the incident was being diagnosed, before there was a token for ingest to take,
 * nobody is asked: the approval is withdrawn here ({@link ApprovalWithdrawal}), as ingest withdraws a pending one.
 * Of the two, whichever writes second sees the other's write (the resolved alert on the timeline, or the incident
 * awaiting approval), and the token is taken once.
 */
public final class RequestApprovalHandler extends LoggedHandler {

    private static final EventLog LOG = EventLog.of(RequestApprovalHandler.class);

    private final IncidentStore incidents;
    private final ApprovalWithdrawal withdrawal;
    private final Notifier notifier;
    private final NotifyLinks links;
    private final Clock clock;

    public RequestApprovalHandler() {
        this(System.getenv());
    }

    private RequestApprovalHandler(Map<String, String> env) {
        this(
                Stores.fromEnvironment(PipelineSettings.tablePrefix(env)).incidents(),
                StepFunctionsPipeline.fromEnvironment(env),
                Notifiers.fromEnvironment(env),
                NotifyLinks.fromEnv(env),
                Clock.systemUTC());
    }

    /** {@code tasks} answers a withdrawn approval's own task token. */
    public RequestApprovalHandler(
            IncidentStore incidents, TaskCompleter tasks, Notifier notifier, NotifyLinks links, Clock clock) {
        this.incidents = incidents;
        this.withdrawal = new ApprovalWithdrawal(incidents, tasks, clock);
        this.notifier = notifier;
        this.links = links;
        this.clock = clock;
    }

    /** {@code withdrawn}: the alert had resolved, so nobody was asked and this call answered its own task. */
    public record Requested(boolean notified, boolean withdrawn) {}

    @Override
    protected void handle(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode payload = JsonStreams.read(input);
        String incidentId = JsonStreams.incidentId(payload);
        String taskToken = JsonStreams.text(payload, "taskToken");
        Instant now = clock.instant();

        incidents.putApprovalToken(incidentId, taskToken);
        Incident incident = incidents.update(
                incidentId,
                i -> i.status() == IncidentStatus.AWAITING_APPROVAL
                        ? i
                        : Pipeline.advance(
                                i,
                                IncidentStatus.AWAITING_APPROVAL,
                                now,
                                TimelineStage.APPROVAL,
                                "approval requested"));
        if (ApprovalWithdrawal.alertResolved(incident)) {
            // nobody is asked about an alert that is gone, also when ingest's withdrawal took the token first
            boolean withdrawn = withdrawal.withdraw(incidentId);
            LOG.info("approval.notRequested", "incidentId", incidentId, "withdrawnHere", withdrawn);
            JsonStreams.write(output, new Requested(false, withdrawn));
            return;
        }
        boolean notified = notifier.send(Notification.of(Notification.AWAITING_APPROVAL, incident, links));
        LOG.info("approval.requested", "incidentId", incidentId, "notified", notified);
        JsonStreams.write(output, new Requested(notified, false));
    }

    /** The incident read, not found; a sample moved to AWAITING_APPROVAL and its request built, not sent. */
    @Override
    protected void prime() throws IOException {
        Instant now = clock.instant();
        Priming.requestsWithoutWrites(incidents);
        Incident awaiting = Priming.item(Pipeline.advance(
                Priming.sampleIncident(now),
                IncidentStatus.AWAITING_APPROVAL,
                now,
                TimelineStage.APPROVAL,
                "approval requested"));
        Priming.answer(SlackMessage.of(Notification.of(Notification.AWAITING_APPROVAL, awaiting, links)));
        ApprovalWithdrawal.alertResolved(awaiting);
        Priming.answer(new Requested(false, false));
    }
}
