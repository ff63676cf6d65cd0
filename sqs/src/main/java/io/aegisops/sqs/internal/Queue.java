package io.aegisops.sqs.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One standard queue. Visible messages wait in send order; hidden ones (delayed, or received and within their
 * visibility timeout) in a heap by the instant they turn visible, moved back lazily whenever the queue is touched.
 * A receive that finds nothing and may wait leaves a {@link Waiter} and returns at once with its future: a send,
 * a visibility change to 0, a hidden message turning visible or the deadline completes it. No thread waits.
 *
 * <p>Invariant after every operation: either no message is visible or no receive is waiting.
 */
public final class Queue {

    /** Only one PurgeQueue per queue in this span, as SQS allows. */
    static final Duration PURGE_INTERVAL = Duration.ofSeconds(60);

    private record Hidden(Instant visibleAt, long sequence, Message message, long version) {}

    private record Waiter(int max, int visibilityTimeout, Instant deadline, CompletableFuture<List<Delivery>> answer) {}

    private record Completion(CompletableFuture<List<Delivery>> answer, List<Delivery> deliveries) {}

    private final String name;
    private final String arn;
    private final String id = UUID.randomUUID().toString();
    private final Clock clock;
    private final Wakeups wakeups;
    private final Instant createdAt;

    private final ReentrantLock lock = new ReentrantLock();
    private QueueSettings settings;
    private Instant lastModifiedAt;
    private final Map<String, Message> messages = new HashMap<>();
    private final TreeMap<Long, Message> ready = new TreeMap<>();
    private final PriorityQueue<Hidden> hidden =
            new PriorityQueue<>(Comparator.comparing(Hidden::visibleAt).thenComparingLong(Hidden::sequence));
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private long nextSequence;
    private int inFlight;
    private int delayed;
    private Instant lastPurgeAt;
    private boolean deleted;
    private Instant wakeAt;

    Queue(String name, String arn, QueueSettings settings, Clock clock, Wakeups wakeups) {
        this.name = name;
        this.arn = arn;
        this.settings = settings;
        this.clock = clock;
        this.wakeups = wakeups;
        this.createdAt = clock.instant();
        this.lastModifiedAt = createdAt;
    }

    public String name() {
        return name;
    }

    public QueueSettings settings() {
        lock.lock();
        try {
            return settings;
        } finally {
            lock.unlock();
        }
    }

