package io.aegisops.sqs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The queue's rules on a hand-moved clock: visibility, redelivery, receipt handles, long polls, delays, purge. */
class QueueTest {

    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    private final ManualTime time = new ManualTime(START);
    private final Broker broker = new Broker(time, time, "us-east-1", "000000000000");
    private final Queue queue = broker.create("doorbell", Map.of("VisibilityTimeout", "30"));

    private String send(String body) {
        return queue.send(body, new TreeMap<>(), null, "sender");
    }

    private List<Delivery> receiveNow(int max) {
        return receiveNow(max, null);
    }

    private List<Delivery> receiveNow(int max, Integer visibility) {
        CompletableFuture<List<Delivery>> answer = queue.receive(max, visibility, 0);
        assertThat(answer).isDone();
        return answer.join();
    }

    private Delivery receiveOne() {
        List<Delivery> deliveries = receiveNow(1);
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }

    private Map<String, String> counts() {
        Map<String, String> attributes = queue.attributes();
        return Map.of(
                "visible", attributes.get("ApproximateNumberOfMessages"),
                "inFlight", attributes.get("ApproximateNumberOfMessagesNotVisible"),
                "delayed", attributes.get("ApproximateNumberOfMessagesDelayed"));
    }

    @Nested
    class VisibilityTimeouts {

        @Test
        void aReceivedMessageStaysHiddenForTheQueuesTimeoutThenComesBack() {
            String id = send("restart web-1");
            Delivery first = receiveOne();

            time.advance(Duration.ofSeconds(29));
            assertThat(receiveNow(10)).isEmpty();
            assertThat(counts()).containsEntry("inFlight", "1").containsEntry("visible", "0");

            time.advance(Duration.ofSeconds(1));
            Delivery again = receiveOne();
            assertThat(again.messageId()).isEqualTo(id).isEqualTo(first.messageId());
            assertThat(again.body()).isEqualTo("restart web-1");
        }

        @Test
        void aReceiveMayChooseItsOwnTimeout() {
            send("m");
            receiveNow(1, 5);

            time.advance(Duration.ofSeconds(5));

            assertThat(receiveNow(1)).hasSize(1);
        }

        @Test
        void zeroMakesTheMessageVisibleAtOnce() {
            send("m");
            Delivery delivery = receiveOne();

            queue.changeVisibility(delivery.receiptHandle(), 0);

            assertThat(receiveOne().messageId()).isEqualTo(delivery.messageId());
        }

        @Test
        void extendingHidesTheMessagePastItsFirstTimeoutCountedFromNow() {
            send("m");
            Delivery delivery = receiveOne();
            time.advance(Duration.ofSeconds(20));

            queue.changeVisibility(delivery.receiptHandle(), 60);

            time.advance(Duration.ofSeconds(59));
            assertThat(receiveNow(1)).isEmpty();
            time.advance(Duration.ofSeconds(1));
            assertThat(receiveNow(1)).hasSize(1);
        }

        @Test
        void theTotalSinceTheFirstReceiveMayNotPassTwelveHours() {
            send("m");
            Delivery delivery = receiveOne();
            time.advance(Duration.ofSeconds(10));

            assertThatThrownBy(() -> queue.changeVisibility(delivery.receiptHandle(), 43_200))
                    .isInstanceOfSatisfying(
                            SqsException.class, e -> assertThat(e.error()).isEqualTo(SqsError.INVALID_PARAMETER_VALUE))
                    .hasMessageContaining("Total VisibilityTimeout for the message is beyond the limit");
            queue.changeVisibility(delivery.receiptHandle(), 43_190);
        }
    }

    @Nested
    class Redelivery {

        @Test
        void eachReceiveCountsAndIssuesANewHandleWhileTheFirstReceiveTimeStays() {
            send("m");
            Delivery first = receiveOne();
            time.advance(Duration.ofSeconds(30));
            Delivery second = receiveOne();
            time.advance(Duration.ofSeconds(30));
            Delivery third = receiveOne();

            assertThat(List.of(first.receiveCount(), second.receiveCount(), third.receiveCount()))
                    .containsExactly(1, 2, 3);
            assertThat(List.of(first.receiptHandle(), second.receiptHandle(), third.receiptHandle()))
                    .doesNotHaveDuplicates();
            assertThat(third.firstReceivedAt()).isEqualTo(START);
            assertThat(third.sentAt()).isEqualTo(START);
        }

