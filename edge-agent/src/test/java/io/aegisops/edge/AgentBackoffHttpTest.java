package io.aegisops.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.edge.actions.CommandExecutor;
import io.aegisops.edge.actions.HttpHealthProbe;
import io.aegisops.edge.answers.StepFunctionsTaskAnswers;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.ops.AgentHealth;
import io.aegisops.edge.ops.ControlPlaneRequestCounter;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.queue.DynamoCommandQueue;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import io.aegisops.edge.time.SystemScheduler;
import io.aegisops.testsupport.RecordingStepFunctionsServer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * With the control plane unreachable (nothing listens on its port), the agent backs off and says so, through the
 * real SDK client and its retries. The backoff's pauses themselves are unit-tested on a manual clock (PollLoopTest).
 */
class AgentBackoffHttpTest {

    @Test
    void pollsLessAndLessOftenAndReportsDegraded() {
        URI nowhere = URI.create("http://127.0.0.1:" + BusyboxContainers.freePort());
        AgentConfig config = TestConfigs.agent("edge-1", "t-", TestConfigs.container("web", null));
        Metrics metrics = new Metrics();
        CapturedLog log = new CapturedLog();
        try (DynamoDbClient dynamo = DynamoDbClient.builder()
                        .endpointOverride(nowhere)
                        .region(Region.US_EAST_1)
                        .credentialsProvider(
                                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                        .httpClient(AwsClients.http())
                        .overrideConfiguration(AwsClients.overrides(metrics))
                        .build();
                RecordingStepFunctionsServer stepFunctions = RecordingStepFunctionsServer.start();
                var sfn = stepFunctions.client();
                InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(Instant::now);
                SystemScheduler scheduler = new SystemScheduler()) {
            Agent agent = new Agent(
                    config,
                    new DynamoCommandQueue(dynamo, config.commandsTable(), "edge-1"),
                    new StepFunctionsTaskAnswers(sfn),
                    new CommandExecutor(config, runtime, new HttpHealthProbe(Duration.ofSeconds(1))),
                    new Agent.Options("edge-1/agent-test", false),
                    scheduler,
                    log.log(),
                    metrics);
            AgentHealth health;
            try {
                agent.start();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> log.events("poll.failed").size() >= 3);
                health = agent.health();
            } finally {
                agent.close();
            }

            assertThat(health.status()).isEqualTo(AgentHealth.Status.DEGRADED);
            assertThat(health.controlPlaneError()).contains("SdkClientException");
            double polls = metrics.total(AgentMetrics.POLLS);
            assertThat(metrics.total(AgentMetrics.POLL_ERRORS)).isEqualTo(polls);
            assertThat(metrics.total(ControlPlaneRequestCounter.METRIC))
                    .as("the SDK's 3 attempts per poll")
                    .isEqualTo(3 * polls);
            List<Long> pauses = log.events("poll.failed").stream()
                    .map(line -> line.path("retryInMs").asLong())
                    .toList();
            assertThat(pauses.getLast()).isGreaterThan(pauses.getFirst());
            assertThat(log.events("poll.failed"))
                    .extracting(line -> line.path("failures").asInt())
                    .startsWith(1, 2, 3);
            assertThat(log.events("poll.failed").getFirst().path("error").asText())
                    .contains("Unable to execute HTTP request");
        }
    }
}
