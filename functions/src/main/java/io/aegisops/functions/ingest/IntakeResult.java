package io.aegisops.functions.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aegisops.contracts.Incident;

/**
 * What happened to one alert: the incident it belongs to, that incident's execution and status, whether it
 * attached to an incident that existed already, and the configured target it matched ({@code target}, the
 * target's service; null when it matched none, and the pipeline escalates it). A resolved notification that
 * matches no open incident has no incident and the status {@value #IGNORED}.
 */
public record IntakeResult(
        String incidentId,
        String executionArn,
        String status,
        boolean duplicate,
        @JsonInclude(JsonInclude.Include.ALWAYS) String target) {

    public static final String IGNORED = "IGNORED";

    static IntakeResult of(Incident incident, boolean duplicate, String target) {
        return new IntakeResult(
                incident.incidentId(),
                incident.executionArn(),
                incident.status().name(),
                duplicate,
                target);
    }

    static IntakeResult ignored(String target) {
        return new IntakeResult(null, null, IGNORED, false, target);
    }

    /** A firing alert no configured target matched. */
    boolean unmatched() {
        return target == null && !IGNORED.equals(status);
    }
}
