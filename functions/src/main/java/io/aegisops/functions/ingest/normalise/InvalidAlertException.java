package io.aegisops.functions.ingest.normalise;

/**
 * A payload that is JSON but not an alert AegisOps can accept: unknown shape, a required field missing or
 * malformed. The message names the field and is safe to return to the sender.
 */
public class InvalidAlertException extends RuntimeException {

    public InvalidAlertException(String message) {
        super(message);
    }
}
