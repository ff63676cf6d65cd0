package io.aegisops.sqs.internal;

import java.time.Instant;
import java.util.SortedMap;

/** One message as a receive hands it out: what it holds, and the state of this receipt. */
public record Delivery(
        String messageId,
        String receiptHandle,
        String body,
        String bodyMd5,
        SortedMap<String, MessageAttribute> attributes,
        String senderId,
        Instant sentAt,
        Instant firstReceivedAt,
        int receiveCount) {}
