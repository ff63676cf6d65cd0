package io.aegisops.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.EdgeQueues;
import io.aegisops.sqs.SqsEngine;
import io.aegisops.sqs.SqsServer;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** The SQS engine, through the SDK: a ring is one message with the command id on the host's own queue. */
class SqsDoorbellTest {

    private final SqsServer server = SqsServer.startOwning(SqsEngine.create());
    private final SqsClient sqs = SqsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
    private final AtomicInteger clientsBuilt = new AtomicInteger();
    private final SqsDoorbell doorbell = new SqsDoorbell(
            () -> {
                clientsBuilt.incrementAndGet();
                return sqs;
            },
            "test-");

    @AfterEach
    void close() {
        sqs.close();
        server.close();
    }

    private String queue(String hostId) {
        return sqs.createQueue(b -> b.queueName(EdgeQueues.nameFor("test-", hostId)))
                .queueUrl();
    }

    private List<String> bodies(String queueUrl) {
        return sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages().stream()
                .map(Message::body)
                .toList();
    }

    @Test
    void sendsTheCommandIdToTheQueueOfItsHostOnly() {
        String web = queue("edge-1");
        String db = queue("edge.2");

        doorbell.ring("edge-1", "inc-1#restart#1");
        doorbell.ring("edge.2", "inc-2#probe#1");
        doorbell.ring("edge-1", "inc-1#probe#1");

        assertThat(bodies(web)).containsExactlyInAnyOrder("inc-1#restart#1", "inc-1#probe#1");
        assertThat(bodies(db)).containsExactly("inc-2#probe#1");
        assertThat(clientsBuilt).as("built once, on the first ring").hasValue(1);
    }

    @Test
    void failsForAHostWithoutAQueue() {
        assertThatThrownBy(() -> doorbell.ring("edge-9", "inc-9#restart#1"))
                .isInstanceOf(QueueDoesNotExistException.class);
    }
}