    /** SetQueueAttributes: the new settings apply to later sends and receives. */
    public void update(Map<String, String> attributes) {
        lock.lock();
        try {
            settings = settings.with(attributes);
            lastModifiedAt = clock.instant();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a message; {@code delaySeconds} null takes the queue's DelaySeconds. A waiting receive gets it at once.
     *
     * @return the message id
     */
    public String send(
            String body, SortedMap<String, MessageAttribute> attributes, Integer delaySeconds, String sender) {
        List<Completion> completions = new ArrayList<>();
        String messageId = UUID.randomUUID().toString();
        lock.lock();
        try {
            checkNotDeleted();
            Instant now = clock.instant();
            Message message = new Message(
                    messageId,
                    nextSequence++,
                    body,
                    attributes,
                    sender,
                    now,
                    now.plusSeconds(settings.messageRetentionPeriod()));
            messages.put(messageId, message);
            int delay = delaySeconds == null ? settings.delaySeconds() : delaySeconds;
            if (delay > 0) {
                message.state = Message.State.DELAYED;
                delayed++;
                hide(message, now.plusSeconds(delay));
            } else {
                message.state = Message.State.READY;
                ready.put(message.sequence, message);
            }
            serve(now, completions);
        } finally {
            lock.unlock();
        }
        complete(completions);
        return messageId;
    }

    /**
     * Takes up to {@code max} visible messages and hides them for {@code visibilityTimeout} seconds (null: the
     * queue's). With none visible and a wait (null: the queue's ReceiveMessageWaitTimeSeconds), the answer comes
     * when a message turns visible or the wait ends, empty then.
     */
    public CompletableFuture<List<Delivery>> receive(int max, Integer visibilityTimeout, Integer waitSeconds) {
        List<Completion> completions = new ArrayList<>();
        CompletableFuture<List<Delivery>> answer;
        lock.lock();
        try {
            checkNotDeleted();
            Instant now = clock.instant();
            int visibility = visibilityTimeout == null ? settings.visibilityTimeout() : visibilityTimeout;
            int wait = waitSeconds == null ? settings.receiveMessageWaitTimeSeconds() : waitSeconds;
            promote(now);
            List<Delivery> deliveries = take(max, visibility, now);
            if (!deliveries.isEmpty() || wait == 0) {
                answer = CompletableFuture.completedFuture(deliveries);
            } else {
                answer = new CompletableFuture<>();
                waiters.add(new Waiter(max, visibility, now.plusSeconds(wait), answer));
                serve(now, completions);
            }
        } finally {
            lock.unlock();
        }
        complete(completions);
        return answer;
    }

    /**
     * Deletes the message {@code receiptHandle} was issued for, if it is the handle of its latest receive. A handle
     * from an earlier receive succeeds and deletes nothing, as SQS documents; so does a message already gone.
     */
    public void delete(String receiptHandle) {
        ReceiptHandles.Parsed parsed = parse(receiptHandle);
        lock.lock();
        try {
            checkNotDeleted();
            Message message = messages.get(parsed.messageId());
            if (message == null || !receiptHandle.equals(message.receiptHandle)) {
                return;
            }
            remove(message);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Hides the message of {@code receiptHandle} (its latest receive's) for {@code seconds} from now; 0 makes it
     * visible at once. The total since its first receive may not pass 12 hours.
     */
    public void changeVisibility(String receiptHandle, int seconds) {
        ReceiptHandles.Parsed parsed = parse(receiptHandle);
        List<Completion> completions = new ArrayList<>();
        lock.lock();
        try {
            checkNotDeleted();
            Instant now = clock.instant();
            promote(now);
            Message message = messages.get(parsed.messageId());
            if (message == null || !receiptHandle.equals(message.receiptHandle)) {
                throw SqsException.invalidValue(
                        receiptHandle,
                        "ReceiptHandle",
                        "Message does not exist or is not available for visibility timeout change.");
            }
            if (Duration.between(message.firstReceivedAt, now.plusSeconds(seconds))
                            .toSeconds()
                    > QueueSettings.MAX_VISIBILITY_TIMEOUT) {
                throw SqsException.invalidValue(
                        seconds,
                        "VisibilityTimeout",
                        "Total VisibilityTimeout for the message is beyond the limit ["
                                + QueueSettings.MAX_VISIBILITY_TIMEOUT + " seconds]");
            }
            if (message.state == Message.State.READY) {
                ready.remove(message.sequence);
                message.state = Message.State.IN_FLIGHT;
                inFlight++;
            }
            hide(message, now.plusSeconds(seconds));
            serve(now, completions);
        } finally {
            lock.unlock();
        }
        complete(completions);
    }

    /** Deletes every message; a second purge within 60 seconds is refused, as SQS refuses it. */
    public void purge() {
        lock.lock();
        try {
            checkNotDeleted();
            Instant now = clock.instant();
            if (lastPurgeAt != null && now.isBefore(lastPurgeAt.plus(PURGE_INTERVAL))) {
                throw new SqsException(
                        SqsError.PURGE_QUEUE_IN_PROGRESS,
                        "Only one PurgeQueue operation on " + name + " is allowed every 60 seconds.");
            }
            lastPurgeAt = now;
            messages.clear();
            ready.clear();
            hidden.clear();
            inFlight = 0;
            delayed = 0;
        } finally {
            lock.unlock();
        }
    }

    /** Every attribute GetQueueAttributes knows for a standard queue, counts as of now. */
    public Map<String, String> attributes() {
        lock.lock();
        try {
            promote(clock.instant());
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("QueueArn", arn);
            attributes.put("ApproximateNumberOfMessages", Integer.toString(ready.size()));
            attributes.put("ApproximateNumberOfMessagesNotVisible", Integer.toString(inFlight));
            attributes.put("ApproximateNumberOfMessagesDelayed", Integer.toString(delayed));
            attributes.put("CreatedTimestamp", Long.toString(createdAt.getEpochSecond()));
            attributes.put("LastModifiedTimestamp", Long.toString(lastModifiedAt.getEpochSecond()));
            attributes.putAll(settings.asAttributes());
            return attributes;
        } finally {
            lock.unlock();
        }
    }

    /** Serves waiting receives from what turned visible and ends those whose wait is over; the wakeup calls this. */
    public void tick() {
        List<Completion> completions = new ArrayList<>();
        lock.lock();
        try {
            wakeAt = null;
            if (!deleted) {
                serve(clock.instant(), completions);
            }
        } finally {
            lock.unlock();
        }
        complete(completions);
    }

    /** DeleteQueue: every waiting receive is answered empty, later calls find no queue. */
    void close() {
        List<Completion> completions = new ArrayList<>();
        lock.lock();
        try {
            deleted = true;
            for (Waiter waiter : waiters) {
                completions.add(new Completion(waiter.answer(), List.of()));
            }
            waiters.clear();
        } finally {
            lock.unlock();
        }
        complete(completions);
    }

    /** Receives waiting now (for tests and the stack's health view). */
    public int waitingReceives() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    private ReceiptHandles.Parsed parse(String receiptHandle) {
        ReceiptHandles.Parsed parsed = ReceiptHandles.parse(receiptHandle);
        if (!parsed.queueId().equals(id)) {
            throw ReceiptHandles.invalid(receiptHandle);
        }
        return parsed;
    }

    private void checkNotDeleted() {
        if (deleted) {
            throw SqsException.queueDoesNotExist();
        }
    }

    private void hide(Message message, Instant until) {
        message.visibleAt = until;
        message.hiddenVersion++;
        hidden.add(new Hidden(until, message.sequence, message, message.hiddenVersion));
    }

    /** Moves every hidden message whose time has come to the visible ones, and drops expired ones. */
    private void promote(Instant now) {
        while (!hidden.isEmpty()) {
            Hidden head = hidden.peek();
            if (!current(head)) {
                hidden.poll();
                continue;
            }
            if (head.visibleAt().isAfter(now)) {
                return;
            }
            hidden.poll();
            Message message = head.message();
            if (message.state == Message.State.DELAYED) {
                delayed--;
            } else {
                inFlight--;
            }
            message.hiddenVersion++;
            message.state = Message.State.READY;
            ready.put(message.sequence, message);
        }
    }

    private static boolean current(Hidden entry) {
        Message message = entry.message();
        return message.state != Message.State.READY && message.hiddenVersion == entry.version();
    }

    private List<Delivery> take(int max, int visibilityTimeout, Instant now) {
        List<Delivery> deliveries = new ArrayList<>();
        Iterator<Message> oldestFirst = ready.values().iterator();
        while (deliveries.size() < max && oldestFirst.hasNext()) {
            Message message = oldestFirst.next();
            oldestFirst.remove();
            if (!now.isBefore(message.expiresAt)) {
                messages.remove(message.id);
                continue;
            }
            message.state = Message.State.IN_FLIGHT;
            inFlight++;
            message.receiveCount++;
            if (message.firstReceivedAt == null) {
                message.firstReceivedAt = now;
            }
            message.receiptHandle = ReceiptHandles.issue(id, message.id, message.receiveCount);
            hide(message, now.plusSeconds(visibilityTimeout));
            deliveries.add(message.delivery());
        }
        return deliveries;
    }

    private void remove(Message message) {
        messages.remove(message.id);
        switch (message.state) {
            case READY -> ready.remove(message.sequence);
            case IN_FLIGHT -> inFlight--;
            case DELAYED -> delayed--;
        }
        message.hiddenVersion++; // its heap entry, if any, is stale from now on
    }

    /** Hands visible messages to waiting receives in arrival order, ends waits that are over, books the next look. */
    private void serve(Instant now, List<Completion> completions) {
        promote(now);
        while (!waiters.isEmpty() && !ready.isEmpty()) {
            Waiter waiter = waiters.poll();
            if (waiter.answer().isDone()) {
                continue;
            }
            List<Delivery> deliveries = take(waiter.max(), waiter.visibilityTimeout(), now);
            if (deliveries.isEmpty()) {
                waiters.addFirst(waiter); // every visible message had expired
                break;
            }
            completions.add(new Completion(waiter.answer(), deliveries));
            promote(now); // a visibility timeout of 0 shows them again at once
        }
        Instant next = null;
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            if (waiter.answer().isDone()) {
                it.remove();
            } else if (!waiter.deadline().isAfter(now)) {
                it.remove();
                completions.add(new Completion(waiter.answer(), List.of()));
            } else if (next == null || waiter.deadline().isBefore(next)) {
                next = waiter.deadline();
            }
        }
        if (next == null) {
            return;
        }
        Instant visible = nextVisible();
        if (visible != null && visible.isBefore(next)) {
            next = visible;
        }
        if (wakeAt == null || next.isBefore(wakeAt)) {
            wakeAt = next;
            wakeups.at(next, this::tick);
        }
    }

    private Instant nextVisible() {
        while (!hidden.isEmpty() && !current(hidden.peek())) {
            hidden.poll();
        }
        return hidden.isEmpty() ? null : hidden.peek().visibleAt();
    }

    private static void complete(List<Completion> completions) {
        for (Completion completion : completions) {
            completion.answer().complete(completion.deliveries());
        }
    }
}
