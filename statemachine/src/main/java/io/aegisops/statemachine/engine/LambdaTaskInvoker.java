package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.StatesError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Runs Lambda tasks against in-process {@link LambdaFunctions}, with Step Functions' Lambda
 * semantics: {@code arn:aws:states:::lambda:invoke} (with or without {@code .waitForTaskToken})
 * sends {@code Parameters.Payload} to {@code Parameters.FunctionName} and returns the Invoke
 * response ({@code {StatusCode, Payload, ExecutedVersion, ...}}); a function ARN as Resource sends
 * the effective input and returns the function's output as it is. A function error becomes a task
 * error named by its {@code errorType}, with the {@code {errorMessage, errorType, stackTrace}} JSON
 * as cause; an unknown function is {@code Lambda.ResourceNotFoundException}.
 */
public final class LambdaTaskInvoker implements TaskInvoker {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final LambdaFunctions functions;

    public LambdaTaskInvoker(LambdaFunctions functions) {
        this.functions = functions;
    }

    @Override
    public JsonNode invoke(TaskRequest request) throws TaskFailedException {
        TaskResource resource = request.parsedResource();
        if (resource.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            return call(resource.arn(), request.parameters());
        }
        if (resource.kind() == TaskResource.Kind.SERVICE_INTEGRATION
                && resource.resourceType().equals("lambda")
                && resource.action().equals("invoke")) {
            JsonNode functionName = request.parameters().path("FunctionName");
            if (!functionName.isTextual()) {
                throw new TaskFailedException(
                        StatesError.RUNTIME,
                        "The field 'FunctionName' is required in the Parameters of state '" + request.stateName()
                                + "'");
            }
            JsonNode payload =
                    request.parameters().has("Payload") ? request.parameters().get("Payload") : NODES.objectNode();
            ObjectNode response = NODES.objectNode();
            response.put("ExecutedVersion", "$LATEST");
            response.set("Payload", call(functionName.textValue(), payload));
            response.putObject("SdkHttpMetadata").put("HttpStatusCode", 200);
            response.putObject("SdkResponseMetadata")
                    .put("RequestId", UUID.randomUUID().toString());
            response.put("StatusCode", 200);
            return response;
        }
        throw new TaskFailedException(
                StatesError.RUNTIME, "The local stack runs Lambda tasks only, not '" + resource.arn() + "'");
    }

    private JsonNode call(String functionName, JsonNode payload) throws TaskFailedException {
        LambdaFunction function = functions
                .find(functionName)
                .orElseThrow(() -> new TaskFailedException(
                        "Lambda.ResourceNotFoundException",
                        "Function not found: " + functionName + " (Service: Lambda, Status Code: 404)"));
        byte[] output;
        try {
            output = function.invoke(JsonValues.write(payload).getBytes(StandardCharsets.UTF_8));
        } catch (LambdaFunctionException e) {
            throw new TaskFailedException(e.errorType(), cause(e.errorType(), e.getMessage(), e.getStackTrace()));
        } catch (RuntimeException e) {
            // An unhandled exception: the Java runtime names the error after the exception's class.
            throw new TaskFailedException(
                    e.getClass().getName(), cause(e.getClass().getName(), e.getMessage(), e.getStackTrace()));
        }
        if (output == null || output.length == 0) {
            return NODES.nullNode();
        }
        String text = new String(output, StandardCharsets.UTF_8);
        try {
            return JsonValues.parse(text);
        } catch (IllegalArgumentException notJson) {
            return NODES.textNode(text);
        }
    }

    private static String cause(String errorType, String message, StackTraceElement[] stack) {
        ObjectNode cause = NODES.objectNode();
        cause.put("errorMessage", message);
        cause.put("errorType", errorType);
        ArrayNode trace = cause.putArray("stackTrace");
        Arrays.stream(stack).limit(10).forEach(frame -> trace.add(frame.toString()));
        return JsonValues.write(cause);
    }
}
