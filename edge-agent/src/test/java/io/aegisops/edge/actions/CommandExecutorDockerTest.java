package io.aegisops.edge.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandParams;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.edge.BusyboxContainers;
import io.aegisops.edge.BusyboxContainers.Httpd;
import io.aegisops.edge.CommandTable;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.runtime.DockerContainerRuntime;
import io.aegisops.testsupport.DockerEngine;
import io.aegisops.testsupport.RequiresDockerEngine;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each action against real containers of the local Docker engine, health checked over real HTTP. */
@RequiresDockerEngine
class CommandExecutorDockerTest {

    private static final String HOST = "edge-test";

    private final BusyboxContainers containers = new BusyboxContainers();
    private final DockerContainerRuntime runtime = new DockerContainerRuntime(containers.docker());
    private final HealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));

    @AfterEach
    void cleanUp() {
        containers.close();
    }

    private CommandExecutor executor(ContainerConfig... allowed) {
        AgentConfig config = TestConfigs.agent(HOST, "unused-", allowed);
        return new CommandExecutor(config, runtime, probe, Duration.ofMillis(200), Duration.ofMillis(600));
    }

    private static Command command(String container, CommandType type, Map<String, String> params, boolean dryRun) {
        return CommandTable.pending(HOST, container, type, "token", params, dryRun);
    }

    @Nested
    class Restart {

        @Test
        void restartsTheContainerAndWaitsUntilItsHealthUrlAnswers() {
            Httpd web = containers.httpd();
            Instant firstStart = Instant.parse(containers.startedAt(web.name()));

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.RESTART, Map.of(), false), false);

            CommandResult result = outcome.result();
            assertThat(outcome.isFailure()).isFalse();
            assertThat(outcome.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(result.success()).isTrue();
            assertThat(result.dryRun()).isFalse();
            assertThat(result.httpStatus()).isEqualTo(200);
            assertThat(result.before().status()).isEqualTo("running");
            assertThat(result.before().startedAt()).isEqualTo(firstStart);
            assertThat(result.after().status()).isEqualTo("running");
            assertThat(result.after().startedAt()).isAfter(firstStart);
            assertThat(result.message())
                    .startsWith("restarted '" + web.name() + "': running and GET " + web.healthUrl() + " answered 200");
            assertThat(result.durationMs()).isPositive();
        }

        @Test
        void waitsForTheDockerHealthCheckToSayHealthy() throws Exception {
            Httpd web = containers.httpdWithHealthCheck();
            containers.awaitHealthy(web.name(), Duration.ofSeconds(10));

            Outcome outcome = executor(TestConfigs.container(web.name(), null))
                    .execute(command(web.name(), CommandType.RESTART, Map.of(), false), false);

            assertThat(outcome.result().success()).isTrue();
            assertThat(outcome.result().before().health()).isEqualTo("healthy");
            assertThat(outcome.result().after().health()).isEqualTo("healthy");
            assertThat(outcome.result().message()).endsWith("running and healthy");
        }

        @Test
        void startsAnExitedContainerAndReportsWhenItDoesNotStayUp() throws Exception {
            String crashing = containers.exited(3);

            Outcome outcome = executor(TestConfigs.container(crashing, null))
                    .execute(command(crashing, CommandType.RESTART, Map.of(), false), false);

            assertThat(outcome.isFailure()).isFalse();
            assertThat(outcome.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().before().exitCode()).isEqualTo(3);
            assertThat(outcome.result().after().status()).isEqualTo("exited");
            assertThat(outcome.result().message()).contains("did not come back").contains("exited with code 3");
        }

        @Test
        void reportsUnhealthyWhenTheHealthUrlNeverAnswersWithinTheReadyTimeout() {
            Httpd web = containers.httpd();
            URI wrongPort = URI.create("http://127.0.0.1:" + BusyboxContainers.freePort() + "/health");
            ContainerConfig config = new ContainerConfig(
                    web.name(), TestConfigs.container(web.name(), null).allowedActions(), wrongPort, 2, 1, 3, null);

            Outcome outcome =
                    executor(config).execute(command(web.name(), CommandType.RESTART, Map.of(), false), false);

            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().after().status()).isEqualTo("running");
            assertThat(outcome.result().message())
                    .contains("did not come back within 1 s")
                    .contains(wrongPort.toString());
        }

        @Test
        void neverWaitsLongerToStopThanConfiguredWhateverTheCommandAsks() {
            String stubborn = containers.stubborn();
            ContainerConfig oneSecond = new ContainerConfig(
                    stubborn, TestConfigs.container(stubborn, null).allowedActions(), null, 1, 15, 3, null);

            Outcome outcome = executor(oneSecond)
                    .execute(command(stubborn, CommandType.RESTART, Map.of("stopTimeoutSeconds", "120"), false), false);

            assertThat(outcome.result().success()).isTrue();
            assertThat(outcome.result().durationMs()).isLessThan(30_000);
        }

        @Test
        void asADryRunTouchesNothingAndSaysWhatItWouldDo() {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.RESTART, Map.of(), true), false);

            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
            assertThat(outcome.result().dryRun()).isTrue();
            assertThat(outcome.result().success()).isTrue();
            assertThat(outcome.result().before().status()).isEqualTo("running");
            assertThat(outcome.result().after()).isNull();
            assertThat(outcome.result().message())
                    .isEqualTo("dry run: would restart '" + web.name()
                            + "' (stop timeout 2 s) and wait up to 15 s for it to run, and " + web.healthUrl()
                            + " to answer 2xx");
        }

        @Test
        void isADryRunWhenTheAgentForcesIt() {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.RESTART, Map.of(), false), true);

            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
            assertThat(outcome.result().dryRun()).isTrue();
        }
    }

    @Nested
    class Refusal {

        @Test
        void ofAContainerNotInTheAllowlistRunsNothing() {
            Httpd listed = containers.httpd();
            Httpd unlisted = containers.httpd();
            String firstStart = containers.startedAt(unlisted.name());

            Outcome outcome = executor(TestConfigs.container(listed.name(), listed.healthUrl()))
                    .execute(command(unlisted.name(), CommandType.RESTART, Map.of(), false), false);

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(outcome.cause())
                    .isEqualTo("container '" + unlisted.name()
                            + "' is not in the allowlist of agent for host 'edge-test'");
            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().message()).startsWith("Aegis.NotAllowed: ");
            assertThat(containers.startedAt(unlisted.name())).isEqualTo(firstStart);
        }

        @Test
        void ofAnActionNotAllowedForTheContainerRunsNothing() {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());

            Outcome outcome = executor(
                            TestConfigs.container(web.name(), web.healthUrl(), CommandType.INSPECT, CommandType.PROBE))
                    .execute(command(web.name(), CommandType.RESTART, Map.of(), false), false);

            assertThat(outcome.error()).isEqualTo(AegisError.NOT_ALLOWED);
            assertThat(outcome.cause())
                    .isEqualTo("RESTART is not allowed for container '" + web.name() + "' (allowed: [PROBE, INSPECT])");
            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
        }

        @Test
        void ofABadParameterRunsNothing() {
            Httpd web = containers.httpd();
            String firstStart = containers.startedAt(web.name());

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(
                            command(web.name(), CommandType.RESTART, Map.of("stopTimeoutSeconds", "-5"), false), false);

            assertThat(outcome.error()).isEqualTo(AegisError.INVALID_COMMAND);
            assertThat(outcome.cause()).contains("params.stopTimeoutSeconds '-5'");
            assertThat(containers.startedAt(web.name())).isEqualTo(firstStart);
        }

        @Test
        void ofAnAllowedContainerTheEngineDoesNotHaveSaysSo() {
            String missing = "edge-agent-test-removed-container";

            Outcome outcome = executor(TestConfigs.container(missing, null))
                    .execute(command(missing, CommandType.INSPECT, Map.of(), false), false);

            assertThat(outcome.error()).isEqualTo(AegisError.CONTAINER_NOT_FOUND);
            assertThat(outcome.cause()).contains(missing);
        }
    }

    @Nested
    class Probe {

        @Test
        void ofAHealthyContainerSucceedsAtTheFirstAttempt() {
            Httpd web = containers.httpd();

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.PROBE, Map.of(), false), false);

            assertThat(outcome.result().success()).isTrue();
            assertThat(outcome.result().httpStatus()).isEqualTo(200);
            assertThat(outcome.result().message())
                    .isEqualTo("healthy after 1 of 3 attempt(s): GET " + web.healthUrl() + " answered 200");
        }

        @Test
        void ofAStoppedServiceFailsAfterEveryAttempt() {
            Httpd web = containers.httpd();
            containers.docker().stopContainerCmd(web.name()).withTimeout(1).exec();

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.PROBE, Map.of("attempts", "2"), false), false);

            assertThat(outcome.isFailure()).isFalse();
            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().httpStatus()).isNull();
            assertThat(outcome.result().before().status()).isEqualTo("exited");
            assertThat(outcome.result().message())
                    .startsWith("unhealthy after 2 of 2 attempt(s): GET " + web.healthUrl() + " failed");
        }

        @Test
        void ofAPathThatIsNotThereReportsTheStatus() {
            Httpd web = containers.httpd();
            URI missingPage = URI.create("http://127.0.0.1:" + web.port() + "/nothing-here");

            Outcome outcome = executor(TestConfigs.container(web.name(), missingPage))
                    .execute(command(web.name(), CommandType.PROBE, Map.of("attempts", "1"), false), false);

            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().httpStatus()).isEqualTo(404);
        }

        @Test
        void withoutAHealthUrlJudgesByTheContainerState() throws Exception {
            String crashed = containers.exited(3);

            Outcome outcome = executor(TestConfigs.container(crashed, null))
                    .execute(command(crashed, CommandType.PROBE, Map.of(), false), false);

            assertThat(outcome.result().success()).isFalse();
            assertThat(outcome.result().message())
                    .contains("no health URL configured")
                    .contains("status exited");
        }
    }

    @Nested
    class Inspect {

        @Test
        void ofAnExitedContainerReportsItsExitCodeAndLastLogLines() throws Exception {
            String crashed = containers.exited(3);

            Outcome outcome = executor(TestConfigs.container(crashed, null))
                    .execute(command(crashed, CommandType.INSPECT, Map.of(), false), false);

            CommandResult result = outcome.result();
            assertThat(result.success()).isTrue();
            assertThat(result.before().status()).isEqualTo("exited");
            assertThat(result.before().exitCode()).isEqualTo(3);
            assertThat(result.before().oomKilled()).isFalse();
            assertThat(result.before().restartCount()).isZero();
            assertThat(result.logs()).isEqualTo("starting\nfatal: out of cheese\n");
            assertThat(result.message())
                    .startsWith(
                            "'" + crashed + "': status exited, exit code 3, OOM-killed false, restarts 0, started ");
        }

        @Test
        void ofARunningContainerReportsTheWholeEvidence() {
            Httpd web = containers.httpdWithLimits(64L << 20, 0.5);

            Outcome outcome = executor(TestConfigs.container(web.name(), web.healthUrl()))
                    .execute(command(web.name(), CommandType.INSPECT, Map.of(), false), false);

            ContainerState evidence = outcome.result().before();
            assertThat(evidence.status()).isEqualTo("running");
            assertThat(evidence.image()).isEqualTo(DockerEngine.BUSYBOX_IMAGE);
            assertThat(evidence.healthProbe().url()).isEqualTo(web.healthUrl().toString());
            assertThat(evidence.healthProbe().httpStatus()).isEqualTo(200);
            assertThat(evidence.healthProbe().latencyMillis()).isNotNegative();
            assertThat(evidence.healthProbe().error()).isNull();
            assertThat(evidence.resources().memoryLimitBytes()).isEqualTo(64L << 20);
            assertThat(evidence.resources().memoryBytes()).isPositive();
            assertThat(outcome.result().message())
                    .contains(", image " + DockerEngine.BUSYBOX_IMAGE)
                    .contains(" MiB of 64.0 MiB, CPU ")
                    .contains(" of 0.50 cores")
                    .contains(", GET " + web.healthUrl() + " answered 200 in ");
        }

        @Test
        void ofAContainerWhoseHealthUrlDoesNotAnswerSaysWhy() {
            String name = containers.httpd().name();
            URI nobody = URI.create("http://127.0.0.1:" + BusyboxContainers.freePort() + "/health");

            Outcome outcome = executor(TestConfigs.container(name, nobody))
                    .execute(command(name, CommandType.INSPECT, Map.of(), false), false);

            assertThat(outcome.result().success())
                    .as("the evidence was collected")
                    .isTrue();
            assertThat(outcome.result().before().healthProbe().httpStatus()).isNull();
            assertThat(outcome.result().before().healthProbe().error()).startsWith("ConnectException");
            assertThat(outcome.result().before().healthProbe().healthy()).isFalse();
        }

        @Test
        void runsAsUsualOnADryRunBecauseItChangesNothing() throws Exception {
            String crashed = containers.exited(3);

            Outcome outcome = executor(TestConfigs.container(crashed, null))
                    .execute(command(crashed, CommandType.INSPECT, Map.of(), true), false);

            assertThat(outcome.result().dryRun()).isTrue();
            assertThat(outcome.result().before().exitCode()).isEqualTo(3);
        }
    }

    @Nested
    class Logs {

        @Test
        void returnsAsManyLastLinesAsAsked() throws Exception {
            String crashed = containers.exited(3);

            Outcome outcome = executor(TestConfigs.container(crashed, null))
                    .execute(command(crashed, CommandType.LOGS, Map.of(CommandParams.LOG_LINES, "1"), false), false);

            assertThat(outcome.result().logs()).isEqualTo("fatal: out of cheese\n");
            assertThat(outcome.result().message()).isEqualTo("last 1 log line(s) of '" + crashed + "'");
        }
    }
}
