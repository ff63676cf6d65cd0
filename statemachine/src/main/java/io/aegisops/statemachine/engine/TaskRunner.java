package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.StatesError;

/**
 * Task states: an attempt's start (its parameters, TimeoutSeconds and HeartbeatSeconds, the Scheduled and
 * Started events, the invocation) and what the attempt's answer does to its strand. A Lambda function ARN as
 * Resource records LambdaFunction* events; anything else records Task* events.
 */
final class TaskRunner {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TaskRunner() {}

    static void start(Strand strand, TaskState s, Visit visit) {
        Execution execution = strand.execution();
        TaskResource resource = TaskResource.parse(s.resource());
        String token = resource.waitForTaskToken() ? execution.engine.issueToken() : null;
        JsonNode context = execution.context(s.name(), visit.entered, token, visit.retryAndCatch.retryCount());
        JsonNode parameters;
        Long timeout;
        Long heartbeat;
        try {
            parameters = s.flow().effectiveInput(visit.rawInput, context);
            JsonNode selected = s.flow().selectInput(visit.rawInput);
            timeout = InputValues.seconds(s.timeout(), selected, context, "TimeoutSecondsPath");
            heartbeat = InputValues.seconds(s.heartbeat(), selected, context, "HeartbeatSecondsPath");
        } catch (StatesError e) {
            strand.handleFailure(visit, e);
            return;
        }
        if (resource.kind() == TaskResource.Kind.LAMBDA_FUNCTION) {
            ObjectNode details =
                    NODES.objectNode().put("resource", resource.arn()).put("input", JsonValues.write(parameters));
            details.putObject("inputDetails").put("truncated", false);
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            strand.emit(HistoryEventType.LambdaFunctionScheduled, details);
            strand.emit(HistoryEventType.LambdaFunctionStarted, null);
        } else {
            ObjectNode details = resourceDetails(resource)
                    .put("region", execution.engine.region())
                    .put("parameters", JsonValues.write(parameters));
            if (timeout != null) {
                details.put("timeoutInSeconds", timeout);
            }
            if (heartbeat != null) {
                details.put("heartbeatInSeconds", heartbeat);
            }
            strand.emit(HistoryEventType.TaskScheduled, details);
            strand.emit(HistoryEventType.TaskStarted, resourceDetails(resource));
        }
        TaskAttempt attempt = new TaskAttempt(strand, s, visit, resource, token, context, heartbeat);
        strand.park(StrandPhase.IN_TASK, attempt);
        execution.track(attempt);
        attempt.armTimers(timeout);
        execution.invoke(new TaskRequest(s.resource(), parameters, token, execution.arn, s.name()), attempt);
    }

    /** A callback task's invocation answered: the task goes on until its token does. */
    static void submitted(TaskAttempt attempt, JsonNode response) {
        Strand strand = attempt.strand();
        if (strand.isAwaiting(attempt)) {
            strand.emit(
                    HistoryEventType.TaskSubmitted, Strand.withOutput(resourceDetails(attempt.resource()), response));
        }
    }

    static void succeeded(TaskAttempt attempt, JsonNode result) {
        Strand strand = attempt.strand();
        if (!strand.isAwaiting(attempt)) {
            return;
        }
        strand.resume();
        strand.emit(
                isLambda(attempt) ? HistoryEventType.LambdaFunctionSucceeded : HistoryEventType.TaskSucceeded,
                Strand.withOutput(lambdaOr(attempt), result));
        TaskState s = attempt.state();
        strand.complete(attempt.visit(), s.flow(), result, attempt.context(), s.next());
    }

    static void failed(TaskAttempt attempt, String error, String cause) {
        ended(
                attempt,
                isLambda(attempt) ? HistoryEventType.LambdaFunctionFailed : HistoryEventType.TaskFailed,
                error,
                cause);
    }

    static void timedOut(TaskAttempt attempt, String error, String cause) {
        ended(
                attempt,
                isLambda(attempt) ? HistoryEventType.LambdaFunctionTimedOut : HistoryEventType.TaskTimedOut,
                error,
                cause);
    }

    /** The attempt failed or timed out: its event, then Retry and Catch. */
    private static void ended(TaskAttempt attempt, HistoryEventType type, String error, String cause) {
        Strand strand = attempt.strand();
        if (strand.isAwaiting(attempt)) {
            strand.resume();
            strand.emit(type, withError(lambdaOr(attempt), error, cause));
            strand.handleFailure(attempt.visit(), error, cause);
        }
    }

    private static boolean isLambda(TaskAttempt attempt) {
        return attempt.resource().kind() == TaskResource.Kind.LAMBDA_FUNCTION;
    }

    private static ObjectNode lambdaOr(TaskAttempt attempt) {
        return isLambda(attempt) ? NODES.objectNode() : resourceDetails(attempt.resource());
    }

    private static ObjectNode resourceDetails(TaskResource resource) {
        return NODES.objectNode().put("resourceType", resource.resourceType()).put("resource", resource.resource());
    }

    private static ObjectNode withError(ObjectNode details, String error, String cause) {
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        return details;
    }
}
