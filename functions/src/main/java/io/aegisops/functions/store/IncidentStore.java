package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where incidents live. Every change is a compare-and-set on {@link Incident#version()}. */
public interface IncidentStore {

    Optional<Incident> get(String incidentId);

    /** Stores a new incident; false (and nothing written) when one with the same id already exists. */
    boolean create(Incident incident);

    /**
     * Applies {@code change} to the current incident and stores the result if nobody else changed it in
     * between, re-reading and re-applying otherwise. {@code change} must be free of side effects. A change that
     * returns the incident unchanged writes nothing (the version stays).
     *
     * @throws IncidentNotFoundException when there is no such incident
     */
    Incident update(String incidentId, UnaryOperator<Incident> change);

    /** Keeps the task token of the approval the execution waits on, next to the incident (never in its JSON). */
    void putApprovalToken(String incidentId, String taskToken);

    /** Removes and returns the approval task token: exactly one caller gets it, later ones get empty. */
    Optional<String> takeApprovalToken(String incidentId);
}
