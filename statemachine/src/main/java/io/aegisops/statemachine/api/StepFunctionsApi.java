package io.aegisops.statemachine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.engine.ExecutionInfo;
import io.aegisops.statemachine.engine.ExecutionStatus;
import io.aegisops.statemachine.engine.HistoryEvent;
import io.aegisops.statemachine.engine.StateMachineInfo;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import io.aegisops.statemachine.engine.StepFunctionsException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Step Functions API in its wire format (AWS JSON 1.0): an operation named by the
 * {@code X-Amz-Target} header ({@code AWSStepFunctions.StartExecution}), a JSON request body, a JSON
 * answer, or an error body {@code {"__type": "ExecutionAlreadyExists", "message": "..."}} with HTTP
 * 400 (500 for a fault of the engine itself). Timestamps are epoch seconds, as the SDKs expect.
 *
 * <p>Transport-free so the embedded stack can serve it on its shared edge port next to other
 * services; {@link StepFunctionsHttpServer} serves it alone.
 */
public final class StepFunctionsApi {

    public static final String TARGET_PREFIX = "AWSStepFunctions.";
    public static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int DEFAULT_PAGE = 100;
    private static final int MAX_PAGE = 1000;

    /** An answer to send: HTTP status and JSON body. */
    public record Response(int status, String body) {}

    private final StepFunctionsEngine engine;
    private final Map<String, Function<JsonNode, JsonNode>> operations;

    public StepFunctionsApi(StepFunctionsEngine engine) {
        this.engine = engine;
        this.operations = Map.ofEntries(
                Map.entry("CreateStateMachine", this::createStateMachine),
                Map.entry("DescribeStateMachine", this::describeStateMachine),
                Map.entry("UpdateStateMachine", this::updateStateMachine),
                Map.entry("DeleteStateMachine", this::deleteStateMachine),
                Map.entry("ListStateMachines", this::listStateMachines),
                Map.entry("StartExecution", this::startExecution),
                Map.entry("DescribeExecution", this::describeExecution),
                Map.entry("ListExecutions", this::listExecutions),
                Map.entry("GetExecutionHistory", this::getExecutionHistory),
                Map.entry("StopExecution", this::stopExecution),
                Map.entry("SendTaskSuccess", this::sendTaskSuccess),
                Map.entry("SendTaskFailure", this::sendTaskFailure),
                Map.entry("SendTaskHeartbeat", this::sendTaskHeartbeat));
    }

