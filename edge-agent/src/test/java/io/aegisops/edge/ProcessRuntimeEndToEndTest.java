package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.ContainerState;
import io.aegisops.contracts.Json;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.config.ContainerConfig;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.runtime.ProcessContainerRuntime;
import io.aegisops.edge.runtime.StateDirectory;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on a machine without Docker: it supervises a real web server process (the JDK's jwebserver,
 * serving /health) and restarts it on command, end to end through the DynamoDB engine and the Step Functions
 * wire protocol.
 */
@ExtendWith(DynamoDbExtension.class)
class ProcessRuntimeEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AgentHarness harness;
    private final int port = BusyboxContainers.freePort();
    private final URI healthUrl = URI.create("http://127.0.0.1:" + port + "/health");
    private ContainerConfig web;
    private ProcessContainerRuntime runtime;

    @TempDir
    Path www;

    @TempDir
    Path state;

    ProcessRuntimeEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
    }

    @BeforeEach
    void startTheWebServer() throws Exception {
        Files.writeString(www.resolve("health"), "ok\n");
        String jwebserver = Path.of(ProcessHandle.current().info().command().orElseThrow())
                .resolveSibling("jwebserver")
                .toString();
        web = TestConfigs.process(
                "web",
                healthUrl,
                List.of(jwebserver, "-b", "127.0.0.1", "-p", Integer.toString(port), "-d", www.toString()));
        runtime = new ProcessContainerRuntime(List.of(web), StateDirectory.lock(state));
        runtime.startAll();
        HttpHealthProbe probe = new HttpHealthProbe(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> probe.check(healthUrl).healthy());
    }

    @AfterEach
    void stop() {
        harness.close();
        runtime.close();
    }

    @Test
    void restartsTheSupervisedProcessAndAnswersOnceItServesAgain() throws Exception {
        Instant firstStart = runtime.inspect("web").startedAt();
        AgentConfig config = TestConfigs.agent(harness.hostId, harness.dynamo.tablePrefix(), web);
        harness.agent(config, runtime, new Metrics(), new CapturedLog(), false).start();

        Command restart = harness.write("web", CommandType.RESTART, Map.of());

        CommandResult result = Json.read(
                harness.stepFunctions.awaitAnswer(restart.taskToken(), WAIT).output(), CommandResult.class);
        assertThat(result.success()).isTrue();
        assertThat(result.httpStatus()).isEqualTo(200);
        assertThat(result.before().status()).isEqualTo("running");
        assertThat(result.before().startedAt()).isEqualTo(firstStart);
        assertThat(result.after().status()).isEqualTo("running");
        assertThat(result.after().startedAt()).isAfter(firstStart);
        assertThat(result.after().restartCount()).isEqualTo(1);
        harness.table.awaitStatus(restart, CommandStatus.SUCCEEDED, WAIT);

        Command probe = harness.write("web", CommandType.PROBE, Map.of());
        CommandResult probed = Json.read(
                harness.stepFunctions.awaitAnswer(probe.taskToken(), WAIT).output(), CommandResult.class);
        assertThat(probed.success()).isTrue();
        assertThat(probed.message()).startsWith("healthy after 1 of 3 attempt(s)");

        Command inspect = harness.write("web", CommandType.INSPECT, Map.of());
        ContainerState evidence = Json.read(
                        harness.stepFunctions
                                .awaitAnswer(inspect.taskToken(), WAIT)
                                .output(),
                        CommandResult.class)
                .before();
        assertThat(evidence.status()).isEqualTo("running");
        assertThat(evidence.restartCount()).isEqualTo(1);
        assertThat(evidence.healthProbe().url()).isEqualTo(healthUrl.toString());
        assertThat(evidence.healthProbe().httpStatus()).isEqualTo(200);
        assertThat(evidence.healthProbe().latencyMillis()).isNotNegative();
        assertThat(evidence.resources().memoryBytes())
                .as("a JVM's resident memory")
                .isGreaterThan(16L << 20);
        assertThat(evidence.resources().cpuCores()).isNotNegative();

        Command logs = harness.write("web", CommandType.LOGS, Map.of());
        CommandResult logged = Json.read(
                harness.stepFunctions.awaitAnswer(logs.taskToken(), WAIT).output(), CommandResult.class);
        assertThat(logged.logs()).contains("Serving " + www).contains("\"GET /health HTTP/1.1\" 200");
    }
}
