package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Json;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime's promise, with real processes: an agent (its own JVM) supervises a web server; the agent is
 * killed (SIGKILL) and the server runs on; a new agent adopts it instead of starting a second copy; then one fault
 * (the server killed) and one RESTART, and the server answers again, one copy, restarted once. Commands go through
 * the DynamoDB engine and the Step Functions wire protocol, as the pipeline writes them.
 */
@ExtendWith(DynamoDbExtension.class)
class SupervisorSurvivesItsAgentEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final AgentHarness harness;
    private final int port = BusyboxContainers.freePort();
    private final URI healthUrl = URI.create("http://127.0.0.1:" + port + "/health");
    private final HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @TempDir
    Path www;

    SupervisorSurvivesItsAgentEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
    }

    @AfterEach
    void stop() {
        // whatever went wrong, no web server outlives the test
        recordedPid().flatMap(ProcessHandle::of).ifPresent(server -> {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly();
        });
        harness.close();
    }

    private String config() throws Exception {
        Files.writeString(www.resolve("health"), "ok\n");
        String jwebserver = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .resolveSibling("jwebserver")
                .toString();
        return """
                {
                  "runtime": "process",
                  "httpPort": -1,
                  "pollIntervalMs": 100,
                  "containers": [{"name": "web", "allowedActions": ["RESTART", "PROBE", "INSPECT", "LOGS"],
                                  "healthUrl": "%s", "stopTimeoutSeconds": 5, "readyTimeoutSeconds": 30,
                                  "process": {"command": ["%s", "-b", "127.0.0.1", "-p", "%d", "-d", "%s"]}}]
                }
                """.formatted(healthUrl, jwebserver, port, www);
    }

    /** The web server's pid, as the agents record it in their state directory. */
    private Optional<Long> recordedPid() {
        Path pidFile = ChildAgent.stateDir(dir).resolve("web.pid");
        try {
            return Files.isRegularFile(pidFile)
                    ? Optional.of(
                            Json.mapper().readTree(pidFile.toFile()).get("pid").asLong())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Web servers serving this test's port: the copies. */
    private List<Long> servers() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .arguments()
                        .map(args -> List.of(args).contains(Integer.toString(port)))
                        .orElse(false))
                .map(ProcessHandle::pid)
                .toList();
    }

    private CommandResult run(CommandType type) throws InterruptedException {
        Command command = harness.write("web", type, Map.of());
        CommandResult result = Json.read(
                harness.stepFunctions.awaitAnswer(command.taskToken(), WAIT).output(), CommandResult.class);
        harness.table.awaitStatus(command, result.success() ? CommandStatus.SUCCEEDED : CommandStatus.FAILED, WAIT);
        return result;
    }

    @Test
    void aNewAgentAdoptsWhatAKilledAgentLeftAndHealsOneFaultWithOneRestart() throws Exception {
        String config = config();
        ChildAgent first = ChildAgent.start(dir, "first", config, harness);
        first.awaitEvent("agent.started", WAIT);
        await().atMost(WAIT).until(() -> probe.check(healthUrl).healthy());
        long server = recordedPid().orElseThrow();

        first.kill();

        assertThat(probe.check(healthUrl).healthy())
                .as("the server outlives its agent")
                .isTrue();
        try (ChildAgent second = ChildAgent.start(dir, "second", config, harness)) {
            second.awaitEvent("agent.started", WAIT);
            JsonNode adopted = second.events("supervisor.adopted").getFirst();
            assertThat(adopted.path("pid").asLong()).isEqualTo(server);
            assertThat(second.events("supervisor.started")).as("no second copy").isEmpty();
            assertThat(servers()).containsExactly(server);

            // the fault: the server dies, as by a crash
            ProcessHandle.of(server).orElseThrow().destroyForcibly();
            await().atMost(WAIT).until(() -> !probe.check(healthUrl).healthy());
            ContainerState down = run(CommandType.INSPECT).before();
            assertThat(down.status()).isEqualTo("exited");
            assertThat(down.exitCode())
                    .as("only the killed agent, its parent, could have learnt it")
                    .isNull();
            assertThat(down.oomKilled()).isNull();
            assertThat(down.healthProbe().httpStatus()).isNull();
            assertThat(down.healthProbe().error()).isNotBlank();
            assertThat(down.resources()).isNull();

            CommandResult restarted = run(CommandType.RESTART);

            assertThat(restarted.success()).as(restarted.message()).isTrue();
            assertThat(restarted.after().status()).isEqualTo("running");
            assertThat(restarted.after().restartCount()).isEqualTo(1);
            assertThat(restarted.after().healthProbe().httpStatus()).isEqualTo(200);
            assertThat(run(CommandType.PROBE).success()).isTrue();
            long replacement = recordedPid().orElseThrow();
            assertThat(replacement).isNotEqualTo(server);
            assertThat(servers()).containsExactly(replacement);
            ContainerState healed = run(CommandType.INSPECT).before();
            assertThat(healed.restartCount()).isEqualTo(1);
            assertThat(healed.healthProbe().healthy()).isTrue();
            assertThat(healed.resources().memoryBytes()).isPositive();
            assertThat(run(CommandType.LOGS).logs()).contains("\"GET /health HTTP/1.1\" 200");

            // an orderly stop of the agent stops what it supervises
            second.terminate();
            assertThat(second.awaitExit(WAIT)).isEqualTo(143);
            await().atMost(WAIT).until(() -> servers().isEmpty());
        }
    }
}
