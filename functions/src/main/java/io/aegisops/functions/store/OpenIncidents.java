package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import java.time.Instant;
import java.util.Optional;

/**
 * The open-incident marker per target and alert type: while an incident is open, a repeated alert for the
 * same service and alert type attaches to it instead of starting a second remediation. Markers carry a
 * safety expiry, so a marker whose incident was never finalised stops blocking new incidents in the end.
 *
 * <p>Whoever finalises an incident (the Learn task) calls
 * {@code release(incident.target().service(), incident.alert().alertType(), incident.incidentId())}.
 */
public interface OpenIncidents {

    enum Outcome {
        /** The incident was created and is now the open one. */
        OPENED,
        /** An incident with this id exists already (a redelivery); nothing was written. */
        INCIDENT_EXISTS,
        /** Another incident is open for the same service and alert type; nothing was written. */
        HELD_BY_ANOTHER
    }

    /**
     * What {@link #open} found, so that its caller needs no read to go on.
     *
     * @param holder the incident marked open for the service and alert type after the call: the new one when
     *     {@code OPENED}, the other one when {@code HELD_BY_ANOTHER}; for {@code INCIDENT_EXISTS} the one an
     *     unexpired marker names, or null when there is no such marker
     * @param existing for {@code INCIDENT_EXISTS}, the incident as stored; otherwise null
     */
    record Opening(Outcome outcome, String holder, Incident existing) {

        public static Opening opened(String incidentId) {
            return new Opening(Outcome.OPENED, incidentId, null);
        }

        public static Opening exists(Incident existing, String holder) {
            return new Opening(Outcome.INCIDENT_EXISTS, holder, existing);
        }

        public static Opening heldBy(String holder) {
            return new Opening(Outcome.HELD_BY_ANOTHER, holder, null);
        }
    }

    /**
     * Creates the incident and marks it open for service and alert type, both or neither, in one write that
     * also tells, when it fails, what stands in its way: the stored incident and the marker's holder.
     */
    Opening open(Incident incident, String service, String alertType, Instant now);

    /** The incident marked open for service and alert type; an expired marker counts as none. */
    Optional<String> holder(String service, String alertType, Instant now);

    /** Marks {@code incidentId} open unless another incident is; returns the incident marked open after the call. */
    String claim(String service, String alertType, String incidentId, Instant now);

    /** Clears the marker if it still names {@code incidentId}; otherwise changes nothing. True when cleared. */
    boolean release(String service, String alertType, String incidentId);
}
