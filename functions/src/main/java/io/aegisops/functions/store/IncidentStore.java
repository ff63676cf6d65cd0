package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.IncidentStatus;
import io.aegisops.contracts.TimelineEntry;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Where incidents live. Every change is a compare-and-set on {@link Incident#version()}. */
public interface IncidentStore {

    Optional<Incident> get(String incidentId);

    /**
     * For a handler's priming: the requests the store's first calls make, on {@code absent} (an incident that does
     * not exist), none of them able to write.
     */
    default void prime(Incident absent) {
        get(absent.incidentId());
    }

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

    /**
     * Counts one more alert for the incident: {@code alertCount} and {@code version} go up by one in a single
     * atomic update, so a storm of duplicates never contends on the compare-and-set. {@code entry} is appended
     * to the timeline only while {@code alertCount} is below {@code timelineUpTo}, so a storm cannot grow the
     * item without bound. Meant for a caller that has just seen the count below the bound (past it, {@link
     * #countAlert} is the one update that can succeed).
     *
     * @throws IncidentNotFoundException when there is no such incident
     */
    Incident attachAlert(String incidentId, TimelineEntry entry, int timelineUpTo);

    /**
     * Counts one more alert for the incident ({@code alertCount} and {@code version} up by one), nothing else.
     *
     * @throws IncidentNotFoundException when there is no such incident
     */
    Incident countAlert(String incidentId);

    /**
     * As {@link #attachAlert}, for an incident whose state the caller has not seen: only if it has not ended.
     *
     * @return the incident after the update, or empty (and nothing written) when it has ended or does not exist
     */
    Optional<Incident> attachToOpen(String incidentId, TimelineEntry entry, int timelineUpTo);

    /**
     * As {@link #countAlert}, only if the incident has not ended: for a caller that knows its timeline is full.
     *
     * @return the incident after the update, or empty (and nothing written) when it has ended or does not exist
     */
    Optional<Incident> countOnOpen(String incidentId);

    /**
     * Appends one timeline entry (and bumps {@code version}) atomically.
     *
     * @throws IncidentNotFoundException when there is no such incident
     */
    Incident appendTimeline(String incidentId, TimelineEntry entry);

    /**
     * One page of incidents, newest first, of one status or of all when {@code status} is null.
     *
     * @param cursor {@link IncidentPage#nextCursor()} of the previous page, or null for the first
     * @throws IllegalArgumentException when the cursor is not one this store handed out
     */
    default IncidentPage list(IncidentStatus status, int limit, String cursor) {
        return listMatching(IncidentFilter.ofStatus(status), limit, cursor);
    }

    /**
     * One page of the incidents {@code filter} keeps, newest first. A page may hold fewer than {@code limit} while a
     * cursor follows, when the filter narrows beyond the status: each call reads a bounded number of incidents.
     *
     * @param cursor {@link IncidentPage#nextCursor()} of the previous page of the same status, or null for the first
     * @throws IllegalArgumentException when the cursor is not one this store handed out
     */
    IncidentPage listMatching(IncidentFilter filter, int limit, String cursor);
}
