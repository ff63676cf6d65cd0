package io.aegisops.functions.ingest.normalise;

/** A payload holding more alerts than one request may carry. */
public final class AlertLimitExceededException extends InvalidAlertException {

    public AlertLimitExceededException(String message) {
        super(message);
    }
}
