package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs what a Task state's {@code Resource} names. The engine handles the integration pattern
 * around it: for a {@code .waitForTaskToken} resource the returned value is only the submission's
 * response (history event TaskSubmitted) and the task then waits for SendTaskSuccess/Failure with
 * {@link TaskRequest#taskToken()}; otherwise the returned value is the task's result.
 *
 * <p>Called on a worker thread, never while the execution is locked, so an implementation may block
 * and may call back into the engine (SendTaskSuccess with the token, for instance). Treat the
 * request's JSON as read-only.
 */
@FunctionalInterface
public interface TaskInvoker {

    /**
     * @throws TaskFailedException the task's error name (Retry/Catch match it) and cause
     */
    JsonNode invoke(TaskRequest request) throws TaskFailedException;
}
