package Aegis;

/**
 * Thrown when the execution's service is not a configured target, so there is no host to send a command
 * to. Reaches Step Functions as {@code Aegis.UnknownTarget}; the waiting task fails at once instead of
 * running into its timeout.
 */
public final class UnknownTarget extends RuntimeException {

    public UnknownTarget(String message) {
        super(message);
    }
}
