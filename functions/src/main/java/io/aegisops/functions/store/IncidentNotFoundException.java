package io.aegisops.functions.store;

public final class IncidentNotFoundException extends RuntimeException {

    public IncidentNotFoundException(String incidentId) {
        super("no incident " + incidentId);
    }
}
