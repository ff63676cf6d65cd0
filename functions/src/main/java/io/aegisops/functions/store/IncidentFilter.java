package io.aegisops.functions.store;

import io.aegisops.contracts.AlertSource;
import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.Severity;
import java.time.Instant;

/**
 * What a listing of incidents keeps; a null field keeps everything. The status has an index of its own; the time range
 * ({@code since} included, {@code until} not) bounds the indexes' sort key, the creation time; the service (the
 * incident's target's, exactly), the alert's severity and its source are checked on each incident.
 */
public record IncidentFilter(
        IncidentStatus status, String service, Severity severity, AlertSource source, Instant since, Instant until) {

    public static final IncidentFilter ALL = new IncidentFilter(null, null, null, null, null, null);

    public IncidentFilter {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until");
        }
    }

    /** Any time. */
    public IncidentFilter(IncidentStatus status, String service, Severity severity, AlertSource source) {
        this(status, service, severity, source, null, null);
    }

    public static IncidentFilter ofStatus(IncidentStatus status) {
        return new IncidentFilter(status, null, null, null);
    }

    /** True when the incident passes every field given, its status included. */
    public boolean matches(Incident incident) {
        return (status == null || incident.status() == status)
                && (service == null
                        || (incident.target() != null
                                && service.equals(incident.target().service())))
                && (severity == null
                        || (incident.alert() != null && incident.alert().severity() == severity))
                && (source == null
                        || (incident.alert() != null && incident.alert().source() == source))
                && (since == null || !incident.createdAt().isBefore(since))
                && (until == null || incident.createdAt().isBefore(until));
    }

    /** True when something beyond the status narrows the listing, so an index page must be filtered. */
    boolean narrowsBeyondStatus() {
        return service != null || severity != null || source != null;
    }
}
