package io.aegisops.functions.ingest;

/** Step Functions refused a task token: the task timed out, was answered already, or never existed. */
public final class TaskTokenRejectedException extends RuntimeException {

    public TaskTokenRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
