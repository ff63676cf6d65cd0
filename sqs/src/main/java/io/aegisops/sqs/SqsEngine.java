package io.aegisops.sqs;

import io.aegisops.sqs.internal.Api;
import io.aegisops.sqs.internal.Broker;
import io.aegisops.sqs.internal.Queue;
import io.aegisops.sqs.internal.SystemWakeups;
import io.aegisops.sqs.internal.Wakeups;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * AegisOps' SQS engine: standard queues answering the SQS JSON protocol in process ({@link #handle}) or over HTTP
 * ({@link SqsServer}), in memory. One account ({@value #ACCOUNT}) in one region whatever the caller's credentials,
 * as the DynamoDB engine and LocalStack behave. A ReceiveMessage that long-polls is a future completed by the send
 * that feeds it or by a timer: no thread waits for it.
 */
public final class SqsEngine implements AutoCloseable {

    public static final String ACCOUNT = "000000000000";
    public static final String REGION = "us-east-1";

    private final Broker broker;
    private final Api api;
    private final SystemWakeups ownedWakeups;

    private SqsEngine(Clock clock, Wakeups wakeups, SystemWakeups ownedWakeups) {
        this.broker = new Broker(clock, wakeups, REGION, ACCOUNT);
        this.api = new Api(broker);
        this.ownedWakeups = ownedWakeups;
    }

    /** An engine on the system clock. */
    public static SqsEngine create() {
        return create(Clock.systemUTC());
    }

    /** An engine on {@code clock}, with a timer thread for long-poll deadlines and messages turning visible. */
    public static SqsEngine create(Clock clock) {
        SystemWakeups wakeups = new SystemWakeups(clock);
        return new SqsEngine(clock, wakeups, wakeups);
    }

    /**
     * Answers one call.
     *
     * @param target the {@code X-Amz-Target} header, {@code AmazonSQS.<Operation>}
     * @param body the JSON request
     * @param baseUrl what queue URLs start with: the scheme and the host and port the caller reached
     * @param accessKeyId the caller's access key id (a message's SenderId), or null
     * @return the answer, complete at once unless a ReceiveMessage waits for a message
     */
    public CompletableFuture<SqsResponse> handle(String target, byte[] body, String baseUrl, String accessKeyId) {
        return api.call(target, body, new Api.Caller(baseUrl, accessKeyId))
                .thenApply(answer -> new SqsResponse(answer.status(), answer.queryError(), answer.body()));
    }

    /** Receives waiting on queue {@code name} now (0 if there is no such queue). */
    public int waitingReceives(String name) {
        return broker.find(name).map(Queue::waitingReceives).orElse(0);
    }

    /** Answers every waiting receive (empty) and drops every queue. */
    @Override
    public void close() {
        broker.close();
        if (ownedWakeups != null) {
            ownedWakeups.close();
        }
    }
}
