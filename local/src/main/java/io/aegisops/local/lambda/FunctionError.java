package io.aegisops.local.lambda;

/**
 * A function invocation that ended in an error, named as the Lambda runtime names it: the error type is
 * the thrown exception's class name (the Java runtime's {@code errorType}), which is what a state machine's
 * Retry and Catch match against.
 */
public final class FunctionError extends RuntimeException {

    private final String errorType;

    public FunctionError(String errorType, String message, Throwable cause) {
        super(message, cause);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