        @Test
        void messagesComeOutOldestFirstAndAtMostTheNumberAsked() {
            send("a");
            send("b");
            send("c");

            assertThat(receiveNow(2)).extracting(Delivery::body).containsExactly("a", "b");
            assertThat(receiveNow(10)).extracting(Delivery::body).containsExactly("c");
        }
    }

    @Nested
    class Deleting {

        @Test
        void theLatestHandleDeletesTheMessageForGood() {
            send("m");
            queue.delete(receiveOne().receiptHandle());

            time.advance(Duration.ofMinutes(5));

            assertThat(receiveNow(10)).isEmpty();
            assertThat(counts()).containsEntry("inFlight", "0").containsEntry("visible", "0");
        }

        @Test
        void aStaleHandleAfterRedeliverySucceedsButDeletesNothing() {
            send("m");
            Delivery first = receiveOne();
            time.advance(Duration.ofSeconds(30));
            Delivery second = receiveOne();

            queue.delete(first.receiptHandle());

            assertThat(counts()).containsEntry("inFlight", "1");
            time.advance(Duration.ofSeconds(30));
            Delivery third = receiveOne();
            assertThat(third.messageId()).isEqualTo(first.messageId());
            queue.delete(third.receiptHandle());
            assertThat(counts()).containsEntry("inFlight", "0").containsEntry("visible", "0");
            assertThat(second.receiveCount()).isEqualTo(2);
        }

        @Test
        void theLatestHandleStillDeletesAfterTheTimeoutIfNobodyReceivedItAgain() {
            send("m");
            Delivery delivery = receiveOne();
            time.advance(Duration.ofSeconds(31));

            queue.delete(delivery.receiptHandle());

            assertThat(receiveNow(10)).isEmpty();
        }

        @Test
        void deletingTwiceIsFine() {
            send("m");
            Delivery delivery = receiveOne();
            queue.delete(delivery.receiptHandle());

            queue.delete(delivery.receiptHandle());

            assertThat(counts()).containsEntry("inFlight", "0");
        }

        @Test
        void aHandleThisQueueDidNotIssueIsInvalid() {
            Queue other = broker.create("other", Map.of());
            other.send("m", new TreeMap<>(), null, "sender");
            String foreign = other.receive(1, null, 0).join().get(0).receiptHandle();

            for (String handle : List.of(foreign, "not-a-handle", "AQEBxyz==")) {
                assertThatThrownBy(() -> queue.delete(handle))
                        .isInstanceOfSatisfying(
                                SqsException.class,
                                e -> assertThat(e.error()).isEqualTo(SqsError.RECEIPT_HANDLE_IS_INVALID))
                        .hasMessage("The input receipt handle \"" + handle + "\" is not a valid receipt handle.");
            }
        }

        @Test
        void aStaleHandleCannotChangeTheVisibility() {
            send("m");
            Delivery first = receiveOne();
            time.advance(Duration.ofSeconds(30));
            receiveOne();

            assertThatThrownBy(() -> queue.changeVisibility(first.receiptHandle(), 0))
                    .isInstanceOfSatisfying(
                            SqsException.class, e -> assertThat(e.error()).isEqualTo(SqsError.INVALID_PARAMETER_VALUE))
                    .hasMessageEndingWith(
                            "Reason: Message does not exist or is not available for visibility timeout change.");
        }
    }

    @Nested
    class LongPolling {

        @Test
        void aWaitingReceiveIsAnsweredByTheNextSendWithoutAnyTimePassing() {
            CompletableFuture<List<Delivery>> waiting = queue.receive(10, null, 20);
            assertThat(waiting).isNotDone();
            assertThat(queue.waitingReceives()).isEqualTo(1);

            send("restart web-1");

            assertThat(waiting).isCompleted();
            assertThat(waiting.join()).extracting(Delivery::body).containsExactly("restart web-1");
            assertThat(queue.waitingReceives()).isZero();
            assertThat(counts()).containsEntry("inFlight", "1");
        }

        @Test
        void aWaitThatSeesNothingEndsEmptyAtItsDeadline() {
            CompletableFuture<List<Delivery>> waiting = queue.receive(1, null, 20);
            assertThat(time.bookings()).containsExactly(START.plusSeconds(20));

            time.advance(Duration.ofMillis(19_999));
            assertThat(waiting).isNotDone();
            time.advance(Duration.ofMillis(1));

            assertThat(waiting).isCompletedWithValue(List.of());
            assertThat(queue.waitingReceives()).isZero();
        }

        @Test
        void aDelayedMessageReachesAWaitingReceiveWhenItsDelayEnds() {
            CompletableFuture<List<Delivery>> waiting = queue.receive(1, null, 20);
            queue.send("later", new TreeMap<>(), 5, "sender");
            assertThat(waiting).isNotDone();

            time.advance(Duration.ofSeconds(5));

            assertThat(waiting.join()).extracting(Delivery::body).containsExactly("later");
        }

