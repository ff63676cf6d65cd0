package io.aegisops.sqs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The queues of one account in one region, by name: SQS's queue life cycle (create idempotently, look up, delete,
 * list) over {@link Queue}s. Pure: time comes from the clock, later looks from {@link Wakeups}.
 */
public final class Broker {

    /** SQS refuses to re-create a queue this soon after deleting one of the same name. */
    static final Duration RECREATE_DELAY = Duration.ofSeconds(60);

    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    private final Clock clock;
    private final Wakeups wakeups;
    private final String region;
    private final String account;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final Map<String, Instant> deletedAt = new HashMap<>();

    public Broker(Clock clock, Wakeups wakeups, String region, String account) {
        this.clock = clock;
        this.wakeups = wakeups;
        this.region = region;
        this.account = account;
    }

    public String account() {
        return account;
    }

    /**
     * The queue {@code name}, created with {@code attributes} unless it exists; an existing queue is returned only
     * if every attribute given has the value it already holds.
     */
    public synchronized Queue create(String name, Map<String, String> attributes) {
        if (name.endsWith(".fifo")) {
            throw new SqsException(SqsError.UNSUPPORTED_OPERATION, "FIFO queues are not supported by this engine.");
        }
        if (!QUEUE_NAME.matcher(name).matches()) {
            throw SqsException.invalidParameter(
                    "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }
        QueueSettings settings = QueueSettings.defaults().with(attributes);
        Queue existing = queues.get(name);
        if (existing != null) {
            String different = existing.settings().firstDifference(attributes);
            if (different != null) {
                throw new SqsException(
                        SqsError.QUEUE_NAME_EXISTS,
                        "A queue already exists with the same name and a different value for attribute " + different);
            }
            return existing;
        }
        Instant deleted = deletedAt.get(name);
        if (deleted != null && clock.instant().isBefore(deleted.plus(RECREATE_DELAY))) {
            throw new SqsException(
                    SqsError.QUEUE_DELETED_RECENTLY,
                    "You must wait 60 seconds after deleting a queue before you can create another with the same name.");
        }
        Queue queue = new Queue(name, "arn:aws:sqs:" + region + ":" + account + ":" + name, settings, clock, wakeups);
        queues.put(name, queue);
        return queue;
    }

    /** The queue {@code name}; {@code QueueDoesNotExist} if there is none. */
    public Queue get(String name) {
        Queue queue = queues.get(name);
        if (queue == null) {
            throw SqsException.queueDoesNotExist();
        }
        return queue;
    }

    /** The queue {@code name}, if there is one. */
    public Optional<Queue> find(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    /** Deletes the queue and its messages; receives waiting on it are answered empty. */
    public synchronized void delete(String name) {
        Queue queue = get(name);
        queues.remove(name);
        deletedAt.put(name, clock.instant());
        queue.close();
    }

    /** Queue names starting with {@code prefix} (null: all), in name order. */
    public List<String> names(String prefix) {
        return queues.keySet().stream()
                .filter(name -> prefix == null || name.startsWith(prefix))
                .sorted()
                .toList();
    }

    /** Looks at every queue now: what a test does after moving its clock. */
    public void tick() {
        queues.values().forEach(Queue::tick);
    }

    /** Answers every waiting receive (empty) and forgets every queue. */
    public synchronized void close() {
        queues.values().forEach(Queue::close);
        queues.clear();
    }
}
