package io.aegisops.edge.doorbell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.EdgeQueues;
import io.aegisops.edge.Agent;
import io.aegisops.edge.AgentHarness;
import io.aegisops.edge.CapturedLog;
import io.aegisops.edge.TestConfigs;
import io.aegisops.edge.config.AgentConfig;
import io.aegisops.edge.ops.Metrics;
import io.aegisops.edge.runtime.InMemoryContainerRuntime;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The doorbell end to end on the real engines: the agent long-polls its queue on the SQS engine and claims in the
 * DynamoDB engine's commands table, through the SDK, while the test writes and rings as the pipeline does.
 */
@ExtendWith(DynamoDbExtension.class)
class DoorbellEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final AgentHarness harness;
    private final SqsServer sqsServer = SqsServer.startOwning(SqsEngine.create());
    private final SqsClient sqs = SqsClient.builder()
            .endpointOverride(sqsServer.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.builder()
                    .socketTimeout(Duration.ofSeconds(30))
                    .build())
            .build();
    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime(Instant::now);
    private final CapturedLog log = new CapturedLog();
    private final String queueName;
    private final String queueUrl;

    DoorbellEndToEndTest(LocalDynamoDb dynamo) {
        harness = new AgentHarness(dynamo);
        queueName = EdgeQueues.nameFor("test-", harness.hostId);
        queueUrl = sqs.createQueue(b -> b.queueName(queueName)).queueUrl();
        runtime.add("web");
    }

    @AfterEach
    void cleanUp() {
        harness.close();
        sqs.close();
        sqsServer.close();
    }

    /** An agent listening on its queue: its long poll is waiting on the engine. */
    private Agent listening(Duration safetyPoll) {
        AgentConfig config = TestConfigs.agent(
                        harness.hostId, harness.dynamo.tablePrefix(), TestConfigs.container("web", null))
                .withDoorbell(queueName, safetyPoll);
        Agent agent = harness.agent(config, runtime, new Metrics(), log, false, new SqsDoorbell(sqs, queueName));
        agent.start();
        await().atMost(WAIT).until(() -> sqsServer.engine().waitingReceives(queueName) == 1);
        return agent;
    }

    private void ring(Command command) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(command.commandId()));
    }

    private CommandStatus status(Command command) {
        return harness.table.get(command.hostId(), command.commandId()).status();
    }

    private int messagesLeft() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    @Test
    void aRingRunsItsCommandLongBeforeTheNextSafetyPollAndIsDeleted() {
        listening(Duration.ofHours(1));
        Command restart = harness.write("web", CommandType.RESTART, Map.of());

        ring(restart);

        await().atMost(WAIT).until(() -> status(restart) == CommandStatus.SUCCEEDED);
        assertThat(runtime.restarts("web")).isEqualTo(1);
        await().atMost(WAIT).until(() -> messagesLeft() == 0);
    }

    @Test
    void aCommandRungThreeTimesRestartsItsContainerOnce() {
        listening(Duration.ofHours(1));
        Command restart = harness.write("web", CommandType.RESTART, Map.of());

        ring(restart);
        ring(restart);
        await().atMost(WAIT).until(() -> status(restart) == CommandStatus.SUCCEEDED);
        ring(restart);

        await().atMost(WAIT).until(() -> messagesLeft() == 0);
        assertThat(runtime.restarts("web")).isEqualTo(1);
        assertThat(log.events("doorbell.rang")).hasSize(3);
    }

    @Test
    void aCommandWhoseRingWasLostIsFoundByTheSafetyPoll() {
        listening(Duration.ofSeconds(5));
        Command restart = harness.write("web", CommandType.RESTART, Map.of());

        await().atMost(WAIT).until(() -> status(restart) == CommandStatus.SUCCEEDED);

        assertThat(runtime.restarts("web")).isEqualTo(1);
        assertThat(log.events("doorbell.rang")).isEmpty();
    }
}
