package io.aegisops.statemachine.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-process functions by name. Lookups accept what Lambda's Invoke accepts as FunctionName: the
 * name, the full ARN ({@code arn:aws:lambda:us-east-1:000000000000:function:aegis-diagnose}) or a
 * partial ARN, with or without a version or alias qualifier.
 */
public final class LambdaFunctions {

    private final Map<String, LambdaFunction> byName = new ConcurrentHashMap<>();

    /** Registers a function under the name taken from {@code nameOrArn}. */
    public LambdaFunctions register(String nameOrArn, LambdaFunction function) {
        byName.put(functionName(nameOrArn), function);
        return this;
    }

    public Optional<LambdaFunction> find(String nameOrArn) {
        return Optional.ofNullable(byName.get(functionName(nameOrArn)));
    }

    /** {@code arn:aws:lambda:r:a:function:name:qualifier}, {@code a:function:name}, {@code name:qualifier} → {@code name}. */
    static String functionName(String nameOrArn) {
        String[] parts = nameOrArn.split(":", -1);
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("function")) {
                return parts[i + 1];
            }
        }
        return parts[0];
    }
}
