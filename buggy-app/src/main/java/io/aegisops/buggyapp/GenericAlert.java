package io.aegisops.buggyapp;

import java.time.Instant;

/**
 * The generic webhook format of the seed project, {@code {incident_id, container_name, alert_type,
 * severity, logs, timestamp}}, plus {@code status}, {@code service}, {@code summary} and, when resolved,
 * {@code ended_at}. {@code timestamp} is when the episode started, the same in its firing and resolved
 * alerts, so a receiver that derives an id from it sees one incident.
 */
record GenericAlert(
        String incidentId,
        String status,
        String alertType,
        String severity,
        String service,
        String containerName,
        String summary,
        String logs,
        Instant timestamp,
        Instant endedAt) {

    static GenericAlert of(AlertRules.Transition transition, String service, String containerName, String logs) {
        AlertRules.Episode episode = transition.episode();
        boolean resolved = transition.status() == AlertRules.Status.RESOLVED;
        return new GenericAlert(
                episode.incidentId(),
                resolved ? "resolved" : "firing",
                episode.type().name(),
                episode.type().severity,
                service,
                containerName,
                transition.summary(),
                logs,
                episode.startedAt(),
                resolved ? transition.at() : null);
    }

    String toJson() {
        return JsonText.object()
                .field("incident_id", incidentId)
                .field("status", status)
                .field("alert_type", alertType)
                .field("severity", severity)
                .field("service", service)
                .field("container_name", containerName)
                .field("summary", summary)
                .field("logs", logs)
                .field("timestamp", timestamp.toString())
                .field("ended_at", endedAt == null ? null : endedAt.toString())
                .toString();
    }
}
