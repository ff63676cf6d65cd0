package io.aegisops.sqs.internal;

import java.time.Instant;
import java.util.SortedMap;

/** A message in its queue; its mutable part is guarded by the queue's lock. */
final class Message {

    enum State {
        /** Sent with a delay that has not passed. */
        DELAYED,
        /** Visible: the next receive may take it. */
        READY,
        /** Received, hidden until its visibility timeout ends. */
        IN_FLIGHT
    }

    final String id;
    final long sequence;
    final String body;
    final String bodyMd5;
    final SortedMap<String, MessageAttribute> attributes;
    final String senderId;
    final Instant sentAt;
    final Instant expiresAt;

    State state;
    Instant visibleAt;
    /** Bumped whenever the message is hidden again or leaves the hidden set: older heap entries are stale. */
    long hiddenVersion;

    int receiveCount;
    Instant firstReceivedAt;
    String receiptHandle;

    Message(
            String id,
            long sequence,
            String body,
            SortedMap<String, MessageAttribute> attributes,
            String senderId,
            Instant sentAt,
            Instant expiresAt) {
        this.id = id;
        this.sequence = sequence;
        this.body = body;
        this.bodyMd5 = MessageAttribute.md5OfBody(body);
        this.attributes = attributes;
        this.senderId = senderId;
        this.sentAt = sentAt;
        this.expiresAt = expiresAt;
    }

    Delivery delivery() {
        return new Delivery(
                id, receiptHandle, body, bodyMd5, attributes, senderId, sentAt, firstReceivedAt, receiveCount);
    }
}
