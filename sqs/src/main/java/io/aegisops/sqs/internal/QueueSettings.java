package io.aegisops.sqs.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A queue's settable attributes (SQS's defaults and ranges). The five that change behaviour are fields; the
 * policies and encryption settings are kept and echoed as given, with no effect (no IAM, no KMS, no dead-letter
 * moves here).
 */
public record QueueSettings(
        int delaySeconds,
        int maximumMessageSize,
        int messageRetentionPeriod,
        int receiveMessageWaitTimeSeconds,
        int visibilityTimeout,
        Map<String, String> kept) {

    public static final int MAX_VISIBILITY_TIMEOUT = 43_200;
    public static final int MAX_WAIT_TIME_SECONDS = 20;
    public static final int MAX_DELAY_SECONDS = 900;
    /** SQS's largest message (1 MiB since August 2025), also its default MaximumMessageSize. */
    public static final int MAX_MESSAGE_SIZE = 1_048_576;

    static final String DELAY_SECONDS = "DelaySeconds";
    static final String MAXIMUM_MESSAGE_SIZE = "MaximumMessageSize";
    static final String MESSAGE_RETENTION_PERIOD = "MessageRetentionPeriod";
    static final String RECEIVE_MESSAGE_WAIT_TIME_SECONDS = "ReceiveMessageWaitTimeSeconds";
    static final String VISIBILITY_TIMEOUT = "VisibilityTimeout";
    static final String SQS_MANAGED_SSE_ENABLED = "SqsManagedSseEnabled";
    static final String KMS_DATA_KEY_REUSE_PERIOD_SECONDS = "KmsDataKeyReusePeriodSeconds";

    /** Settable attributes echoed without effect (the order GetQueueAttributes lists them in). */
    private static final List<String> KEPT_NAMES = List.of(
            "Policy",
            "RedrivePolicy",
            "RedriveAllowPolicy",
            "KmsMasterKeyId",
            KMS_DATA_KEY_REUSE_PERIOD_SECONDS,
            SQS_MANAGED_SSE_ENABLED);

    /** FIFO queues' attributes: this engine serves standard queues only. */
    private static final Set<String> FIFO_NAMES =
            Set.of("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit");

    public QueueSettings {
        kept = Map.copyOf(kept);
    }

    public static QueueSettings defaults() {
        return new QueueSettings(0, MAX_MESSAGE_SIZE, 345_600, 0, 30, Map.of(SQS_MANAGED_SSE_ENABLED, "true"));
    }

    /** These settings with {@code attributes} applied, each checked as SQS checks it. */
    public QueueSettings with(Map<String, String> attributes) {
        int delay = delaySeconds;
        int maxSize = maximumMessageSize;
        int retention = messageRetentionPeriod;
        int wait = receiveMessageWaitTimeSeconds;
        int visibility = visibilityTimeout;
        Map<String, String> keep = new LinkedHashMap<>(kept);
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String value = attribute.getValue() == null ? "" : attribute.getValue();
            switch (name) {
                case DELAY_SECONDS -> delay = inRange(name, value, 0, MAX_DELAY_SECONDS);
                case MAXIMUM_MESSAGE_SIZE -> maxSize = inRange(name, value, 1024, MAX_MESSAGE_SIZE);
                case MESSAGE_RETENTION_PERIOD -> retention = inRange(name, value, 60, 1_209_600);
                case RECEIVE_MESSAGE_WAIT_TIME_SECONDS -> wait = inRange(name, value, 0, MAX_WAIT_TIME_SECONDS);
                case VISIBILITY_TIMEOUT -> visibility = inRange(name, value, 0, MAX_VISIBILITY_TIMEOUT);
                case KMS_DATA_KEY_REUSE_PERIOD_SECONDS ->
                    keep.put(name, Integer.toString(inRange(name, value, 60, 86_400)));
                case SQS_MANAGED_SSE_ENABLED -> {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw invalidValue(name);
                    }
                    keep.put(name, value);
                }
                case "FifoQueue" -> {
                    if (value.equals("true")) {
                        throw new SqsException(
                                SqsError.UNSUPPORTED_OPERATION, "FIFO queues are not supported by this engine.");
                    }
                    if (!value.equals("false")) {
                        throw invalidValue(name);
                    }
                }
                default -> {
                    if (!KEPT_NAMES.contains(name) || FIFO_NAMES.contains(name)) {
                        throw unknownAttribute(name);
                    }
                    keep.put(name, value);
                }
            }
        }
        return new QueueSettings(delay, maxSize, retention, wait, visibility, keep);
    }

    /** The name of the first attribute in {@code attributes} whose value differs from these settings', or null. */
    public String firstDifference(Map<String, String> attributes) {
        Map<String, String> mine = asAttributes();
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = attribute.getKey();
            String current = mine.get(name);
            if (name.equals("FifoQueue")) {
                current = "false";
            }
            if (!attribute.getValue().equals(current)) {
                return name;
            }
        }
        return null;
    }

    /** The settable attributes as GetQueueAttributes names them. */
    public Map<String, String> asAttributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeout));
        attributes.put(MAXIMUM_MESSAGE_SIZE, Integer.toString(maximumMessageSize));
        attributes.put(MESSAGE_RETENTION_PERIOD, Integer.toString(messageRetentionPeriod));
        attributes.put(DELAY_SECONDS, Integer.toString(delaySeconds));
        attributes.put(RECEIVE_MESSAGE_WAIT_TIME_SECONDS, Integer.toString(receiveMessageWaitTimeSeconds));
        for (String name : KEPT_NAMES) {
            if (kept.containsKey(name)) {
                attributes.put(name, kept.get(name));
            }
        }
        return attributes;
    }

    /** Whether {@code name} is an attribute GetQueueAttributes may ask for on a standard queue. */
    static boolean readable(String name) {
        return KEPT_NAMES.contains(name)
                || FIFO_NAMES.contains(name)
                || defaults().asAttributes().containsKey(name);
    }

    static SqsException unknownAttribute(String name) {
        return new SqsException(SqsError.INVALID_ATTRIBUTE_NAME, "Unknown Attribute " + name + ".");
    }

    private static int inRange(String name, String value, int min, int max) {
        if (value.isEmpty() || value.length() > 10 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalidValue(name);
        }
        long parsed = Long.parseLong(value);
        if (parsed < min || parsed > max) {
            throw invalidValue(name);
        }
        return (int) parsed;
    }

    private static SqsException invalidValue(String name) {
        return new SqsException(SqsError.INVALID_ATTRIBUTE_VALUE, "Invalid value for the parameter " + name + ".");
    }
}
