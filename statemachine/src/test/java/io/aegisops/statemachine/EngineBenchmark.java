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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Prints the engine's throughput; not part of the default test run (the name does not end in Test).
 * Run: {@code ./mvnw -B -q -pl statemachine test -Dtest=EngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <ul>
 *   <li>state transitions per second on a chain of Pass states (history recorded, as always), against
 *       aws-local-stepfunctions (a Node interpreter, installed with npm into {@code target/peer}) running the same
 *       chain in the same run, as a ratio per trial and their median;</li>
 *   <li>the engine's own cost per pipeline execution (AUTO branch, 15 tasks) when every function answers at
 *       once and the edge agent answers each token immediately: first on the calling thread, then on the
 *       default virtual-thread workers with many executions in flight.</li>
 * </ul>
 */
class EngineBenchmark {

    private static final int CHAIN = 5_000;
    private static final int CHAIN_EXECUTIONS = 40;
    private static final int PEER_TRIALS = 3;
    private static final String PEER_PACKAGE = "aws-local-stepfunctions@3.0.0";

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
        String input = "{\"carry\": {\"incidentId\": \"inc-1\", \"service\": \"buggy-app\", \"note\": \""
                + "x".repeat(200) + "\"}}";
        Peer peer = Peer.prepare(definition, input);
        try (StepFunctionsEngine engine = new StepFunctionsEngine(
                EngineConfig.defaults()
                        .withTimers(new ManualTimers(Instant.now()))
                        .withWorkers(Runnable::run),
                request -> request.parameters())) {
            String machine =
                    engine.createStateMachine("chain", definition, null).stateMachineArn();
            System.out.printf("warm-up Pass chain: %,.0f transitions/s%n", passChainRound(engine, machine, input));
            List<Double> ratios = new ArrayList<>();
            for (int trial = 1; trial <= PEER_TRIALS; trial++) {
                double ours = passChainRound(engine, machine, input);
                OptionalDouble theirs = peer.transitionsPerSecond();
                System.out.printf("measured Pass chain, trial %d: %,.0f transitions/s", trial, ours);
                if (theirs.isPresent()) {
                    ratios.add(ours / theirs.getAsDouble());
                    System.out.printf(
                            ", aws-local-stepfunctions %,.0f transitions/s = %.2fx",
                            theirs.getAsDouble(), ours / theirs.getAsDouble());
                }
                System.out.println();
            }
            if (!ratios.isEmpty()) {
                Collections.sort(ratios);
                System.out.printf(
                        "Pass chain ÷ aws-local-stepfunctions: median %.2fx, worst %.2fx, best %.2fx (%d trials)%n",
                        ratios.get(ratios.size() / 2), ratios.getFirst(), ratios.getLast(), ratios.size());
            }
        }
    }

    /** Transitions per second over {@link #CHAIN_EXECUTIONS} executions of the chain, one after another. */
    private static double passChainRound(StepFunctionsEngine engine, String machine, String input) {
        long start = System.nanoTime();
        for (int i = 0; i < CHAIN_EXECUTIONS; i++) {
            ExecutionInfo info = engine.startExecution(machine, null, input);
            require(
                    engine.describeExecution(info.executionArn()).status() == ExecutionStatus.SUCCEEDED,
                    "chain finished");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return (double) CHAIN_EXECUTIONS * CHAIN / seconds;
    }

    /**
     * aws-local-stepfunctions (a Node interpreter) running the same chain with the same input, installed with npm into
     * {@code target/peer}; absent (and the comparison skipped) where node or npm is missing.
     */
    private record Peer(Path directory, boolean available) {

        static Peer prepare(String definition, String input) throws IOException, InterruptedException {
            Path directory = Path.of("target", "peer").toAbsolutePath();
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("definition.json"), definition);
            Files.writeString(directory.resolve("input.json"), input);
            try (InputStream script = EngineBenchmark.class.getResourceAsStream("/peer/pass-chain.mjs")) {
                Files.write(
                        directory.resolve("pass-chain.mjs"),
                        Objects.requireNonNull(script).readAllBytes());
            }
            boolean installed = Files.isDirectory(directory.resolve("node_modules/aws-local-stepfunctions"))
                    || run(
                                    directory,
                                    "npm",
                                    "install",
                                    "--no-save",
                                    "--no-audit",
                                    "--no-fund",
                                    "--prefix",
                                    ".",
                                    PEER_PACKAGE)
                            .isPresent();
            if (!installed) {
                System.out.println("aws-local-stepfunctions unavailable (node/npm missing?): comparison skipped");
            }
            return new Peer(directory, installed);
        }

        /** The peer's measured round (after its own warm-up round), in a fresh node process. */
        OptionalDouble transitionsPerSecond() throws IOException, InterruptedException {
            if (!available) {
                return OptionalDouble.empty();
            }
            Optional<String> printed = run(
                    directory,
                    "node",
                    "pass-chain.mjs",
                    "definition.json",
                    "input.json",
                    String.valueOf(CHAIN_EXECUTIONS),
                    String.valueOf(CHAIN));
            return printed.flatMap(text -> text.lines()
                            .filter(line -> line.startsWith("measured "))
                            .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                            .findFirst())
                    .map(value -> OptionalDouble.of(Double.parseDouble(value)))
                    .orElse(OptionalDouble.empty());
        }

        private static Optional<String> run(Path directory, String... command)
                throws IOException, InterruptedException {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException missing) {
                return Optional.empty();
            }
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                System.out.println(String.join(" ", command) + " failed:\n" + printed);
                return Optional.empty();
            }
            return Optional.of(printed);
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
