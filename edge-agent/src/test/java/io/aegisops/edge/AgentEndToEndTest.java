package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Json;
import io.aegisops.edge.BusyboxContainers.Httpd;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.ops.AgentHealth;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import io.aegisops.testsupport.RecordingStepFunctionsServer.Call;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole agent: commands written to the DynamoDB engine as the pipeline writes them, real containers on the
 * Docker engine, task tokens answered over the Step Functions wire protocol through the real SDK.
 */
@RequiresDockerEngine
@ExtendWith(DynamoDbExtension.class)
class AgentEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AgentHarness harness;
    private final BusyboxContainers containers = new BusyboxContainers();
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(containers.docker());
    private final Metrics metrics = new Metrics();
    private final CapturedLog log = new CapturedLog();

    AgentEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
    }

    @AfterEach
    void cleanUp() {
        harness.close();
        containers.close();
    }

    private AgentConfig config(ContainerConfig... allowed) {
        return TestConfigs.agent(harness.hostId, harness.dynamo.tablePrefix(), allowed);
    }

    private Agent started(AgentConfig config) {
        Agent agent = harness.agent(config, runtime, metrics, log, false);
        agent.start();
        return agent;
    }

    private static CommandResult output(Call answer) {
        return Json.read(answer.output(), CommandResult.class);
    }

    @Nested
    class ARestartCommand {

        @Test
        void restartsTheRealContainerAnswersTheTokenAndRecordsTheResult() throws Exception {
            Httpd web = containers.httpd();
            Instant firstStart = Instant.parse(containers.startedAt(web.name()));
            started(config(TestConfigs.container(web.name(), web.healthUrl())));

            Command command = harness.write(web.name(), CommandType.RESTART, Map.of("stopTimeoutSeconds", "2"));

            Call answer = harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT);
            assertThat(answer.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS);
            CommandResult result = output(answer);
            assertThat(result.commandId()).isEqualTo(command.commandId());
            assertThat(result.type()).isEqualTo(CommandType.RESTART);
            assertThat(result.success()).isTrue();
            assertThat(result.httpStatus()).isEqualTo(200);
            assertThat(result.before().startedAt()).isEqualTo(firstStart);
            assertThat(result.after().startedAt()).isAfter(firstStart);
            assertThat(Instant.parse(containers.startedAt(web.name())))
                    .isEqualTo(result.after().startedAt());

            Command recorded = harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);
            assertThat(recorded.result()).isEqualTo(result);
            assertThat(recorded.claimedBy()).startsWith(harness.hostId + "/agent-");
        }

        @Test
        void heartbeatsTheTokenAndRenewsTheLeaseWhileItWorks() throws Exception {
            String stubborn = containers.stubborn();
            started(TestConfigs.withLease(
                    config(TestConfigs.stoppingWithin(stubborn, 3)), Duration.ofSeconds(5), Duration.ofSeconds(1)));

            Command command = harness.write(stubborn, CommandType.RESTART, Map.of());
            Command claimed = harness.table.awaitStatus(command, CommandStatus.CLAIMED, WAIT);
            harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT);

            List<Call> heartbeats = harness.stepFunctions.calls(command.taskToken()).stream()
                    .filter(c -> c.operation().equals(RecordingStepFunctionsServer.HEARTBEAT))
                    .toList();
            assertThat(heartbeats).hasSizeGreaterThanOrEqualTo(3).allMatch(Call::accepted);
            Command done = harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);
            assertThat(done.leaseUntil()).isGreaterThan(claimed.leaseUntil());
        }

        @Test
        void inTheAgentsDryRunModeRestartsNothing() throws Exception {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());
            harness.agent(config(TestConfigs.container(web.name(), web.healthUrl())), runtime, metrics, log, true)
                    .start();

            Command command = harness.write(web.name(), CommandType.RESTART, Map.of());

            CommandResult result = output(harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT));
            assertThat(result.dryRun()).isTrue();
            assertThat(result.message()).startsWith("dry run: would restart");
            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
        }
    }

    @Nested
    class Refusal {

        @Test
        void ofAContainerNotAllowlistedIsAnsweredNotAllowedAndNothingRuns() throws Exception {
            Httpd listed = containers.httpd();
            Httpd unlisted = containers.httpd();
            String firstStart = containers.startedAt(unlisted.name());
            started(config(TestConfigs.container(listed.name(), listed.healthUrl())));

            Command command = harness.write(unlisted.name(), CommandType.RESTART, Map.of());

            Call answer = harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT);
            assertThat(answer.operation()).isEqualTo(RecordingStepFunctionsServer.FAILURE);
            assertThat(answer.error()).isEqualTo("Aegis.NotAllowed");
            assertThat(answer.cause()).contains(unlisted.name()).contains("not in the allowlist");
            Command recorded = harness.table.awaitStatus(command, CommandStatus.FAILED, WAIT);
            assertThat(recorded.result().message()).startsWith("Aegis.NotAllowed: ");
            assertThat(containers.startedAt(unlisted.name())).isEqualTo(firstStart);
            assertThat(metrics.value(AgentMetrics.COMMANDS, "type", "RESTART", "outcome", "refused"))
                    .isEqualTo(1);
        }

        @Test
        void ofACommandTypeTheAgentDoesNotKnowIsAnsweredInvalidCommand() throws Exception {
            Httpd web = containers.httpd();
            started(config(TestConfigs.container(web.name(), web.healthUrl())));
            String token = harness.stepFunctions.openTask();

            harness.table.putRaw(Map.of(
                    "hostId", AttributeValue.fromS(harness.hostId),
                    "commandId", AttributeValue.fromS("inc-x#exec#1"),
                    "type", AttributeValue.fromS("EXEC"),
                    "container", AttributeValue.fromS(web.name()),
                    "params", AttributeValue.fromM(Map.of("cmd", AttributeValue.fromS("rm -rf /"))),
                    "taskToken", AttributeValue.fromS(token),
                    "status", AttributeValue.fromS("PENDING")));

            Call answer = harness.stepFunctions.awaitAnswer(token, WAIT);
            assertThat(answer.error()).isEqualTo("Aegis.InvalidCommand");
            assertThat(answer.cause()).contains("EXEC");
            Map<String, AttributeValue> recorded = harness.table.raw(harness.hostId, "inc-x#exec#1");
            assertThat(recorded.get("status").s()).isEqualTo("FAILED");
            assertThat(recorded.get("result").m().get("message").s())
                    .startsWith("Aegis.InvalidCommand: command item cannot be read");
        }
    }

    @Nested
    class ACommandThatMustNotRun {

        @Test
        void becauseItIsTooOldIsExpiredAndAnsweredWithoutRunning() throws Exception {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());
            started(config(TestConfigs.container(web.name(), web.healthUrl())));

            Command stale = harness.table.put(CommandTable.pending(
                    harness.hostId,
                    web.name(),
                    CommandType.RESTART,
                    harness.stepFunctions.openTask(),
                    Map.of(),
                    false,
                    Instant.now().minus(Duration.ofHours(1))));

            Call answer = harness.stepFunctions.awaitAnswer(stale.taskToken(), WAIT);
            assertThat(answer.error()).isEqualTo("Aegis.CommandExpired");
            Command recorded = harness.table.awaitStatus(stale, CommandStatus.EXPIRED, WAIT);
            assertThat(recorded.claimedBy()).isNull();
            assertThat(recorded.result().message()).contains("waited longer than 600 s");
            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
        }

        @Test
        void becauseItsTaskAlreadyTimedOutIsRecordedAndNeitherRunNorRetried() throws Exception {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());
            Agent agent = harness.agent(
                    config(TestConfigs.container(web.name(), web.healthUrl())), runtime, metrics, log, false);
            Command command = harness.write(web.name(), CommandType.RESTART, Map.of());
            harness.stepFunctions.timeOut(command.taskToken());

            agent.runOnce();
            agent.runOnce();

            Command recorded = harness.table.get(command);
            assertThat(recorded.status()).isEqualTo(CommandStatus.EXPIRED);
            assertThat(recorded.result().message())
                    .isEqualTo("task already closed (TASK_CLOSED) before the command ran; not run");
            assertThat(harness.stepFunctions.calls(command.taskToken()))
                    .extracting(Call::operation)
                    .containsExactly(RecordingStepFunctionsServer.HEARTBEAT);
            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
        }

        @Test
        void whoseTaskTimesOutWhileItRunsIsFinishedRecordedAndNotAnsweredTwice() throws Exception {
            String stubborn = containers.stubborn();
            started(config(TestConfigs.stoppingWithin(stubborn, 2)));
            Command command = harness.write(stubborn, CommandType.RESTART, Map.of());
            harness.stepFunctions.awaitCall(command.taskToken(), RecordingStepFunctionsServer.HEARTBEAT, WAIT);

            harness.stepFunctions.timeOut(command.taskToken());

            Command recorded = harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);
            assertThat(recorded.result().message()).endsWith("(answer not delivered: TASK_CLOSED)");
            assertThat(harness.stepFunctions.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(call -> assertThat(call.rejectedWith()).isEqualTo("TaskTimedOut"));
            assertThat(metrics.value(AgentMetrics.ANSWERS, "result", "task_closed"))
                    .isEqualTo(1);
        }
    }

    @Nested
    class Shutdown {

        @Test
        void letsARunningRestartFinishAndAnswer() throws Exception {
            String stubborn = containers.stubborn();
            Agent agent = started(config(TestConfigs.stoppingWithin(stubborn, 2)));
            Command command = harness.write(stubborn, CommandType.RESTART, Map.of());
            // running, not merely heartbeated: close() releases a claim whose action has not begun
            log.awaitEvent("command.started", WAIT);

            agent.close();

            assertThat(harness.table.get(command).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(harness.stepFunctions.answers(command.taskToken()))
                    .singleElement()
                    .satisfies(
                            answer -> assertThat(answer.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS));
        }

        @Test
        void releasesAClaimWhoseActionHasNotStartedSoAnotherAgentRunsIt() throws Exception {
            Httpd web = containers.httpd();
            AgentConfig config = config(TestConfigs.container(web.name(), web.healthUrl()));
            Agent stopping = started(config);
            harness.stepFunctions.delayHeartbeats(Duration.ofMillis(800));
            Command command = harness.write(web.name(), CommandType.INSPECT, Map.of());
            harness.table.awaitStatus(command, CommandStatus.CLAIMED, WAIT);

            stopping.close();

            Command released = harness.table.get(command);
            assertThat(released.status()).isEqualTo(CommandStatus.PENDING);
            assertThat(released.claimedBy()).isNull();
            assertThat(harness.stepFunctions.answers(command.taskToken())).isEmpty();

            harness.stepFunctions.delayHeartbeats(Duration.ZERO);
            started(config);
            assertThat(harness.stepFunctions
                            .awaitAnswer(command.taskToken(), WAIT)
                            .operation())
                    .isEqualTo(RecordingStepFunctionsServer.SUCCESS);
        }
    }

    @Nested
    class Operability {

        @Test
        void logsOneJsonObjectPerLineAndNeverTheTaskToken() throws Exception {
            Httpd web = containers.httpd();
            started(config(TestConfigs.container(web.name(), web.healthUrl())));
            Command command = harness.write(web.name(), CommandType.PROBE, Map.of());
            harness.table.awaitStatus(command, CommandStatus.SUCCEEDED, WAIT);

            assertThat(log.events("command.claimed"))
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line.path("commandId").asText()).isEqualTo(command.commandId()));
            assertThat(log.events("command.finished")).singleElement().satisfies(line -> {
                assertThat(line.path("level").asText()).isEqualTo("INFO");
                assertThat(line.path("outcome").asText()).isEqualTo("succeeded");
                assertThat(line.path("type").asText()).isEqualTo("PROBE");
            });
            assertThat(log.text()).doesNotContain(command.taskToken());
        }

        @Test
        void reportsUpWhileTheControlPlaneAnswers() throws Exception {
            Httpd web = containers.httpd();
            Agent agent = started(config(TestConfigs.container(web.name(), web.healthUrl())));

            AgentHealth health = await().atMost(WAIT).until(agent::health, h -> h.status() == AgentHealth.Status.UP);
            assertThat(health.hostId()).isEqualTo(harness.hostId);
            assertThat(health.lastPollAt()).isNotNull();
            assertThat(metrics.total(AgentMetrics.POLLS)).isPositive();
        }
    }
}
