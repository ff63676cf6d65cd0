package io.aegisops.functions.runbook;

import io.aegisops.contracts.Action;
import java.time.Instant;

/**
 * A verified outcome to learn from: the action was carried out and checked (SUCCESS, FAILURE), or a human
 * turned it down (REJECTION). Nothing else is learned.
 *
 * @param recoveryMs for a success, how long the incident took from its creation to verified health
 */
public record Outcome(
        Kind kind, String signature, Action action, String rootCause, String incidentId, Instant at, long recoveryMs) {

    public enum Kind {
        SUCCESS,
        FAILURE,
        REJECTION
    }
}
