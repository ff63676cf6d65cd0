package io.aegisops.edge.doorbell;

import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link Doorbell} on the host's SQS queue: long polls (ReceiveMessage with WaitTimeSeconds), one ring per message
 * whose body is the command id, answered with DeleteMessage. A received message stays hidden for
 * {@link #VISIBILITY}: a ring the agent could not act on (no free slot, the table did not answer) rings again then.
 */
public final class SqsDoorbell implements Doorbell {

    /** How long a received ring stays hidden before it rings again unless answered. */
    static final Duration VISIBILITY = Duration.ofSeconds(10);

    /** SQS's longest long poll. */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(20);

    private final SqsClient sqs;
    private final String queueName;
    private volatile String queueUrl;

    public SqsDoorbell(SqsClient sqs, String queueName) {
        this.sqs = sqs;
        this.queueName = queueName;
    }

    @Override
    public List<Ring> await(Duration wait) {
        int seconds = (int) Math.clamp(wait.toSeconds(), 0, LONGEST_WAIT.toSeconds());
        return sqs
                .receiveMessage(b -> b.queueUrl(queueUrl())
                        .waitTimeSeconds(seconds)
                        .maxNumberOfMessages(10)
                        .visibilityTimeout((int) VISIBILITY.toSeconds()))
                .messages()
                .stream()
                .map(message -> new Ring(message.body(), message.receiptHandle()))
                .toList();
    }

    @Override
    public void answered(Ring ring) {
        sqs.deleteMessage(b -> b.queueUrl(queueUrl()).receiptHandle(ring.receipt()));
    }

    /** Looked up once, on first use: the agent starts even while the queue's endpoint does not answer. */
    private String queueUrl() {
        String url = queueUrl;
        if (url == null) {
            url = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            queueUrl = url;
        }
        return url;
    }
}
