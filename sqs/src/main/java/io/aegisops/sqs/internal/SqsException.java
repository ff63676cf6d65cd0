package io.aegisops.sqs.internal;

/** A request SQS would refuse: the error and the message a client sees. */
public final class SqsException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final SqsError error;

    public SqsException(SqsError error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    public SqsError error() {
        return error;
    }

    static SqsException invalidParameter(String message) {
        return new SqsException(SqsError.INVALID_PARAMETER_VALUE, message);
    }

    /** SQS's wording for a parameter outside its range: "Value 21 for parameter WaitTimeSeconds is invalid. ..." */
    static SqsException invalidValue(Object value, String parameter, String reason) {
        return invalidParameter("Value " + value + " for parameter " + parameter + " is invalid. Reason: " + reason);
    }

    static SqsException queueDoesNotExist() {
        return new SqsException(SqsError.QUEUE_DOES_NOT_EXIST, "The specified queue does not exist.");
    }
}
