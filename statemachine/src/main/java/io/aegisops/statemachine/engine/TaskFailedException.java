package io.aegisops.statemachine.engine;

/** A task's failure as Step Functions reports it: an error name and a cause (either may be null). */
public final class TaskFailedException extends Exception {

    private final String error;
    private final String cause;

    public TaskFailedException(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }
}