    /** Whether a request with this {@code X-Amz-Target} is for this API. */
    public static boolean handles(String target) {
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    /** Answers one request; never throws. */
    public Response call(String target, byte[] body) {
        String operation = target == null ? "" : target.substring(Math.min(target.length(), TARGET_PREFIX.length()));
        Function<JsonNode, JsonNode> handler = handles(target) ? operations.get(operation) : null;
        if (handler == null) {
            return error(400, "UnknownOperationException", "Unknown operation: '" + target + "'");
        }
        JsonNode request;
        try {
            request = body == null || body.length == 0
                    ? NODES.objectNode()
                    : JsonValues.parse(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return error(400, "SerializationException", "The request body is not JSON: " + e.getMessage());
        }
        if (!request.isObject()) {
            return error(400, "SerializationException", "The request body must be a JSON object");
        }
        try {
            return new Response(200, JsonValues.write(handler.apply(request)));
        } catch (StepFunctionsException e) {
            return error(400, e.errorType(), e.getMessage());
        } catch (RuntimeException e) {
            return error(500, "InternalFailure", "The local Step Functions engine failed: " + e);
        }
    }

    private static Response error(int status, String type, String message) {
        ObjectNode body = NODES.objectNode().put("__type", type).put("message", message);
        return new Response(status, JsonValues.write(body));
    }

    // ---------------------------------------------------------------- state machines

    private JsonNode createStateMachine(JsonNode request) {
        String type = optional(request, "type");
        if (type != null && !type.equals("STANDARD")) {
            throw new StepFunctionsException(
                    "ValidationException", "Only STANDARD state machines run on the local engine, not " + type);
        }
        StateMachineInfo machine = engine.createStateMachine(
                required(request, "name"), required(request, "definition"), optional(request, "roleArn"));
        ObjectNode response = NODES.objectNode().put("stateMachineArn", machine.stateMachineArn());
        response.set("creationDate", epochSeconds(machine.creationDate()));
        return response;
    }

    private JsonNode describeStateMachine(JsonNode request) {
        return describe(engine.describeStateMachine(required(request, "stateMachineArn")));
    }

    private static ObjectNode describe(StateMachineInfo machine) {
        ObjectNode response = NODES.objectNode()
                .put("stateMachineArn", machine.stateMachineArn())
                .put("name", machine.name())
                .put("status", machine.status())
                .put("definition", machine.definition())
                .put("roleArn", machine.roleArn())
                .put("type", machine.type());
        response.set("creationDate", epochSeconds(machine.creationDate()));
        response.putObject("loggingConfiguration").put("level", "OFF").put("includeExecutionData", false);
        response.putObject("tracingConfiguration").put("enabled", false);
        return response;
    }

    private JsonNode updateStateMachine(JsonNode request) {
        engine.updateStateMachine(
                required(request, "stateMachineArn"), optional(request, "definition"), optional(request, "roleArn"));
        ObjectNode response = NODES.objectNode();
        response.set("updateDate", epochSeconds(engine.now()));
        return response;
    }

    private JsonNode deleteStateMachine(JsonNode request) {
        engine.deleteStateMachine(required(request, "stateMachineArn"));
        return NODES.objectNode();
    }

    private JsonNode listStateMachines(JsonNode request) {
        return page(request, engine.listStateMachines(), "stateMachines", machine -> {
            ObjectNode item = NODES.objectNode()
                    .put("stateMachineArn", machine.stateMachineArn())
                    .put("name", machine.name())
                    .put("type", machine.type());
            item.set("creationDate", epochSeconds(machine.creationDate()));
            return item;
        });
    }

    // ---------------------------------------------------------------- executions

    private JsonNode startExecution(JsonNode request) {
        ExecutionInfo execution = engine.startExecution(
                required(request, "stateMachineArn"), optional(request, "name"), optional(request, "input"));
        ObjectNode response = NODES.objectNode().put("executionArn", execution.executionArn());
        response.set("startDate", epochSeconds(execution.startDate()));
        return response;
    }

    private JsonNode describeExecution(JsonNode request) {
        ExecutionInfo execution = engine.describeExecution(required(request, "executionArn"));
        ObjectNode response = summary(execution);
        response.put("input", execution.input());
        response.putObject("inputDetails").put("included", true);
        if (execution.output() != null) {
            response.put("output", execution.output());
            response.putObject("outputDetails").put("included", true);
        }
        if (execution.error() != null) {
            response.put("error", execution.error());
        }
        if (execution.cause() != null) {
            response.put("cause", execution.cause());
        }
        return response;
    }

    private JsonNode listExecutions(JsonNode request) {
        String filter = optional(request, "statusFilter");
        ExecutionStatus status;
        try {
            status = filter == null ? null : ExecutionStatus.valueOf(filter);
        } catch (IllegalArgumentException e) {
            throw new StepFunctionsException(
                    "ValidationException",
                    "Value '" + filter + "' at 'statusFilter' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED]");
        }
        return page(
                request,
                engine.listExecutions(required(request, "stateMachineArn"), status),
                "executions",
                StepFunctionsApi::summary);
    }

    private static ObjectNode summary(ExecutionInfo execution) {
        ObjectNode item = NODES.objectNode()
                .put("executionArn", execution.executionArn())
                .put("stateMachineArn", execution.stateMachineArn())
                .put("name", execution.name())
                .put("status", execution.status().name());
        item.set("startDate", epochSeconds(execution.startDate()));
        if (execution.stopDate() != null) {
            item.set("stopDate", epochSeconds(execution.stopDate()));
        }
        return item;
    }

    private JsonNode getExecutionHistory(JsonNode request) {
        List<HistoryEvent> events = new ArrayList<>(engine.getExecutionHistory(required(request, "executionArn")));
        if (request.path("reverseOrder").asBoolean(false)) {
            events = events.reversed();
        }
        boolean includeData = request.path("includeExecutionData").asBoolean(true);
        return page(request, events, "events", event -> event(event, includeData));
    }

    private static ObjectNode event(HistoryEvent event, boolean includeData) {
        ObjectNode item = NODES.objectNode();
        item.set("timestamp", epochSeconds(event.timestamp()));
        item.put("type", event.type().name()).put("id", event.id()).put("previousEventId", event.previousEventId());
        if (event.details() != null && event.type().detailsField() != null) {
            ObjectNode details = event.details().deepCopy();
            if (!includeData) {
                details.remove(List.of("input", "output", "inputDetails", "outputDetails", "parameters"));
            }
            item.set(event.type().detailsField(), details);
        }
        return item;
    }

    private JsonNode stopExecution(JsonNode request) {
        ExecutionInfo execution = engine.stopExecution(
                required(request, "executionArn"), optional(request, "error"), optional(request, "cause"));
        ObjectNode response = NODES.objectNode();
        response.set("stopDate", epochSeconds(execution.stopDate() == null ? engine.now() : execution.stopDate()));
        return response;
    }

    // ---------------------------------------------------------------- task tokens

    private JsonNode sendTaskSuccess(JsonNode request) {
        engine.sendTaskSuccess(required(request, "taskToken"), required(request, "output"));
        return NODES.objectNode();
    }

    private JsonNode sendTaskFailure(JsonNode request) {
        engine.sendTaskFailure(required(request, "taskToken"), optional(request, "error"), optional(request, "cause"));
        return NODES.objectNode();
    }

    private JsonNode sendTaskHeartbeat(JsonNode request) {
        engine.sendTaskHeartbeat(required(request, "taskToken"));
        return NODES.objectNode();
    }

    // ---------------------------------------------------------------- helpers

    private static String required(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw new StepFunctionsException(
                    "ValidationException",
                    "1 validation error detected: Value null at '" + field
                            + "' failed to satisfy constraint: Member must not be null");
        }
        if (!value.isTextual()) {
            throw new StepFunctionsException("ValidationException", "'" + field + "' must be a string");
        }
        return value.textValue();
    }

    private static String optional(JsonNode request, String field) {
        JsonNode value = request.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** maxResults (default 100, at most 1000) and an opaque nextToken holding the offset. */
    private static <T> ObjectNode page(JsonNode request, List<T> all, String field, Function<T, ObjectNode> render) {
        int size = request.path("maxResults").asInt(0);
        if (size < 0 || size > MAX_PAGE) {
            throw new StepFunctionsException("ValidationException", "maxResults must be from 0 to " + MAX_PAGE);
        }
        size = size == 0 ? DEFAULT_PAGE : size;
        int offset = offset(optional(request, "nextToken"));
        ObjectNode response = NODES.objectNode();
        ArrayNode items = response.putArray(field);
        all.stream().skip(offset).limit(size).map(render).forEach(items::add);
        if (offset + size < all.size()) {
            response.put(
                    "nextToken",
                    Base64.getUrlEncoder()
                            .encodeToString(("offset:" + (offset + size)).getBytes(StandardCharsets.UTF_8)));
        }
        return response;
    }

    private static int offset(String nextToken) {
        if (nextToken == null) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
            if (decoded.startsWith("offset:")) {
                return Integer.parseInt(decoded.substring("offset:".length()));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new StepFunctionsException("InvalidToken", "Invalid Token: '" + nextToken + "'");
    }

    private static JsonNode epochSeconds(Instant instant) {
        return NODES.numberNode(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
    }
}
