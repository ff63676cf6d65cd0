package io.aegisops.functions.runbook;

import io.aegisops.contracts.Action;
import java.time.Instant;

/**
 * A verified outcome to learn from: the action was carried out and checked (SUCCESS, FAILURE), or a human
 * turned it down (REJECTION). Nothing else is learned.
 *
 * @param signature  the pattern: {@link io.aegisops.contracts.RunbookEntry#signatureOf alert type, service, action}
 * @param approved   people approved the remedy before it ran (a SUCCESS then counts towards earning AUTO)
 * @param recoveryMs for a success, how long the incident took from its creation to verified health
 */
public record Outcome(
        Kind kind,
        String signature,
        Action action,
        String rootCause,
        String incidentId,
        Instant at,
        long recoveryMs,
        boolean approved) {

    public enum Kind {
        SUCCESS,
        FAILURE,
        REJECTION
    }
}
