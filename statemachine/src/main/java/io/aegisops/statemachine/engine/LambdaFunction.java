package io.aegisops.statemachine.engine;

/**
 * A function the local stack runs in-process: the bytes the Lambda runtime would pass in, the bytes
 * the handler writes out. A handler's exception becomes a function error, as in the Java runtime.
 */
@FunctionalInterface
public interface LambdaFunction {

    /**
     * @throws LambdaFunctionException a function error with its {@code errorType} (the Step Functions error name)
     */
    byte[] invoke(byte[] payload) throws LambdaFunctionException;
}
