package io.aegisops.edge.answers;

/**
 * Answers the task token a waiting state of the pipeline gave a command. Transient failures (the control
 * plane does not answer, throttling) are thrown as exceptions for the caller to retry; a closed task or a
 * bad token is an {@link AnswerOutcome}, never retried.
 */
public interface TaskAnswers {

    /** The task succeeds with {@code output}, a JSON document (the command's result). */
    AnswerOutcome succeed(String taskToken, String output);

    /** The task fails with {@code error} (an {@code Aegis.*} name the state machine can catch) and a cause. */
    AnswerOutcome fail(String taskToken, String error, String cause);

    /** Tells the waiting state the command is still being worked on. */
    AnswerOutcome heartbeat(String taskToken);
}