        @Test
        void aMessageWhoseTimeoutEndsDuringAWaitIsRedeliveredToIt() {
            send("m");
            receiveNow(1, 10);
            CompletableFuture<List<Delivery>> waiting = queue.receive(1, null, 20);
            assertThat(time.bookings()).contains(START.plusSeconds(10));

            time.advance(Duration.ofSeconds(10));

            assertThat(waiting.join()).extracting(Delivery::receiveCount).containsExactly(2);
        }

        @Test
        void waitingReceivesAreServedInTheOrderTheyArrived() {
            CompletableFuture<List<Delivery>> first = queue.receive(10, null, 20);
            CompletableFuture<List<Delivery>> second = queue.receive(10, null, 20);

            send("one");
            assertThat(first.join()).extracting(Delivery::body).containsExactly("one");
            assertThat(second).isNotDone();

            send("two");
            assertThat(second.join()).extracting(Delivery::body).containsExactly("two");
        }

        @Test
        void aVisibilityChangeToZeroWakesAWaitingReceive() {
            send("m");
            Delivery delivery = receiveOne();
            CompletableFuture<List<Delivery>> waiting = queue.receive(1, null, 20);

            queue.changeVisibility(delivery.receiptHandle(), 0);

            assertThat(waiting.join()).extracting(Delivery::messageId).containsExactly(delivery.messageId());
        }

        @Test
        void theQueuesWaitTimeAppliesWhenTheReceiveNamesNone() {
            Queue polled = broker.create("polled", Map.of("ReceiveMessageWaitTimeSeconds", "20"));

            CompletableFuture<List<Delivery>> waiting = polled.receive(1, null, null);

            assertThat(waiting).isNotDone();
            polled.send("m", new TreeMap<>(), null, "sender");
            assertThat(waiting.join()).hasSize(1);
        }

        @Test
        void deletingTheQueueAnswersItsWaitingReceivesEmpty() {
            CompletableFuture<List<Delivery>> waiting = queue.receive(1, null, 20);

            broker.delete("doorbell");

            assertThat(waiting).isCompletedWithValue(List.of());
            assertThatThrownBy(() -> queue.receive(1, null, 0))
                    .isInstanceOfSatisfying(
                            SqsException.class, e -> assertThat(e.error()).isEqualTo(SqsError.QUEUE_DOES_NOT_EXIST));
        }
    }

    @Nested
    class DelaysRetentionAndPurge {

        @Test
        void aDelayedMessageIsCountedAsDelayedUntilItsTimeComes() {
            queue.send("m", new TreeMap<>(), 10, "sender");
            assertThat(counts()).containsEntry("delayed", "1").containsEntry("visible", "0");
            assertThat(receiveNow(1)).isEmpty();

            time.advance(Duration.ofSeconds(10));

            assertThat(counts()).containsEntry("delayed", "0").containsEntry("visible", "1");
        }

        @Test
        void theQueuesDelayAppliesWhenTheSendNamesNone() {
            Queue slow = broker.create("slow", Map.of("DelaySeconds", "3"));
            slow.send("m", new TreeMap<>(), null, "sender");

            assertThat(slow.receive(1, null, 0).join()).isEmpty();
            time.advance(Duration.ofSeconds(3));
            assertThat(slow.receive(1, null, 0).join()).hasSize(1);
        }

        @Test
        void aMessageOlderThanTheRetentionPeriodIsGone() {
            Queue brief = broker.create("brief", Map.of("MessageRetentionPeriod", "60"));
            brief.send("m", new TreeMap<>(), null, "sender");

            time.advance(Duration.ofSeconds(60));

            assertThat(brief.receive(1, null, 0).join()).isEmpty();
        }

        @Test
        void purgeEmptiesTheQueueAndOnlyOncePerMinute() {
            send("a");
            send("b");
            receiveOne();

            queue.purge();

            assertThat(counts()).containsEntry("visible", "0").containsEntry("inFlight", "0");
            assertThatThrownBy(queue::purge)
                    .isInstanceOfSatisfying(
                            SqsException.class, e -> assertThat(e.error()).isEqualTo(SqsError.PURGE_QUEUE_IN_PROGRESS))
                    .hasMessage("Only one PurgeQueue operation on doorbell is allowed every 60 seconds.");
            time.advance(Duration.ofSeconds(60));
            queue.purge();
        }
    }
}
