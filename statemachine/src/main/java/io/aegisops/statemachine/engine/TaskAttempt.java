package io.aegisops.statemachine.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.statemachine.asl.State.TaskState;
import io.aegisops.statemachine.asl.StatesError;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One try of a Task state. It closes exactly once — with the invoker's answer, the token's answer, a
 * timeout, or the end of its branch or execution — and whoever closes it decides what the task did;
 * anything that arrives later is ignored (and a late token call is told TaskTimedOut).
 */
final class TaskAttempt implements Strand.Awaited {

    private final Strand strand;
    private final TaskState state;
    private final Visit visit;
    private final TaskResource resource;
    private final String token;
    private final JsonNode context;
    private final Long heartbeatSeconds;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Instant lastHeartbeat;
    private volatile Timers.Timer timeoutTimer;
    private volatile Timers.Timer heartbeatTimer;

    TaskAttempt(
            Strand strand,
            TaskState state,
            Visit visit,
            TaskResource resource,
            String token,
            JsonNode context,
            Long heartbeatSeconds) {
        this.strand = strand;
        this.state = state;
        this.visit = visit;
        this.resource = resource;
        this.token = token;
        this.context = context;
        this.heartbeatSeconds = heartbeatSeconds;
    }

    Strand strand() {
        return strand;
    }

    TaskState state() {
        return state;
    }

    Visit visit() {
        return visit;
    }

    TaskResource resource() {
        return resource;
    }

    String token() {
        return token;
    }

    JsonNode context() {
        return context;
    }

    Execution execution() {
        return strand.execution();
    }

    void armTimers(Long timeoutSeconds) {
        if (timeoutSeconds != null) {
            timeoutTimer = execution()
                    .schedule(
                            Duration.ofSeconds(timeoutSeconds),
                            () -> timedOut(
                                    StatesError.TIMEOUT,
                                    "The task did not finish within its TimeoutSeconds (" + timeoutSeconds + ")"));
        }
        if (heartbeatSeconds != null && token != null) {
            lastHeartbeat = execution().now();
            heartbeatTimer = execution().schedule(Duration.ofSeconds(heartbeatSeconds), this::checkHeartbeat);
        }
    }

    boolean isOpen() {
        return !closed.get();
    }

    /** Claims the attempt; false when something else already closed it. */
    boolean tryClose() {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        cancelTimer(timeoutTimer);
        cancelTimer(heartbeatTimer);
        execution().untrack(this);
        return true;
    }

    /** The strand was cancelled: the attempt ends unanswered. */
    @Override
    public void cancel() {
        tryClose();
    }

    private static void cancelTimer(Timers.Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** SendTaskHeartbeat: any thread. */
    void recordHeartbeat() {
        lastHeartbeat = execution().now();
    }

    // ---------------------------------------------------------------- steps (run by the execution's mailbox)

    void invocationSucceeded(JsonNode result) {
        if (!isOpen()) {
            return;
        }
        if (token != null) {
            TaskRunner.submitted(this, result);
        } else if (tryClose()) {
            TaskRunner.succeeded(this, result);
        }
    }

    void invocationFailed(String error, String cause) {
        if (tryClose()) {
            TaskRunner.failed(this, error, cause);
        }
    }

    /** After SendTaskSuccess claimed the attempt. */
    void tokenSucceeded(JsonNode output) {
        TaskRunner.succeeded(this, output);
    }

    /** After SendTaskFailure claimed the attempt. */
    void tokenFailed(String error, String cause) {
        TaskRunner.failed(this, error, cause);
    }

    private void timedOut(String error, String cause) {
        if (tryClose()) {
            TaskRunner.timedOut(this, error, cause);
        }
    }

    private void checkHeartbeat() {
        if (!isOpen()) {
            return;
        }
        Duration quiet = Duration.between(lastHeartbeat, execution().now());
        Duration allowed = Duration.ofSeconds(heartbeatSeconds);
        if (quiet.compareTo(allowed) >= 0) {
            timedOut(StatesError.HEARTBEAT_TIMEOUT, "No heartbeat within HeartbeatSeconds (" + heartbeatSeconds + ")");
        } else {
            heartbeatTimer = execution().schedule(allowed.minus(quiet), this::checkHeartbeat);
        }
    }
}
