package io.aegisops.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.engine.EngineConfig;
import io.aegisops.statemachine.engine.ExecutionInfo;
import io.aegisops.statemachine.engine.HistoryEvent;
import io.aegisops.statemachine.engine.LambdaFunctionException;
import io.aegisops.statemachine.engine.LambdaFunctions;
import io.aegisops.statemachine.engine.LambdaTaskInvoker;
import io.aegisops.statemachine.engine.ManualTimers;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline definition on the engine, with test functions standing in for the handlers: they
 * record the payloads they receive and the task tokens they are given, as the real handlers store
 * them for the edge agent, and tests answer the tokens the way the agent and the approval route do.
 * Time is manual and tasks run on the calling thread, so every branch runs instantly.
 */
final class PipelineHarness {

    static final Instant T0 = Instant.parse("2026-11-21T03:13:00Z");
    static final List<String> FUNCTIONS =
            List.of("CollectEvidence", "Diagnose", "Notify", "RequestApproval", "Remediate", "Verify", "Learn");
    static final Map<String, String> SETTINGS = Map.of(
            "EvidenceTimeoutSeconds", "60",
            "ApprovalTimeoutSeconds", "3600",
            "RemediateHeartbeatSeconds", "30",
            "RemediateTimeoutSeconds", "600",
            "VerifyTimeoutSeconds", "60",
            "VerifyIntervalSeconds", "10",
            "VerifyMaxAttempts", "3");

    /** What a test function does with its payload. */
    @FunctionalInterface
    interface Behaviour {
        JsonNode handle(JsonNode payload) throws LambdaFunctionException;
    }

    final ManualTimers timers = new ManualTimers(T0);
    final StepFunctionsEngine engine;
    final String machineArn;
    private final Map<String, List<JsonNode>> payloads = new HashMap<>();
    private final Map<String, Deque<String>> tokens = new HashMap<>();
    private final Map<String, Behaviour> behaviours = new HashMap<>();
    private String decisionMode = "AUTO";
    private String proposedAction = "RESTART";

    PipelineHarness() {
        LambdaFunctions functions = new LambdaFunctions();
        for (String function : FUNCTIONS) {
            payloads.put(function, new ArrayList<>());
            tokens.put(function, new ArrayDeque<>());
            functions.register(functionArn(function), payload -> {
                JsonNode parsed = JsonValues.parse(new String(payload, StandardCharsets.UTF_8));
                payloads.get(function).add(parsed);
                if (parsed.has("taskToken")) {
                    tokens.get(function).addLast(parsed.get("taskToken").asText());
                }
                Behaviour behaviour = behaviours.getOrDefault(function, this::defaultAnswer);
                return JsonValues.write(behaviour.handle(parsed)).getBytes(StandardCharsets.UTF_8);
            });
        }
        engine = new StepFunctionsEngine(
                EngineConfig.defaults().withTimers(timers).withWorkers(Runnable::run),
                new LambdaTaskInvoker(functions));
        machineArn =
                engine.createStateMachine("aegis-pipeline", definition(), null).stateMachineArn();
    }

    static String functionArn(String function) {
        return "arn:aws:lambda:us-east-1:000000000000:function:aegis-" + function;
    }

    /** The pipeline file with the test's function ARNs and settings, as CDK's substitutions would fill it. */
    static String definition() {
        Map<String, String> values = new HashMap<>(SETTINGS);
        FUNCTIONS.forEach(function -> values.put(function + "FunctionArn", functionArn(function)));
        return AegisPipeline.template().substitute(values);
    }

    private JsonNode defaultAnswer(JsonNode payload) {
        if (payload.has("taskToken")) {
            return JsonValues.parse("{}");
        }
        if (payload.has("event")) {
            return JsonValues.parse("{\"delivered\": true}");
        }
        if (payload.has("outcome")) {
            return JsonValues.parse(
                    "{\"status\": \"" + payload.path("outcome").path("status").asText() + "\"}");
        }
        ObjectNode answer = (ObjectNode) fixture("diagnose-answer.json");
        ((ObjectNode) answer.get("decision")).put("mode", decisionMode);
        ((ObjectNode) answer.get("diagnosis")).put("action", proposedAction);
        return answer;
    }

    PipelineHarness decide(String mode) {
        decisionMode = mode;
        return this;
    }

    /** The action Diagnose proposes (RESTART unless told). */
    PipelineHarness propose(String action) {
        proposedAction = action;
        return this;
    }

    PipelineHarness when(String function, Behaviour behaviour) {
        behaviours.put(function, behaviour);
        return this;
    }

    String start(String inputFixture) {
        return engine.startExecution(machineArn, null, text(inputFixture)).executionArn();
    }

    /** The edge agent (or the approval route) answers the function's latest token. */
    void answer(String function, String fixture) {
        engine.sendTaskSuccess(latestToken(function), text(fixture));
    }

    void heartbeat(String function) {
        engine.sendTaskHeartbeat(latestToken(function));
    }

    String latestToken(String function) {
        Deque<String> issued = tokens.get(function);
        if (issued.isEmpty()) {
            throw new AssertionError(function + " was not given a task token");
        }
        return issued.peekLast();
    }

    void advance(Duration duration) {
        timers.advance(duration);
    }

    List<JsonNode> payloads(String function) {
        return payloads.get(function);
    }

    ExecutionInfo describe(String executionArn) {
        return engine.describeExecution(executionArn);
    }

    /** The names of the states entered, in order. */
    List<String> statesEntered(String executionArn) {
        return engine.getExecutionHistory(executionArn).stream()
                .filter(e -> e.type().name().endsWith("StateEntered"))
                .map(e -> e.detail("name"))
                .toList();
    }

    List<HistoryEvent> history(String executionArn) {
        return engine.getExecutionHistory(executionArn);
    }

    /** The outcome Learn was given. */
    JsonNode learnedOutcome() {
        List<JsonNode> learned = payloads("Learn");
        if (learned.isEmpty()) {
            throw new AssertionError("Learn was not called");
        }
        return learned.getLast().path("outcome");
    }

    List<String> notifiedEvents() {
        return payloads("Notify").stream().map(p -> p.path("event").asText()).toList();
    }

    static JsonNode fixture(String name) {
        return JsonValues.parse(text(name));
    }

    static String text(String name) {
        try (InputStream in = PipelineHarness.class.getResourceAsStream("/pipeline/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture pipeline/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
