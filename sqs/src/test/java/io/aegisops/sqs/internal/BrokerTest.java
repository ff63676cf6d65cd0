package io.aegisops.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Queues' life cycle and attributes, and the MD5s the SDK checks. */
class BrokerTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-03-01T10:00:00Z"));
    private final Broker broker = new Broker(time, time, "us-east-1", "000000000000");

    private static void assertRefused(ThrowingCallable call, SqsError error, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        SqsException.class, e -> assertThat(e.error()).isEqualTo(error))
                .hasMessage(message);
    }

    @Nested
    class Creating {

        @Test
        void createIsIdempotentForTheSameAttributesOrNone() {
            Queue queue = broker.create("agent-local-1", Map.of("VisibilityTimeout", "60"));

            assertThat(broker.create("agent-local-1", Map.of("VisibilityTimeout", "60")))
                    .isSameAs(queue);
            assertThat(broker.create("agent-local-1", Map.of())).isSameAs(queue);
            assertThat(broker.create("agent-local-1", Map.of("DelaySeconds", "0")))
                    .isSameAs(queue);
        }

        @Test
        void aDifferentValueForAnExistingQueueIsRefusedNamingTheAttribute() {
            broker.create("agent-local-1", Map.of("VisibilityTimeout", "60"));

            assertRefused(
                    () -> broker.create("agent-local-1", Map.of("VisibilityTimeout", "30")),
                    SqsError.QUEUE_NAME_EXISTS,
                    "A queue already exists with the same name and a different value for attribute VisibilityTimeout");
        }

        @Test
        void theFourAttributesThatMatterAreCheckedAndReadBack() {
            Queue queue = broker.create(
                    "q",
                    Map.of(
                            "VisibilityTimeout", "45",
                            "ReceiveMessageWaitTimeSeconds", "20",
                            "MessageRetentionPeriod", "3600",
                            "DelaySeconds", "2"));

            assertThat(queue.attributes())
                    .containsEntry("VisibilityTimeout", "45")
                    .containsEntry("ReceiveMessageWaitTimeSeconds", "20")
                    .containsEntry("MessageRetentionPeriod", "3600")
                    .containsEntry("DelaySeconds", "2")
                    .containsEntry("MaximumMessageSize", "1048576")
                    .containsEntry("QueueArn", "arn:aws:sqs:us-east-1:000000000000:q")
                    .containsEntry("SqsManagedSseEnabled", "true");
        }

        @Test
        void valuesOutOfRangeAndUnknownNamesAreRefused() {
            assertRefused(
                    () -> broker.create("q", Map.of("ReceiveMessageWaitTimeSeconds", "21")),
                    SqsError.INVALID_ATTRIBUTE_VALUE,
                    "Invalid value for the parameter ReceiveMessageWaitTimeSeconds.");
            assertRefused(
                    () -> broker.create("q", Map.of("VisibilityTimeout", "43201")),
                    SqsError.INVALID_ATTRIBUTE_VALUE,
                    "Invalid value for the parameter VisibilityTimeout.");
            assertRefused(
                    () -> broker.create("q", Map.of("MessageRetentionPeriod", "59")),
                    SqsError.INVALID_ATTRIBUTE_VALUE,
                    "Invalid value for the parameter MessageRetentionPeriod.");
            assertRefused(
                    () -> broker.create("q", Map.of("DelaySeconds", "soon")),
                    SqsError.INVALID_ATTRIBUTE_VALUE,
                    "Invalid value for the parameter DelaySeconds.");
            assertRefused(
                    () -> broker.create("q", Map.of("Colour", "blue")),
                    SqsError.INVALID_ATTRIBUTE_NAME,
                    "Unknown Attribute Colour.");
            assertThat(broker.names(null)).isEmpty();
        }

        @Test
        void namesAreCheckedAndFifoQueuesAreNotServed() {
            assertRefused(
                    () -> broker.create("bad name", Map.of()),
                    SqsError.INVALID_PARAMETER_VALUE,
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
            assertRefused(
                    () -> broker.create("x".repeat(81), Map.of()),
                    SqsError.INVALID_PARAMETER_VALUE,
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
            assertRefused(
                    () -> broker.create("jobs.fifo", Map.of()),
                    SqsError.UNSUPPORTED_OPERATION,
                    "FIFO queues are not supported by this engine.");
        }
    }

    @Nested
    class Deleting {

        @Test
        void aDeletedQueueIsGoneAndItsNameWaitsAMinute() {
            broker.create("q", Map.of());
            broker.delete("q");

            assertRefused(() -> broker.get("q"), SqsError.QUEUE_DOES_NOT_EXIST, "The specified queue does not exist.");
            assertRefused(
                    () -> broker.create("q", Map.of()),
                    SqsError.QUEUE_DELETED_RECENTLY,
                    "You must wait 60 seconds after deleting a queue before you can create another with the same"
                            + " name.");
            time.advance(Duration.ofSeconds(60));
            assertThat(broker.create("q", Map.of()).name()).isEqualTo("q");
        }

        @Test
        void namesListByPrefixInOrder() {
            broker.create("agent-b", Map.of());
            broker.create("agent-a", Map.of());
            broker.create("other", Map.of());

            assertThat(broker.names("agent-")).containsExactly("agent-a", "agent-b");
            assertThat(broker.names(null)).containsExactly("agent-a", "agent-b", "other");
        }
    }

    @Nested
    class Digests {

        @Test
        void theBodyDigestIsTheMd5OfItsUtf8Bytes() {
            assertThat(MessageAttribute.md5OfBody("msg")).isEqualTo("6e2baaf3b97dbeef01c0043275f9a0e7");
        }

        @Test
        void theAttributesDigestFollowsSqsEncoding() {
            // values recorded from SQS itself (LocalStack's AWS-validated snapshots)
            TreeMap<String, MessageAttribute> three = new TreeMap<>(Map.of(
                    "General", new MessageAttribute("String", "Kenobi", null),
                    "Hello", new MessageAttribute("String", "There", null),
                    "Help.Me", new MessageAttribute("String", "Me", null)));
            TreeMap<String, MessageAttribute> one =
                    new TreeMap<>(Map.of("Foo", new MessageAttribute("String", "Bar", null)));

            assertThat(MessageAttribute.md5OfAttributes(three)).isEqualTo("4c360f3fdafd970e05fae2f149d997f5");
            assertThat(MessageAttribute.md5OfAttributes(one)).isEqualTo("ae7155c6026991b6d54b11589678bf9c");
        }
    }
}
