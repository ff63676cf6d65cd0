package io.aegisops.functions.commands;

import io.aegisops.contracts.EdgeQueues;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@link Doorbell} on the hosts' SQS queues ({@link EdgeQueues#nameFor}): one SendMessage whose body is the command id.
 * Each queue's URL is looked up once per container and kept; the client is built on the first ring, so a handler
 * that writes no command never builds it.
 */
public final class SqsDoorbell implements Doorbell {

    private final Supplier<SqsClient> sqs;
    private final String queuePrefix;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private volatile SqsClient client;

    public SqsDoorbell(Supplier<SqsClient> sqs, String queuePrefix) {
        this.sqs = sqs;
        this.queuePrefix = queuePrefix;
    }

    @Override
    public void ring(String hostId, String commandId) {
        SqsClient client = client();
        String url = queueUrls.computeIfAbsent(
                hostId,
                host -> client.getQueueUrl(b -> b.queueName(EdgeQueues.nameFor(queuePrefix, host)))
                        .queueUrl());
        client.sendMessage(b -> b.queueUrl(url).messageBody(commandId));
    }

    private SqsClient client() {
        SqsClient built = client;
        if (built == null) {
            synchronized (this) {
                if (client == null) {
                    client = sqs.get();
                }
                built = client;
            }
        }
        return built;
    }
}
