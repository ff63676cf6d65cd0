package io.aegisops.statemachine.engine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Task state's Resource as the history shows it: a service integration
 * ({@code arn:aws:states:::lambda:invoke.waitForTaskToken} → resourceType {@code lambda}, resource
 * {@code invoke.waitForTaskToken}) or a Lambda function ARN (LambdaFunction* events), or anything
 * else (an activity, say), which is passed to the invoker as it is.
 */
public record TaskResource(String arn, Kind kind, String resourceType, String resource, boolean waitForTaskToken) {

    public enum Kind {
        SERVICE_INTEGRATION,
        LAMBDA_FUNCTION,
        OTHER
    }

    private static final Pattern INTEGRATION = Pattern.compile("arn:[^:]+:states:::([^:]+):(.+)");
    private static final Pattern FUNCTION = Pattern.compile("arn:[^:]+:lambda:[^:]*:[^:]*:function:.+");

    public static TaskResource parse(String arn) {
        Matcher integration = INTEGRATION.matcher(arn);
        if (integration.matches()) {
            String resource = integration.group(2);
            return new TaskResource(
                    arn,
                    Kind.SERVICE_INTEGRATION,
                    integration.group(1),
                    resource,
                    resource.endsWith(".waitForTaskToken"));
        }
        if (FUNCTION.matcher(arn).matches()) {
            return new TaskResource(arn, Kind.LAMBDA_FUNCTION, "lambda", arn, false);
        }
        return new TaskResource(
                arn, Kind.OTHER, arn.split(":", -1).length > 2 ? arn.split(":", -1)[2] : "unknown", arn, false);
    }

    /** The service action without its integration pattern: {@code invoke} for {@code invoke.waitForTaskToken}. */
    public String action() {
        int dot = resource.lastIndexOf('.');
        return kind == Kind.SERVICE_INTEGRATION && dot > 0 ? resource.substring(0, dot) : resource;
    }
}
