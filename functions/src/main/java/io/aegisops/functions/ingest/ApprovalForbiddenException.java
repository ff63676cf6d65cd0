package io.aegisops.functions.ingest;

/** A decision above the approver's clearance; the message says who may take it. Nothing was changed. */
public final class ApprovalForbiddenException extends RuntimeException {

    public ApprovalForbiddenException(String message) {
        super(message);
    }
}
