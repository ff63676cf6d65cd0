package io.aegisops.functions.notify;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.TimelineEntry;
import io.aegisops.contracts.redact.Redactor;
import io.aegisops.functions.pipeline.Pipeline;
import java.util.List;

/**
 * What one notification says about an incident: the generic webhook's JSON body, and what the Slack
 * message is drawn from. Free text is redacted, since it may quote logs.
 *
 * @param event DIAGNOSED, AWAITING_APPROVAL, or the outcome (RESOLVED, FAILED, ESCALATED, NOOP, REJECTED)
 * @param rollbackTo for a ROLLBACK, the image the container is recreated from, when the evidence named it
 */
public record Notification(
        String event,
        String incidentId,
        String status,
        String service,
        String alertType,
        String severity,
        String summary,
        String rootCause,
        String action,
        String rollbackTo,
        Double confidence,
        String source,
        String decision,
        List<String> reasons,
        boolean dryRun,
        Long mttrMs,
        String detail,
        String executionUrl,
        String incidentUrl,
        String approvalUrl) {

    public static final String DIAGNOSED = "DIAGNOSED";
    public static final String AWAITING_APPROVAL = "AWAITING_APPROVAL";
    /** The outcome that needs a human: the on-call is called (a Slack mention, the escalation topic). */
    public static final String ESCALATED = "ESCALATED";

    public Notification {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    public static Notification of(String event, Incident incident, NotifyLinks links) {
        var alert = incident.alert();
        var diagnosis = incident.diagnosis();
        var decision = incident.decision();
        List<TimelineEntry> timeline = incident.timeline();
        String detail =
                timeline.isEmpty() ? null : Redactor.redact(timeline.getLast().detail());
        ContainerState observed = Pipeline.observed(incident);
        String rollbackTo = diagnosis != null && diagnosis.action() == Action.ROLLBACK && observed != null
                ? observed.previousImage()
                : null;
        return new Notification(
                event,
                incident.incidentId(),
                incident.status() == null ? null : incident.status().name(),
                incident.target() == null ? null : incident.target().service(),
                alert == null ? null : alert.alertType(),
                alert == null || alert.severity() == null
                        ? null
                        : alert.severity().name(),
                alert == null ? null : Redactor.redact(alert.summary()),
                diagnosis == null ? null : Redactor.redact(diagnosis.rootCause()),
                diagnosis == null ? null : diagnosis.action().name(),
                rollbackTo,
                diagnosis == null ? null : diagnosis.confidence(),
                diagnosis == null ? null : diagnosis.source().name(),
                decision == null ? null : decision.mode().name(),
                decision == null ? List.of() : decision.reasons(),
                decision != null && decision.dryRun(),
                incident.mttrMs(),
                detail,
                links.executionUrl(incident.executionArn()),
                links.incidentUrl(incident.incidentId()),
                AWAITING_APPROVAL.equals(event) ? links.approvalUrl(incident.incidentId()) : null);
    }
}
