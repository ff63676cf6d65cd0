package io.aegisops.statemachine.engine;

/** A Lambda function error: {@code errorType} is what Retry and Catch match (e.g. {@code Aegis.NotAllowed}). */
public final class LambdaFunctionException extends Exception {

    private final String errorType;

    public LambdaFunctionException(String errorType, String errorMessage) {
        super(errorMessage);
        this.errorType = errorType;
    }

    public String errorType() {
        return errorType;
    }
}
