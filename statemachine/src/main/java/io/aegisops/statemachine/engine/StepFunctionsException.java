package io.aegisops.statemachine.engine;

/**
 * An API error with the Step Functions error type the SDK maps to its exception class
 * ({@code ExecutionAlreadyExists}, {@code TaskTimedOut}, …). All are client errors (HTTP 400).
 */
public final class StepFunctionsException extends RuntimeException {

    private final String errorType;

    public StepFunctionsException(String errorType, String message) {
        super(message);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
