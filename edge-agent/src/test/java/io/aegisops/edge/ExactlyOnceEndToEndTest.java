package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.edge.BusyboxContainers.Httpd;
import io.aegisops.edge.BusyboxContainers.Signals;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import io.aegisops.testsupport.RecordingStepFunctionsServer.Call;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command runs twice: two agents serving one host race for the same commands, and an agent dies (or
 * freezes) half-way through a restart while another takes over the host.
 */
@RequiresDockerEngine
@ExtendWith(DynamoDbExtension.class)
class ExactlyOnceEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgentHarness harness;
    private final BusyboxContainers containers = new BusyboxContainers();
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(containers.docker());
    private final List<ChildAgent> children = new ArrayList<>();

    @TempDir
    Path dir;

    ExactlyOnceEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
    }

    @AfterEach
    void cleanUp() {
        children.forEach(ChildAgent::close);
        harness.close();
        containers.close();
    }

    @Nested
    class TwoAgentsServingOneHost {

        @Test
        void runEachCommandExactlyOnceBetweenThem() throws Exception {
            Httpd web = containers.httpd();
            Httpd api = containers.httpd();
            Instant since = Instant.now();
            AgentConfig config = TestConfigs.agent(
                    harness.hostId,
                    harness.dynamo.tablePrefix(),
                    TestConfigs.container(web.name(), web.healthUrl()),
                    TestConfigs.container(api.name(), api.healthUrl()));
            List<Command> commands = new ArrayList<>();
            IntStream.range(0, 20)
                    .forEach(i -> commands.add(
                            harness.write(web.name(), CommandType.INSPECT, Map.of(CommandParams.LOG_LINES, "5"))));
            commands.add(harness.write(web.name(), CommandType.RESTART, Map.of()));
            commands.add(harness.write(api.name(), CommandType.RESTART, Map.of()));
            Metrics metricsA = new Metrics();
            Metrics metricsB = new Metrics();
            Agent a = harness.agent(config, runtime, metricsA, new CapturedLog(), false);
            Agent b = harness.agent(config, runtime, metricsB, new CapturedLog(), false);

            a.start();
            b.start();

            for (Command command : commands) {
                harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT);
                Command done = harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);
                assertThat(done.claimedBy()).isIn(a.agentId(), b.agentId());
            }
            for (Command command : commands) {
                assertThat(harness.stepFunctions.answers(command.taskToken()))
                        .as("answers to %s", command.commandId())
                        .singleElement()
                        .satisfies(call -> {
                            assertThat(call.accepted()).isTrue();
                            assertThat(call.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS);
                        });
            }
            assertThat(metricsA.total(AgentMetrics.CLAIMS) + metricsB.total(AgentMetrics.CLAIMS))
                    .isEqualTo(commands.size());
            assertThat(metricsA.total(AgentMetrics.COMMANDS) + metricsB.total(AgentMetrics.COMMANDS))
                    .isEqualTo(commands.size());
            assertThat(containers.restarts(web.name(), since)).isEqualTo(1);
            assertThat(containers.restarts(api.name(), since)).isEqualTo(1);
        }
    }

    @Nested
    class AnAgentKilledHalfWayThroughARestart {

        @Test
        void isNotReplayedByTheAgentThatTakesOverTheHost() throws Exception {
            String stubborn = containers.stubborn();
            Instant since = Instant.now();
            Signals signals = containers.watchSignals(stubborn);
            Command command = harness.write(stubborn, CommandType.RESTART, Map.of());
            ChildAgent first = child("first", stubborn);
            harness.stepFunctions.awaitCall(command.taskToken(), RecordingStepFunctionsServer.HEARTBEAT, WAIT);
            Command claimed = harness.table.awaitStatus(command, CommandStatus.CLAIMED, WAIT);
            awaitInsideTheRestart(signals);

            first.kill();
            ChildAgent second = child("second", stubborn);

            Command abandoned = harness.table.awaitStatus(command, CommandStatus.FAILED, WAIT);
            assertThat(claimed.claimedBy()).startsWith(harness.hostId + "/agent-" + first.pid() + "-");
            assertThat(abandoned.claimedBy()).isEqualTo(claimed.claimedBy());
            assertThat(abandoned.result().success()).isFalse();
            assertThat(abandoned.result().message())
                    .contains("claimed by " + claimed.claimedBy())
                    .contains("marked abandoned")
                    .contains("never re-run");
            second.awaitEvent("command.abandoned", WAIT);
            int opsPort =
                    second.awaitEvent("agent.started", WAIT).path("opsPort").asInt();
            String metrics = get(opsPort, "/metrics");
            assertThat(metrics)
                    .contains("aegis_edge_commands_total{type=\"RESTART\",outcome=\"abandoned\"} 1")
                    .contains("\naegis_edge_claims_total 0\n");

            // the second agent keeps polling; the command stays as it is
            long pollsThen = polls(metrics);
            await().atMost(WAIT).until(() -> polls(get(opsPort, "/metrics")) >= pollsThen + 3);
            assertThat(harness.table.get(command).status()).isEqualTo(CommandStatus.FAILED);
            assertThat(second.events("command.claimed")).isEmpty();
            assertThat(harness.stepFunctions.answers(command.taskToken()))
                    .as("nobody answers: the task's heartbeat timeout escalates the incident")
                    .isEmpty();
            assertThat(containers.restarts(stubborn, since))
                    .as("restarts (the engine may finish the one begun)")
                    .isLessThanOrEqualTo(1);
        }
    }

    @Nested
    class AnAgentFrozenHalfWayThroughARestart {

        @Test
        void finishesItAndRecordsTheTruthWhileNoOtherAgentReplaysIt() throws Exception {
            String stubborn = containers.stubborn();
            Instant since = Instant.now();
            Signals signals = containers.watchSignals(stubborn);
            Command command = harness.write(stubborn, CommandType.RESTART, Map.of());
            ChildAgent frozen = child("frozen", stubborn);
            harness.stepFunctions.awaitCall(command.taskToken(), RecordingStepFunctionsServer.HEARTBEAT, WAIT);
            Command claimed = harness.table.awaitStatus(command, CommandStatus.CLAIMED, WAIT);
            awaitInsideTheRestart(signals);

            frozen.freeze();
            Metrics otherMetrics = new Metrics();
            AgentConfig config = TestConfigs.agent(
                    harness.hostId, harness.dynamo.tablePrefix(), TestConfigs.stoppingWithin(stubborn, 5));
            harness.agent(config, runtime, otherMetrics, new CapturedLog(), false)
                    .start();
            harness.table.awaitStatus(command, CommandStatus.FAILED, WAIT);
            frozen.thaw();

            Command done = harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);
            assertThat(done.claimedBy()).isEqualTo(claimed.claimedBy());
            assertThat(done.result().success()).isTrue();
            Call answer = harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT);
            assertThat(answer.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS);
            assertThat(harness.stepFunctions.answers(command.taskToken())).hasSize(1);
            assertThat(otherMetrics.total(AgentMetrics.CLAIMS)).isZero();
            assertThat(otherMetrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "abandoned"))
                    .isEqualTo(1);
            assertThat(containers.restarts(stubborn, since)).isEqualTo(1);
            assertThat(frozen.events("command.lease_lost")).isNotEmpty();
        }
    }

    private ChildAgent child(String name, String container) {
        String config = """
                {
                  "pollIntervalMs": 100,
                  "leaseSeconds": 5,
                  "heartbeatSeconds": 2,
                  "concurrency": 1,
                  "httpPort": 0,
                  "containers": [{"name": "%s", "allowedActions": ["RESTART"], "stopTimeoutSeconds": 5}]
                }
                """.formatted(container);
        ChildAgent child = ChildAgent.start(dir, name, config, harness);
        children.add(child);
        return child;
    }

    /** The engine has sent the container SIGTERM: the restart began, and the container takes 5 s to stop. */
    private static void awaitInsideTheRestart(Signals signals) {
        await().atMost(WAIT).until(() -> !signals.received().isEmpty());
    }

    private static long polls(String metrics) {
        Matcher polls = Pattern.compile("(?m)^aegis_edge_polls_total (\\d+)$").matcher(metrics);
        assertThat(polls.find()).as("polls in %s", metrics).isTrue();
        return Long.parseLong(polls.group(1));
    }

    private static String get(int port, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }
}
