package io.aegisops.edge;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.EdgeQueues;
import io.aegisops.contracts.Json;
import io.aegisops.edge.BusyboxContainers.Httpd;
import io.aegisops.edge.ops.ResidentMemory;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Prints what the agent costs and how quickly it acts, measured on the agent as its own process with its
 * default settings (2 s poll interval, 60 s lease) against the DynamoDB engine, the recording Step Functions
 * server and a real container; then the same commands with the doorbell on (the SQS engine, each command rung),
 * since that is how the embedded stack runs it. The JVM options are the image's ({@code edge-agent.jvm.options});
 * {@code -Dbenchmark.nmt=true} adds native memory tracking and prints what the memory is made of. Not part of the
 * default test run:
 * {@code ./mvnw -B -pl edge-agent -am verify -Dtest=EdgeAgentBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (run {@code package} first to measure the shaded jar rather than the class path).
 */
@RequiresDockerEngine
@ExtendWith(DynamoDbExtension.class)
class EdgeAgentBenchmark {

    /** The JVM options file of the Dockerfile's ENTRYPOINT: what the agent is meant to run with. */
    private static final Path JVM_OPTIONS = jvmOptions();

    /** {@code -Dbenchmark.nmt=true}: the agent also tracks its native memory, and its summary is printed. */
    private static final boolean NMT = Boolean.getBoolean("benchmark.nmt");

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
        try (AgentHarness harness = new AgentHarness(dynamo);
                BusyboxContainers containers = new BusyboxContainers()) {
            Httpd web = containers.httpd();
            String config = """
                    {"httpPort": 0, "containers": [{"name": "%s", "allowedActions": ["RESTART", "PROBE", "INSPECT"],
                      "healthUrl": "%s", "stopTimeoutSeconds": 10}]}
                    """.formatted(web.name(), web.healthUrl());
            List<String> launch = new ArrayList<>(List.of("@" + JVM_OPTIONS));
            if (NMT) {
                launch.add("-XX:NativeMemoryTracking=summary");
            }
            launch.addAll(jarOrClassPath());
            report(
                    "launch",
                    Files.readString(JVM_OPTIONS)
                                    .lines()
                                    .filter(line -> !line.startsWith("#"))
                                    .collect(Collectors.joining(" "))
                            + (NMT ? " -XX:NativeMemoryTracking=summary " : " ")
                            + launchedFrom(launch));

            try (ChildAgent agent = ChildAgent.start(dir, "bench", config, harness, launch)) {
                int opsPort =
                        agent.awaitEvent("agent.started", WAIT).path("opsPort").asInt();
                agent.awaitEvent("agent.polling", WAIT);
                Thread.sleep(5_000);
                report("RSS after start", mib(ResidentMemory.of(agent.pid()).orElse(-1)));

                double before = requests(opsPort);
                Thread.sleep(IDLE.toMillis());
                double idlePerMinute = (requests(opsPort) - before) * 60_000.0 / IDLE.toMillis();
                report("idle requests per minute", "%.1f (DynamoDB Query, poll interval 2 s)".formatted(idlePerMinute));
                report("RSS idle", mib(ResidentMemory.of(agent.pid()).orElse(-1)));

                busy(harness, web, agent, "", command -> {});
                if (NMT) {
                    nativeMemory(agent.pid());
                }
            }

            try (SqsServer server = SqsServer.startOwning(SqsEngine.create());
                    SqsClient sqs = SqsClient.builder()
                            .endpointOverride(server.endpoint())
                            .region(Region.US_EAST_1)
                            .credentialsProvider(
                                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                            .httpClient(UrlConnectionHttpClient.create())
                            .build()) {
                String queue = EdgeQueues.nameFor("bench-", harness.hostId);
                String queueUrl = sqs.createQueue(b -> b.queueName(queue)).queueUrl();
                Map<String, String> doorbell =
                        Map.of("AWS_ENDPOINT_URL_SQS", server.endpoint().toString(), "AEGIS_DOORBELL_QUEUE", queue);
                try (ChildAgent agent = ChildAgent.start(dir, "doorbell", config, harness, launch, doorbell)) {
                    agent.awaitEvent("agent.started", WAIT);
                    Thread.sleep(5_000);
                    report(
                            "doorbell: RSS after start",
                            mib(ResidentMemory.of(agent.pid()).orElse(-1)));
                    busy(
                            harness,
                            web,
                            agent,
                            "doorbell: ",
                            command -> sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(command.commandId())));
                    if (NMT) {
                        nativeMemory(agent.pid());
                    }
                }
            }

            try (ChildAgent defaults = ChildAgent.start(dir, "defaults", config, harness, jarOrClassPath())) {
                defaults.awaitEvent("agent.polling", WAIT);
                Thread.sleep(10_000);
                report(
                        "RSS idle, default JVM options",
                        mib(ResidentMemory.of(defaults.pid()).orElse(-1)));
            }
        }
    }

    private static Path jvmOptions() {
        try {
            return Path.of(
                    EdgeAgent.class.getResource("/edge-agent.jvm.options").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The commands of a busy host: {@value #PICKUPS} PROBEs written at random moments, then {@value #RESTARTS}
     * RESTARTs, each rung with {@code ring} once written; prints their figures and the RSS after them.
     */
    private static void busy(AgentHarness harness, Httpd web, ChildAgent agent, String label, Consumer<Command> ring)
            throws Exception {
        List<Long> pickups = new ArrayList<>();
        List<Long> probeAnswers = new ArrayList<>();
        for (int i = 0; i < PICKUPS; i++) {
            Thread.sleep(ThreadLocalRandom.current().nextLong(0, 2_000));
            Instant written = Instant.now();
            Command probe = harness.write(web.name(), CommandType.PROBE, Map.of());
            ring.accept(probe);
            harness.stepFunctions.awaitAnswer(probe.taskToken(), WAIT);
            Instant answered = Instant.now();
            Command done = harness.table.awaitStatus(probe, CommandStatus.SUCCEEDED, WAIT);
            long claimedAt = done.leaseUntil() - Duration.ofSeconds(60).toMillis();
            pickups.add(claimedAt - written.toEpochMilli());
            probeAnswers.add(Duration.between(written, answered).toMillis());
        }
        report(label + "pickup write->claim (ms)", Percentiles.summary(pickups));
        report(label + "PROBE write->answer (ms)", Percentiles.summary(probeAnswers));

        List<Long> restarts = new ArrayList<>();
        List<Long> restartAnswers = new ArrayList<>();
        for (int i = 0; i < RESTARTS; i++) {
            Instant written = Instant.now();
            Command restart = harness.write(web.name(), CommandType.RESTART, Map.of());
            ring.accept(restart);
            CommandResult result = Json.read(
                    harness.stepFunctions.awaitAnswer(restart.taskToken(), WAIT).output(), CommandResult.class);
            if (!result.success()) {
                throw new AssertionError("restart failed: " + result.message());
            }
            restarts.add(result.durationMs());
            restartAnswers.add(Duration.between(written, Instant.now()).toMillis());
        }
        report(label + "RESTART duration as the agent sees it (ms)", Percentiles.summary(restarts));
        report(label + "RESTART write->answer (ms)", Percentiles.summary(restartAnswers));
        report(
                label + "RSS after " + (PICKUPS + RESTARTS) + " commands",
                mib(ResidentMemory.of(agent.pid()).orElse(-1)));
    }

    /** What NMT says the agent's memory is made of, committed per category (jcmd PID VM.native_memory summary). */
    private static void nativeMemory(long pid) throws Exception {
        String jcmd = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .resolveSibling("jcmd")
                .toString();
        Process summary = new ProcessBuilder(jcmd, Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true)
                .start();
        String text = new String(summary.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        summary.waitFor();
        Matcher category = Pattern.compile(
                        "(?m)^[-\\s]*(Total|[A-Z][\\w ]+?):? \\(?reserved=\\d+KB, committed=(\\d+)KB")
                .matcher(text);
        while (category.find()) {
            report(
                    "NMT committed " + category.group(1),
                    "%.1f MiB".formatted(Long.parseLong(category.group(2)) / 1024.0));
        }
    }

    private static List<String> jarOrClassPath() {
        Path jar = Path.of("target/edge-agent.jar");
        return Files.exists(jar)
                ? List.of("-jar", jar.toString())
                : List.of("-cp", System.getProperty("java.class.path"), EdgeAgent.class.getName());
    }

    private static String launchedFrom(List<String> launch) {
        return launch.contains("-jar") ? "-jar target/edge-agent.jar" : "(test class path)";
    }

    private static double requests(int opsPort) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPort + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher series = Pattern.compile("(?m)^aegis_edge_control_plane_requests_total\\{[^}]*} (\\d+)$")
                    .matcher(metrics);
            double total = 0;
            while (series.find()) {
                total += Double.parseDouble(series.group(1));
            }
            return total;
        }
    }

    private static String mib(long bytes) {
        return "%.1f MiB".formatted(bytes / 1024.0 / 1024.0);
    }

    private static void report(String what, String value) {
        System.out.printf("BENCHMARK %-45s %s%n", what, value);
    }
}
