package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Open-incident markers in memory, over an {@link InMemoryIncidentStore}, keeping the contract of
 * {@link OpenIncidents} as {@link DynamoOpenIncidents} keeps it ({@link OpenIncidentsContract} holds both to it):
 * an incident and its marker are created together or not at all, and a marker past its expiry (the adapter's default,
 * in whole seconds as a DynamoDB {@code ttl}) is free.
 */
public class InMemoryOpenIncidents implements OpenIncidents {

    private record Marker(String incidentId, long ttl) {

        boolean isFreeFor(String id, Instant now) {
            return incidentId.equals(id) || ttl < now.getEpochSecond();
        }
    }

    /** The lock of both the markers and the incidents, so that opening writes both or neither. */
    private final InMemoryIncidentStore incidents;

    private final Map<String, Marker> markers = new HashMap<>();

    public InMemoryOpenIncidents(InMemoryIncidentStore incidents) {
        this.incidents = incidents;
    }

    @Override
    public Opening open(Incident incident, String service, String alertType, Instant now) {
        String key = DynamoOpenIncidents.markerKey(service, alertType);
        synchronized (incidents) {
            Optional<Incident> existing = incidents.get(incident.incidentId());
            if (existing.isPresent()) {
                return Opening.exists(
                        existing.get(), holder(service, alertType, now).orElse(null));
            }
            Marker marker = markers.get(key);
            if (marker != null && !marker.isFreeFor(incident.incidentId(), now)) {
                return Opening.heldBy(marker.incidentId());
            }
            incidents.create(incident);
            markers.put(key, marker(incident.incidentId(), now));
            return Opening.opened(incident.incidentId());
        }
    }

    @Override
    public Optional<String> holder(String service, String alertType, Instant now) {
        synchronized (incidents) {
            Marker marker = markers.get(DynamoOpenIncidents.markerKey(service, alertType));
            return marker == null || marker.ttl() < now.getEpochSecond()
                    ? Optional.empty()
                    : Optional.of(marker.incidentId());
        }
    }

    @Override
    public String claim(String service, String alertType, String incidentId, Instant now) {
        String key = DynamoOpenIncidents.markerKey(service, alertType);
        synchronized (incidents) {
            Marker marker = markers.get(key);
            if (marker != null && !marker.isFreeFor(incidentId, now)) {
                return marker.incidentId();
            }
            markers.put(key, marker(incidentId, now));
            return incidentId;
        }
    }

    @Override
    public boolean release(String service, String alertType, String incidentId) {
        String key = DynamoOpenIncidents.markerKey(service, alertType);
        synchronized (incidents) {
            Marker marker = markers.get(key);
            if (marker == null || !marker.incidentId().equals(incidentId)) {
                return false;
            }
            markers.remove(key);
            return true;
        }
    }

    private Marker marker(String incidentId, Instant now) {
        return new Marker(
                incidentId, now.plus(DynamoOpenIncidents.DEFAULT_EXPIRY).getEpochSecond());
    }
}
