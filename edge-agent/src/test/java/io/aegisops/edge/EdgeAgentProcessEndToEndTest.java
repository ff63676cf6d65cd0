package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.Json;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its own process, configured by its file and the environment as it is deployed. */
@ExtendWith(DynamoDbExtension.class)
class EdgeAgentProcessEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgentHarness harness;

    @TempDir
    Path dir;

    EdgeAgentProcessEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void inItsTryItOutModeAnswersWhatIsPendingAsADryRunAndExits() throws Exception {
        Command inspect = harness.write("worker", CommandType.INSPECT, Map.of());
        Command restart = harness.write("worker", CommandType.RESTART, Map.of());
        String config = """
                {
                  "runtime": "process",
                  "httpPort": -1,
                  "containers": [{"name": "worker", "allowedActions": ["RESTART", "INSPECT"],
                                  "process": {"command": ["sleep", "600"]}}]
                }
                """;

        try (ChildAgent agent = ChildAgent.start(dir, "once", config, harness, "--once", "--dry-run")) {
            assertThat(agent.awaitExit(WAIT)).isZero();

            CommandResult restarted = Json.read(harness.stepFunctions.awaitAnswer(restart.taskToken(), WAIT).output(), CommandResult.class);
            assertThat(restarted.dryRun()).isTrue();
            assertThat(restarted.message()).startsWith("dry run: would restart 'worker'");
            assertThat(restarted.before().status()).isEqualTo("running");
            assertThat(restarted.before().restartCount()).isZero();
            CommandResult inspected = Json.read(harness.stepFunctions.awaitAnswer(inspect.taskToken(), WAIT).output(), CommandResult.class);
            assertThat(inspected.before().status()).isEqualTo("running");
            assertThat(harness.table.get(restart).status()).isEqualTo(CommandStatus.SUCCEEDED);

            assertThat(agent.log().lines()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
            assertThat(agent.events("agent.started").getFirst().path("allowlist").path("worker").toString())
                    .isEqualTo("[\"RESTART\",\"INSPECT\"]");
            assertThat(agent.log()).doesNotContain(restart.taskToken());
        }
    }

    @Test
    void refusesToStartWhenTheDockerEngineDoesNotAnswer() throws Exception {
        String config = """
                {
                  "dockerHost": "unix:///nonexistent/docker.sock",
                  "containers": [{"name": "web", "allowedActions": ["INSPECT"]}]
                }
                """;

        try (ChildAgent agent = ChildAgent.start(dir, "no-docker", config, harness)) {
            assertThat(agent.awaitExit(WAIT)).isEqualTo(EdgeAgent.EXIT_UNREACHABLE);
            assertThat(agent.events("agent.cannot_start")).singleElement().satisfies(line -> assertThat(line.path("reason").asText())
                    .startsWith("cannot reach the docker runtime at unix:///nonexistent/docker.sock: "));
            assertThat(agent.events("agent.started")).isEmpty();
        }
    }

    @Test
    void onSigtermFinishesTheRestartItIsRunningAnswersAndExits() throws Exception {
        Command restart = harness.write("stubborn", CommandType.RESTART, Map.of());
        String config = """
                {
                  "runtime": "process",
                  "httpPort": -1,
                  "containers": [{"name": "stubborn", "allowedActions": ["RESTART"], "stopTimeoutSeconds": 2,
                                  "process": {"command": ["sh", "-c", "trap '' TERM; echo up; while true; do sleep 0.2; done"]}}]
                }
                """;

        try (ChildAgent agent = ChildAgent.start(dir, "sigterm", config, harness)) {
            agent.awaitEvent("command.started", WAIT);
            agent.terminate();

            assertThat(agent.awaitExit(WAIT)).as("the JVM's exit status after SIGTERM").isEqualTo(143);
            assertThat(harness.table.get(restart).status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(harness.stepFunctions.answers(restart.taskToken())).singleElement()
                    .satisfies(answer -> assertThat(answer.operation()).isEqualTo(RecordingStepFunctionsServer.SUCCESS));
            assertThat(agent.events("command.finished").getFirst().path("message").asText()).startsWith("restarted 'stubborn'");
            assertThat(agent.events("agent.stopped")).hasSize(1);
        }
    }
}
