package io.aegisops.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;
import software.amazon.awssdk.services.sqs.model.ReceiptHandleIsInvalidException;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The unchanged AWS SDK v2 SqsClient against the engine over HTTP: the wire format, errors, long polls. */
class SqsEngineSdkTest {

    private static SqsServer server;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        server = SqsServer.startOwning(SqsEngine.create());
        sqs = Sdk.sqs(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.close();
    }

    private static String newQueue(String name, Map<QueueAttributeName, String> attributes) {
        return sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
    }

    @Nested
    class Queues {

        @Test
        void aQueueIsCreatedFoundListedAndDeletedByItsUrl() {
            String url = newQueue("life-cycle", Map.of());

            assertThat(url).isEqualTo(server.endpoint() + "/000000000000/life-cycle");
            assertThat(sqs.getQueueUrl(b -> b.queueName("life-cycle")).queueUrl())
                    .isEqualTo(url);
            assertThat(sqs.listQueues(b -> b.queueNamePrefix("life-")).queueUrls())
                    .containsExactly(url);

            sqs.deleteQueue(b -> b.queueUrl(url));

            assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("life-cycle")))
                    .isInstanceOfSatisfying(QueueDoesNotExistException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode())
                                .isEqualTo("AWS.SimpleQueueService.NonExistentQueue");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The specified queue does not exist.");
                    });
        }

        @Test
        void creatingAgainWithOtherAttributesIsRefused() {
            newQueue("idempotent", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10"));

            assertThat(newQueue("idempotent", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "10")))
                    .endsWith("/idempotent");
            assertThatThrownBy(() -> newQueue("idempotent", Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "11")))
                    .isInstanceOfSatisfying(
                            QueueNameExistsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("QueueAlreadyExists"));
        }

        @Test
        void attributesCountMessagesByState() {
            String url = newQueue("counted", Map.of());
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("visible"));
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("in flight"));
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("delayed").delaySeconds(600));
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1));

            Map<String, String> attributes = sqs.getQueueAttributes(
                            b -> b.queueUrl(url).attributeNames(QueueAttributeName.ALL))
                    .attributesAsStrings();

            assertThat(attributes)
                    .containsEntry("ApproximateNumberOfMessages", "1")
                    .containsEntry("ApproximateNumberOfMessagesNotVisible", "1")
                    .containsEntry("ApproximateNumberOfMessagesDelayed", "1")
                    .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:counted")
                    .containsEntry("VisibilityTimeout", "30");
        }

        @Test
        void anUnknownQueueUrlIsAMissingQueue() {
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(server.endpoint() + "/000000000000/nowhere")
                            .messageBody("x")))
                    .isInstanceOf(QueueDoesNotExistException.class);
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(server.endpoint() + "/123456789012/counted")
                            .messageBody("x")))
                    .isInstanceOf(QueueDoesNotExistException.class);
        }
    }

    @Nested
    class Messages {

        @Test
        void aMessageGoesThroughWithItsAttributesAndTheDigestsTheSdkChecks() {
            String url = newQueue("attributes", Map.of());
            Map<String, MessageAttributeValue> attributes = Map.of(
                    "commandId",
                            MessageAttributeValue.builder()
                                    .dataType("String")
                                    .stringValue("cmd-42")
                                    .build(),
                    "attempt",
                            MessageAttributeValue.builder()
                                    .dataType("Number")
                                    .stringValue("3")
                                    .build(),
                    "blob",
                            MessageAttributeValue.builder()
                                    .dataType("Binary")
                                    .binaryValue(SdkBytes.fromUtf8String("\u0001\u0002"))
                                    .build());

            var sent = sqs.sendMessage(
                    b -> b.queueUrl(url).messageBody("restart web-1").messageAttributes(attributes));
            // the SDK itself has checked MD5OfMessageBody and MD5OfMessageAttributes against what it sent
            Message received = sqs.receiveMessage(b -> b.queueUrl(url)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.ALL))
                    .messages()
                    .get(0);

            assertThat(received.messageId()).isEqualTo(sent.messageId());
            assertThat(received.body()).isEqualTo("restart web-1");
            assertThat(received.messageAttributes()).isEqualTo(attributes);
            assertThat(received.attributes())
                    .containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1")
                    .containsKeys(
                            MessageSystemAttributeName.SENT_TIMESTAMP,
                            MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
                            MessageSystemAttributeName.SENDER_ID);
        }

        @Test
        void onlyTheAttributesAskedForComeBack() {
            String url = newQueue("filtered", Map.of());
            sqs.sendMessage(b -> b.queueUrl(url)
                    .messageBody("m")
                    .messageAttributes(Map.of(
                            "agent.host",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue("local-1")
                                            .build(),
                            "other",
                                    MessageAttributeValue.builder()
                                            .dataType("String")
                                            .stringValue("x")
                                            .build())));

            Message received = sqs.receiveMessage(b -> b.queueUrl(url).messageAttributeNames("agent.*"))
                    .messages()
                    .get(0);

            assertThat(received.messageAttributes()).containsOnlyKeys("agent.host");
            assertThat(received.attributes()).isEmpty();
        }

        @Test
        void receiveDeleteAndAStaleHandleAsTheSdkSeesThem() {
            String url = newQueue("deleting", Map.of());
            sqs.sendMessage(b -> b.queueUrl(url).messageBody("m"));
            Message first = sqs.receiveMessage(b -> b.queueUrl(url).visibilityTimeout(0))
                    .messages()
                    .get(0);
            Message second = sqs.receiveMessage(b -> b.queueUrl(url)).messages().get(0);

            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()));
            assertThat(notVisible(url)).isEqualTo("1");
            sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(second.receiptHandle()));
            assertThat(notVisible(url)).isEqualTo("0");

            assertThatThrownBy(() -> sqs.changeMessageVisibility(b -> b.queueUrl(url)
                            .receiptHandle(second.receiptHandle())
                            .visibilityTimeout(5)))
                    .isInstanceOfSatisfying(
                            SqsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            assertThat(second.attributes()).isEmpty();
        }

        private static String notVisible(String url) {
            return sqs.getQueueAttributes(b -> b.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                    .attributesAsStrings()
                    .get("ApproximateNumberOfMessagesNotVisible");
        }

        @Test
        void aHandleNotIssuedHereIsInvalid() {
            String url = newQueue("invalid-handle", Map.of());

            assertThatThrownBy(() -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle("garbage")))
                    .isInstanceOfSatisfying(
                            ReceiptHandleIsInvalidException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ReceiptHandleIsInvalid"));
        }

        @Test
        void batchesSendAndDeleteReportingEachEntry() {
            String url = newQueue("batches", Map.of());

            SendMessageBatchResponse sent = sqs.sendMessageBatch(b -> b.queueUrl(url)
                    .entries(
                            SendMessageBatchRequestEntry.builder()
                                    .id("a")
                                    .messageBody("one")
                                    .build(),
                            SendMessageBatchRequestEntry.builder()
                                    .id("b")
                                    .messageBody("two")
                                    .delaySeconds(901)
                                    .build(),
                            SendMessageBatchRequestEntry.builder()
                                    .id("c")
                                    .messageBody("three")
                                    .build()));

            assertThat(sent.successful()).extracting(r -> r.id()).containsExactly("a", "c");
            assertThat(sent.failed())
                    .extracting(
                            BatchResultErrorEntry::id, BatchResultErrorEntry::code, BatchResultErrorEntry::senderFault)
                    .containsExactly(tuple("b", "InvalidParameterValue", true));
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10))
                    .messages();
            assertThat(received).extracting(Message::body).containsExactlyInAnyOrder("one", "three");
            var deleted = sqs.deleteMessageBatch(b -> b.queueUrl(url)
                    .entries(received.stream()
                            .map(m -> DeleteMessageBatchRequestEntry.builder()
                                    .id("d" + received.indexOf(m))
                                    .receiptHandle(m.receiptHandle())
                                    .build())
                            .toList()));
            assertThat(deleted.successful()).hasSize(2);
            assertThat(deleted.failed()).isEmpty();
        }

        @Test
        void outOfRangeParametersAreRefusedAsSqsRefusesThem() {
            String url = newQueue("validated", Map.of());

            assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(21)))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(400);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Value 21 for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0"
                                        + " and <= 20, if provided.");
                    });
            assertThatThrownBy(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(11)))
                    .isInstanceOfSatisfying(
                            SqsException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo("Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be"
                                            + " between 1 and 10, if provided."));
            assertThatThrownBy(() -> sqs.sendMessage(
                            b -> b.queueUrl(url).messageBody("m").delaySeconds(901)))
                    .isInstanceOfSatisfying(
                            SqsException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
            assertThatThrownBy(() -> sqs.sendMessage(b -> b.queueUrl(url).messageBody("x".repeat(1_048_577))))
                    .isInstanceOfSatisfying(
                            SqsException.class,
                            e -> assertThat(e.awsErrorDetails().errorMessage())
                                    .isEqualTo(
                                            "One or more parameters are invalid. Reason: Message must be shorter than"
                                                    + " 1048576 bytes."));
        }
    }

    @Nested
    class LongPolling {

        @Test
        void aLongPollReturnsAsSoonAsAMessageIsSent() {
            String url = newQueue("doorbell-local-1", Map.of());
            CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() ->
                    sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20)).messages());
            await().until(() -> server.engine().waitingReceives("doorbell-local-1") == 1);

            sqs.sendMessage(b -> b.queueUrl(url).messageBody("cmd-1"));

            assertThat(waiting.join()).extracting(Message::body).containsExactly("cmd-1");
        }

        @Test
        void waitingReceivesHoldNoServerThread() throws Exception {
            // one server thread only: each long poll would hold it, were it not answered asynchronously
            ExecutorService oneThread = Executors.newSingleThreadExecutor();
            ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            try (SqsEngine engine = SqsEngine.create()) {
                http.setExecutor(oneThread);
                http.createContext("/", SqsServer.handler(engine, writers));
                http.start();
                URI endpoint =
                        URI.create("http://127.0.0.1:" + http.getAddress().getPort());
                try (SqsClient client = Sdk.sqs(endpoint)) {
                    String url = client.createQueue(b -> b.queueName("shared")).queueUrl();
                    List<CompletableFuture<List<Message>>> pollers = new ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        pollers.add(CompletableFuture.supplyAsync(
                                () -> client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20))
                                        .messages(),
                                writers));
                    }
                    await().until(() -> engine.waitingReceives("shared") == 5);

                    assertThat(client.getQueueUrl(b -> b.queueName("shared")).queueUrl())
                            .isEqualTo(url);
                    assertThat(engine.waitingReceives("shared")).isEqualTo(5);

                    for (int i = 0; i < 5; i++) {
                        int n = i;
                        client.sendMessage(b -> b.queueUrl(url).messageBody("m" + n));
                    }
                    List<String> bodies = new ArrayList<>();
                    pollers.forEach(p -> p.join().forEach(m -> bodies.add(m.body())));
                    assertThat(bodies).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
                }
            } finally {
                http.stop(0);
                oneThread.shutdownNow();
                writers.shutdownNow();
            }
        }

        @Test
        void closingTheEngineAnswersWaitingReceivesEmpty() {
            SqsServer own = SqsServer.startOwning(SqsEngine.create());
            try (SqsClient client = Sdk.sqs(own.endpoint())) {
                String url = client.createQueue(b -> b.queueName("closing")).queueUrl();
                CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(
                        () -> client.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(20))
                                .messages());
                await().until(() -> own.engine().waitingReceives("closing") == 1);

                own.close();

                assertThat(waiting)
                        .succeedsWithin(Duration.ofSeconds(10))
                        .asInstanceOf(InstanceOfAssertFactories.LIST)
                        .isEmpty();
            }
        }
    }
}
