package io.aegisops.functions.ingest;

import io.aegisops.contracts.Incident;

/**
 * What happened to one alert: the incident it belongs to, that incident's execution and status, and whether
 * it attached to an incident that existed already. A resolved notification that matches no open incident
 * has no incident and the status {@value #IGNORED}.
 */
public record IntakeResult(String incidentId, String executionArn, String status, boolean duplicate) {

    public static final String IGNORED = "IGNORED";

    static IntakeResult of(Incident incident, boolean duplicate) {
        return new IntakeResult(
                incident.incidentId(),
                incident.executionArn(),
                incident.status().name(),
                duplicate);
    }

    static IntakeResult ignored() {
        return new IntakeResult(null, null, IGNORED, false);
    }
}
