package io.aegisops.local.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.dynamodb.DynamoDbEngine;
import io.aegisops.dynamodb.DynamoDbServer;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import io.aegisops.testsupport.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** SQS on the edge port: the SDK reaches the engine there, and agents' long polls do not hold up DynamoDB calls. */
class EdgePortSqsTest {

    private final DynamoDbEngine dynamoDb = DynamoDbEngine.inMemory();
    private final SqsEngine sqsEngine = SqsEngine.create();
    private EdgePortServer edge;
    private SqsClient sqs;
    private DynamoDbClient dynamo;

    @BeforeEach
    void start() throws Exception {
        edge = new EdgePortServer(
                "127.0.0.1",
                0,
                Map.of("DynamoDB_", DynamoDbServer.handler(dynamoDb), "AmazonSQS.", SqsServer.handler(sqsEngine)),
                Map.of(),
                exchange -> {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                });
        sqs = SqsClient.builder()
                .endpointOverride(edge.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofSeconds(40))
                        .build())
                .build();
        dynamo = LocalAws.dynamo(edge.endpoint());
    }

    @AfterEach
    void stop() {
        sqs.close();
        dynamo.close();
        sqsEngine.close();
        edge.close();
        dynamoDb.close();
    }

    @Test
    void queueUrlsNameTheEdgePortAndMessagesGoThrough() {
        String url = sqs.createQueue(b -> b.queueName("agent-local-1")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("cmd-1"));

        assertThat(url).isEqualTo(edge.endpoint() + "/000000000000/agent-local-1");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(url)).messages())
                .extracting(Message::body)
                .containsExactly("cmd-1");
    }

    @Test
    void agentsLongPollingDoNotHoldUpOtherServices() {
        String url = sqs.createQueue(b -> b.queueName("agents")).queueUrl();
        ExecutorService agents = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<CompletableFuture<List<Message>>> polls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                polls.add(CompletableFuture.supplyAsync(
                        () -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20))
                                .messages(),
                        agents));
            }
            await().until(() -> sqsEngine.waitingReceives("agents") == 8);

            DynamoTables.createAll(dynamo, "edge-");

            assertThat(dynamo.listTables().tableNames()).isNotEmpty();
            assertThat(sqsEngine.waitingReceives("agents")).isEqualTo(8);
            for (int i = 0; i < 8; i++) {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("wake"));
            }
            polls.forEach(poll -> assertThat(poll.join()).hasSize(1));
        } finally {
            agents.shutdownNow();
        }
    }
}
