package io.aegisops.sqs.internal;

/**
 * The errors the engine answers, each with the three names a client may read: the JSON protocol's {@code __type}
 * shape (the SDK picks its exception class by it), the query-protocol code SQS still sends in
 * {@code x-amzn-query-error} (the SDK's and the CLI's error code), and the HTTP status.
 */
public enum SqsError {
    QUEUE_DOES_NOT_EXIST("QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue", 400),
    QUEUE_NAME_EXISTS("QueueNameExists", "QueueAlreadyExists", 400),
    QUEUE_DELETED_RECENTLY("QueueDeletedRecently", "AWS.SimpleQueueService.QueueDeletedRecently", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", "InvalidParameterValue", 400),
    MISSING_PARAMETER("MissingParameter", "MissingParameter", 400),
    INVALID_ATTRIBUTE_NAME("InvalidAttributeName", "InvalidAttributeName", 400),
    INVALID_ATTRIBUTE_VALUE("InvalidAttributeValue", "InvalidAttributeValue", 400),
    INVALID_MESSAGE_CONTENTS("InvalidMessageContents", "InvalidMessageContents", 400),
    RECEIPT_HANDLE_IS_INVALID("ReceiptHandleIsInvalid", "ReceiptHandleIsInvalid", 400),
    PURGE_QUEUE_IN_PROGRESS("PurgeQueueInProgress", "AWS.SimpleQueueService.PurgeQueueInProgress", 403),
    EMPTY_BATCH_REQUEST("EmptyBatchRequest", "AWS.SimpleQueueService.EmptyBatchRequest", 400),
    TOO_MANY_ENTRIES_IN_BATCH_REQUEST(
            "TooManyEntriesInBatchRequest", "AWS.SimpleQueueService.TooManyEntriesInBatchRequest", 400),
    BATCH_ENTRY_IDS_NOT_DISTINCT("BatchEntryIdsNotDistinct", "AWS.SimpleQueueService.BatchEntryIdsNotDistinct", 400),
    INVALID_BATCH_ENTRY_ID("InvalidBatchEntryId", "AWS.SimpleQueueService.InvalidBatchEntryId", 400),
    BATCH_REQUEST_TOO_LONG("BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", 400),
    UNSUPPORTED_OPERATION("UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", 400),
    /** Not an SQS shape: what every AWS JSON service answers for a target it does not know. */
    UNKNOWN_OPERATION("UnknownOperationException", "UnknownOperationException", 400),
    /** A body that is not a JSON object. */
    SERIALIZATION("SerializationException", "SerializationException", 400);

    private final String shape;
    private final String queryCode;
    private final int status;

    SqsError(String shape, String queryCode, int status) {
        this.shape = shape;
        this.queryCode = queryCode;
        this.status = status;
    }

    /** The {@code __type}: SQS's shapes carry the service's namespace, the generic ones do not. */
    public String type() {
        return this == UNKNOWN_OPERATION || this == SERIALIZATION ? shape : "com.amazonaws.sqs#" + shape;
    }

    /** The {@code x-amzn-query-error} header: the query code and whose fault it was (always the sender's here). */
    public String queryError() {
        return queryCode + ";Sender";
    }

    public String queryCode() {
        return queryCode;
    }

    public int status() {
        return status;
    }
}
