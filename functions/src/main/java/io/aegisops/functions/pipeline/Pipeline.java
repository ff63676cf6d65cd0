package io.aegisops.functions.pipeline;

import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.TimelineStage;
import java.time.Instant;

/** Small steps several handlers share. */
public final class Pipeline {

    private Pipeline() {}

    /** The configured target of the execution's service; the only source of hosts and containers. */
    public static Target targetOf(PipelineSettings settings, String service) {
        if (service == null) {
            throw new Aegis.UnknownTarget("the alert's service is not a configured target");
        }
        return settings.targets()
                .byService(service)
                .orElseThrow(() -> new Aegis.UnknownTarget("service '" + service + "' is not a configured target"));
    }

    /** The target as the incident's evidence saw it (its image, previous image, limits); null without evidence. */
    public static ContainerState observed(Incident incident) {
        return incident.evidence() != null && incident.evidence().available()
                ? incident.evidence().container()
                : null;
    }

    /**
     * The incident moved to {@code status} with a timeline entry, unless it is already closed (a late or
     * repeated step never reopens an incident).
     */
    public static Incident advance(
            Incident incident, IncidentStatus status, Instant at, TimelineStage stage, String detail) {
        if (incident.status().isTerminal()) {
            return incident;
        }
        return incident.withEvent(at, stage, detail).toBuilder().status(status).build();
    }
}
