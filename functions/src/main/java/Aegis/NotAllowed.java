package Aegis;

/**
 * Thrown by a handler that refuses an action outside the allowlist or the policy. The Lambda Java runtime
 * reports a thrown exception's fully qualified class name as its {@code errorType}, so this class, in the
 * package {@code Aegis}, reaches Step Functions as the error {@code Aegis.NotAllowed}.
 */
public final class NotAllowed extends RuntimeException {

    public NotAllowed(String message) {
        super(message);
    }
}
