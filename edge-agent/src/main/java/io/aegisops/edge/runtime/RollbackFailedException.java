package io.aegisops.edge.runtime;

/**
 * A rollback that could not be completed. Its message says how far it got and what runs now: the service is never
 * left without a container (the replaced one runs again when the new one could not take its place).
 */
public final class RollbackFailedException extends RuntimeException {

    public RollbackFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
