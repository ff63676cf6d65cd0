package io.aegisops.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.JsonValues;
import io.aegisops.statemachine.engine.EngineConfig;
import io.aegisops.statemachine.engine.ExecutionInfo;
import io.aegisops.statemachine.engine.ExecutionStatus;
import io.aegisops.statemachine.engine.LambdaFunctions;
import io.aegisops.statemachine.engine.LambdaTaskInvoker;
import io.aegisops.statemachine.engine.ManualTimers;
import io.aegisops.statemachine.engine.StepFunctionsEngine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Prints the engine's throughput; not part of the default test run (the name does not end in Test).
 * Run: {@code ./mvnw -B -q -pl statemachine test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <ul>
 *   <li>state transitions per second on a chain of Pass states (history recorded, as always);</li>
 *   <li>the engine's own cost per pipeline execution (AUTO branch, 15 tasks) when every function answers at
 *       once and the edge agent answers each token immediately: first on the calling thread, then on the
 *       default virtual-thread workers with many executions in flight.</li>
 * </ul>
 */
class EngineBenchmark {

    private static final int CHAIN = 5_000;

    public static void main(String[] args) throws Exception {
        new EngineBenchmark().run();
    }

    @Test
    void run() throws Exception {
        passChain();
        pipeline(
                "same thread",
                EngineConfig.defaults()
                        .withTimers(new ManualTimers(Instant.now()))
                        .withWorkers(Runnable::run),
                5_000,
                1);
        pipeline(
                "virtual threads, 64 in flight",
                EngineConfig.defaults().withWorkers(Executors.newVirtualThreadPerTaskExecutor()),
                5_000,
                64);
    }

    private static void passChain() throws Exception {
        StringBuilder states = new StringBuilder();
        for (int i = 0; i < CHAIN; i++) {
            states.append(i == 0 ? "" : ",")
                    .append("\"S")
                    .append(i)
                    .append("\": {\"Type\": \"Pass\", \"Parameters\": {\"i\": ")
                    .append(i)
                    .append(", \"carry.$\": \"$.carry\"}, ")
                    .append(i == CHAIN - 1 ? "\"End\": true" : "\"Next\": \"S" + (i + 1) + "\"")
                    .append("}");
        }
        String definition = "{\"StartAt\": \"S0\", \"States\": {" + states + "}}";
        try (StepFunctionsEngine engine = new StepFunctionsEngine(
                EngineConfig.defaults()
                        .withTimers(new ManualTimers(Instant.now()))
                        .withWorkers(Runnable::run),
                request -> request.parameters())) {
            String machine =
                    engine.createStateMachine("chain", definition, null).stateMachineArn();
            String input = "{\"carry\": {\"incidentId\": \"inc-1\", \"service\": \"buggy-app\", \"note\": \""
                    + "x".repeat(200) + "\"}}";
            for (int round = 0; round < 2; round++) {
                int executions = 40;
                long start = System.nanoTime();
                for (int i = 0; i < executions; i++) {
                    ExecutionInfo info = engine.startExecution(machine, null, input);
                    require(
                            engine.describeExecution(info.executionArn()).status() == ExecutionStatus.SUCCEEDED,
                            "chain finished");
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(
                        "%s Pass chain: %,d transitions in %.2f s = %,.0f transitions/s%n",
                        round == 0 ? "warm-up" : "measured",
                        (long) executions * CHAIN,
                        seconds,
                        executions * CHAIN / seconds);
            }
        }
    }

    private static void pipeline(String mode, EngineConfig config, int executions, int inFlight) throws Exception {
        AtomicReference<StepFunctionsEngine> engineRef = new AtomicReference<>();
        LambdaFunctions functions = new LambdaFunctions();
        JsonNode diagnosis = JsonValues.parse("""
                {"diagnosis": {"rootCause": "leak", "action": "RESTART", "confidence": 0.9, "justification": "oom",
                 "evidence": [], "source": "RULES", "latencyMs": 1}, "decision": {"mode": "AUTO", "reasons": [], "dryRun": false}}""");
        byte[] agentAnswer =
                "{\"type\": \"PROBE\", \"success\": true, \"dryRun\": false, \"message\": \"ok\", \"durationMs\": 1}"
                        .getBytes(StandardCharsets.UTF_8);
        for (String function : PipelineHarness.FUNCTIONS) {
            functions.register(PipelineHarness.functionArn(function), payload -> {
                JsonNode input = JsonValues.parse(new String(payload, StandardCharsets.UTF_8));
                if (input.has("taskToken")) {
                    engineRef
                            .get()
                            .sendTaskSuccess(
                                    input.get("taskToken").asText(), new String(agentAnswer, StandardCharsets.UTF_8));
                    return "{}".getBytes(StandardCharsets.UTF_8);
                }
                return function.equals("Diagnose")
                        ? JsonValues.write(diagnosis).getBytes(StandardCharsets.UTF_8)
                        : "{}".getBytes(StandardCharsets.UTF_8);
            });
        }
        Map<String, String> values = new HashMap<>(PipelineHarness.SETTINGS);
        PipelineHarness.FUNCTIONS.forEach(
                function -> values.put(function + "FunctionArn", PipelineHarness.functionArn(function)));
        String input = PipelineHarness.text("input-known-target.json");
        try (StepFunctionsEngine engine = new StepFunctionsEngine(
                config.withRetainedClosedExecutions(2 * executions), new LambdaTaskInvoker(functions))) {
            engineRef.set(engine);
            String machine = engine.createStateMachine(
                            "pipeline", AegisPipeline.template().substitute(values), null)
                    .stateMachineArn();
            for (int round = 0; round < 2; round++) {
                System.gc();
                long heapBefore = usedHeap();
                long start = System.nanoTime();
                List<String> window = new ArrayList<>();
                int events = 0;
                for (int i = 0; i < executions; i++) {
                    window.add(engine.startExecution(machine, "r" + round + "-" + i, input)
                            .executionArn());
                    if (window.size() == inFlight || i == executions - 1) {
                        for (String arn : window) {
                            ExecutionInfo info = engine.awaitCompletion(arn, Duration.ofSeconds(30));
                            require(info.status() == ExecutionStatus.SUCCEEDED, "pipeline resolved: " + info);
                            events += engine.getExecutionHistory(arn).size();
                        }
                        window.clear();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.gc();
                long retained = usedHeap() - heapBefore;
                System.out.printf(
                        "%s pipeline (%s): %,d executions in %.2f s = %,.0f executions/s, %.0f µs each, %d history events each,"
                                + " ~%,d KB heap retained per finished execution%n",
                        round == 0 ? "warm-up" : "measured",
                        mode,
                        executions,
                        seconds,
                        executions / seconds,
                        seconds * 1e6 / executions,
                        events / executions,
                        Math.max(0, retained / executions / 1024));
            }
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + what);
        }
    }
}
