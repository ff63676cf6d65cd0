package io.aegisops.dynamodb.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error the engine answers with, as DynamoDB names it: the {@code __type} suffix, the message users match on,
 * the HTTP status, and extra fields some errors carry (an {@code Item}, {@code CancellationReasons}).
 */
public final class ApiException extends RuntimeException {

    private final String type;
    private final int status;
    private final transient ObjectNode extra;

    public ApiException(String type, int status, String message, ObjectNode extra) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.extra = extra;
    }

    public static ApiException validation(String message) {
        return new ApiException("ValidationException", 400, message, null);
    }

    public static ApiException resourceNotFound(String message) {
        return new ApiException("ResourceNotFoundException", 400, message, null);
    }

    public static ApiException resourceInUse(String message) {
        return new ApiException("ResourceInUseException", 400, message, null);
    }

    public static ApiException conditionalCheckFailed(ObjectNode extra) {
        return new ApiException("ConditionalCheckFailedException", 400, "The conditional request failed", extra);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    public ObjectNode extra() {
        return extra;
    }
}
