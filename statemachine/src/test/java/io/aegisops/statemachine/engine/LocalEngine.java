package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An engine on manual time with tasks run on the calling thread: a test starts an execution, and
 * when the call returns the execution has run until it ended or parked (on a Wait, a retry delay or
 * a task token); {@link #advance(Duration)} moves time on. Functions are in-process Lambda functions
 * reached by ARN {@code arn:aws:lambda:us-east-1:000000000000:function:<name>}.
 */
final class LocalEngine {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** A JSON-in, JSON-out test function. */
    @FunctionalInterface
    interface Function {
        JsonNode apply(JsonNode input) throws LambdaFunctionException;
    }

    final ManualTimers timers = new ManualTimers(T0);
    final LambdaFunctions functions = new LambdaFunctions();
    final StepFunctionsEngine engine = new StepFunctionsEngine(
            EngineConfig.defaults().withTimers(timers).withWorkers(Runnable::run), new LambdaTaskInvoker(functions));
    final Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();
    private final AtomicInteger machines = new AtomicInteger();

    static String fn(String name) {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + name;
    }

    LocalEngine function(String name, Function function) {
        calls.put(name, new ArrayList<>());
        functions.register(name, payload -> {
            JsonNode input = JsonValues.parse(new String(payload, StandardCharsets.UTF_8));
            calls.get(name).add(input);
            return JsonValues.write(function.apply(input)).getBytes(StandardCharsets.UTF_8);
        });
        return this;
    }

    /** A function that fails with {@code errorType} for its first {@code failures} calls, then echoes its input. */
    LocalEngine flaky(String name, int failures, String errorType) {
        return function(name, input -> {
            if (calls.get(name).size() <= failures) {
                throw new LambdaFunctionException(
                        errorType, "failure " + calls.get(name).size());
            }
            return input;
        });
    }

    String createMachine(String definition) {
        return engine.createStateMachine("machine-" + machines.incrementAndGet(), definition, null)
                .stateMachineArn();
    }

    /** Creates a machine and starts it; returns the execution ARN. */
    String run(String definition, String input) {
        return engine.startExecution(createMachine(definition), null, input).executionArn();
    }

    void advance(Duration duration) {
        timers.advance(duration);
    }

    ExecutionInfo info(String executionArn) {
        return engine.describeExecution(executionArn);
    }

    JsonNode output(String executionArn) {
        ExecutionInfo info = info(executionArn);
        if (info.status() != ExecutionStatus.SUCCEEDED) {
            throw new AssertionError(
                    "expected SUCCEEDED but was " + info.status() + " " + info.error() + ": " + info.cause());
        }
        return JsonValues.parse(info.output());
    }

    List<HistoryEvent> history(String executionArn) {
        return engine.getExecutionHistory(executionArn);
    }

    List<HistoryEventType> types(String executionArn) {
        return history(executionArn).stream().map(HistoryEvent::type).toList();
    }

    List<JsonNode> calls(String function) {
        return calls.get(function);
    }

    static JsonNode json(String text) {
        return JsonValues.parse(text);
    }
}
