package io.aegisops.edge;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Json;
import io.aegisops.edge.BusyboxContainers.Httpd;
import io.aegisops.edge.ops.ResidentMemory;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints what the agent costs and how quickly it acts, measured on the agent as its own process with its
 * default settings (2 s poll interval, 60 s lease) against the DynamoDB engine, the recording Step Functions
 * server and a real container. Not part of the default test run:
 * {@code ./mvnw -B -pl edge-agent -am verify -Dtest=EdgeAgentBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (run {@code package} first to measure the shaded jar rather than the class path).
 */
@RequiresDockerEngine
@ExtendWith(DynamoDbExtension.class)
class EdgeAgentBenchmark {

    /** The JVM options of the Dockerfile: what the agent is meant to run with. */
    static final List<String> RECOMMENDED_JVM = List.of("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xss512k");
    private static final int PICKUPS = 20;
    private static final int RESTARTS = 10;
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final LocalDynamoDb dynamo;

    @TempDir
    Path dir;

    EdgeAgentBenchmark(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
    }

    @Test
    void printFigures() throws Exception {
        try (AgentHarness harness = new AgentHarness(dynamo); BusyboxContainers containers = new BusyboxContainers()) {
            Httpd web = containers.httpd();
            String config = """
                    {"httpPort": 0, "containers": [{"name": "%s", "allowedActions": ["RESTART", "PROBE", "INSPECT"],
                      "healthUrl": "%s", "stopTimeoutSeconds": 10}]}
                    """.formatted(web.name(), web.healthUrl());
            List<String> launch = new ArrayList<>(RECOMMENDED_JVM);
            launch.addAll(jarOrClassPath());
            report("launch", String.join(" ", launch.subList(0, RECOMMENDED_JVM.size())) + " " + launchedFrom(launch));

            try (ChildAgent agent = ChildAgent.start(dir, "bench", config, harness, launch)) {
                int opsPort = agent.awaitEvent("agent.started", WAIT).path("opsPort").asInt();
                agent.awaitEvent("agent.polling", WAIT);
                Thread.sleep(5_000);
                report("RSS after start", mib(ResidentMemory.of(agent.pid()).orElse(-1)));

                double before = requests(opsPort);
                Thread.sleep(IDLE.toMillis());
                double idlePerMinute = (requests(opsPort) - before) * 60_000.0 / IDLE.toMillis();
                report("idle requests per minute", "%.1f (DynamoDB Query, poll interval 2 s)".formatted(idlePerMinute));
                report("RSS idle", mib(ResidentMemory.of(agent.pid()).orElse(-1)));

                List<Long> pickups = new ArrayList<>();
                List<Long> probeAnswers = new ArrayList<>();
                for (int i = 0; i < PICKUPS; i++) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2_000));
                    Instant written = Instant.now();
                    Command probe = harness.write(web.name(), CommandType.PROBE, Map.of());
                    harness.stepFunctions.awaitAnswer(probe.taskToken(), WAIT);
                    Instant answered = Instant.now();
                    Command done = harness.table.awaitStatus(probe, CommandStatus.SUCCEEDED, WAIT);
                    long claimedAt = done.leaseUntil() - Duration.ofSeconds(60).toMillis();
                    pickups.add(claimedAt - written.toEpochMilli());
                    probeAnswers.add(Duration.between(written, answered).toMillis());
                }
                report("pickup write->claim (ms)", percentiles(pickups));
                report("PROBE write->answer (ms)", percentiles(probeAnswers));

                List<Long> restarts = new ArrayList<>();
                List<Long> restartAnswers = new ArrayList<>();
                for (int i = 0; i < RESTARTS; i++) {
                    Instant written = Instant.now();
                    Command restart = harness.write(web.name(), CommandType.RESTART, Map.of());
                    CommandResult result = Json.read(harness.stepFunctions.awaitAnswer(restart.taskToken(), WAIT).output(), CommandResult.class);
                    if (!result.success()) {
                        throw new AssertionError("restart failed: " + result.message());
                    }
                    restarts.add(result.durationMs());
                    restartAnswers.add(Duration.between(written, Instant.now()).toMillis());
                }
                report("RESTART duration as the agent sees it (ms)", percentiles(restarts));
                report("RESTART write->answer (ms)", percentiles(restartAnswers));
                report("RSS after " + (PICKUPS + RESTARTS) + " commands", mib(ResidentMemory.of(agent.pid()).orElse(-1)));
            }

            try (ChildAgent defaults = ChildAgent.start(dir, "defaults", config, harness, jarOrClassPath())) {
                defaults.awaitEvent("agent.polling", WAIT);
                Thread.sleep(10_000);
                report("RSS idle, default JVM options", mib(ResidentMemory.of(defaults.pid()).orElse(-1)));
            }
        }
    }

    private static List<String> jarOrClassPath() {
        Path jar = Path.of("target/edge-agent.jar");
        return Files.exists(jar) ? List.of("-jar", jar.toString())
                : List.of("-cp", System.getProperty("java.class.path"), EdgeAgent.class.getName());
    }

    private static String launchedFrom(List<String> launch) {
        return launch.contains("-jar") ? "-jar target/edge-agent.jar" : "(test class path)";
    }

    private static double requests(int opsPort) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher series = Pattern.compile("(?m)^aegis_edge_control_plane_requests_total\\{[^}]*} (\\d+)$").matcher(metrics);
            double total = 0;
            while (series.find()) {
                total += Double.parseDouble(series.group(1));
            }
            return total;
        }
    }

    private static String percentiles(List<Long> samples) {
        List<Long> sorted = samples.stream().sorted().toList();
        return "p50 %d, p95 %d, min %d, max %d (n=%d)".formatted(at(sorted, 0.50), at(sorted, 0.95),
                sorted.getFirst(), sorted.getLast(), sorted.size());
    }

    /** Nearest-rank percentile. */
    private static long at(List<Long> sorted, double p) {
        return sorted.get((int) Math.ceil(p * sorted.size()) - 1);
    }

    private static String mib(long bytes) {
        return "%.1f MiB".formatted(bytes / 1024.0 / 1024.0);
    }

    private static void report(String what, String value) {
        System.out.printf("BENCHMARK %-45s %s%n", what, value);
    }
}
