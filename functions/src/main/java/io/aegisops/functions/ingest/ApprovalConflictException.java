package io.aegisops.functions.ingest;

/** A decision that cannot be taken: nothing is waiting for one, or the waiting task has ended. */
public final class ApprovalConflictException extends RuntimeException {

    public ApprovalConflictException(String message) {
        super(message);
    }
}
