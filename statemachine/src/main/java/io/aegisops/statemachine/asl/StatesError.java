package io.aegisops.statemachine.asl;

import java.util.List;

/**
 * An error in the States Language sense: a name (one of the predefined {@code States.*} names or a
 * task's own, such as {@code Aegis.NotAllowed}) and a human-readable cause. It travels through
 * Retry and Catch and ends an execution as its {@code error}/{@code cause}.
 */
public final class StatesError extends RuntimeException {

    public static final String ALL = "States.ALL";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String RESULT_PATH_MATCH_FAILURE = "States.ResultPathMatchFailure";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    /**
     * A data-flow error — a path that selects nothing, a bad intrinsic argument, a Choice without a match —
     * never retried or caught. (Step Functions reserves States.ParameterPathFailure, States.IntrinsicFailure
     * and States.NoChoiceMatched and reports these cases as States.Runtime, as this engine does.)
     */
    public static final String RUNTIME = "States.Runtime";

    private final String error;
    private final String cause;

    public StatesError(String error, String cause) {
        super(error + ": " + cause);
        this.error = error;
        this.cause = cause;
    }

    public static StatesError runtime(String cause) {
        return new StatesError(RUNTIME, cause);
    }

    public String error() {
        return error;
    }

    public String cause() {
        return cause;
    }

    /** Retry and Catch never see States.Runtime or States.DataLimitExceeded: they end the execution. */
    public static boolean isTerminal(String error) {
        return RUNTIME.equals(error) || DATA_LIMIT_EXCEEDED.equals(error);
    }

    /**
     * Whether a retrier's or catcher's {@code ErrorEquals} matches an error: by name, with
     * {@code States.ALL} matching everything that can be caught, {@code States.Timeout} also matching a
     * heartbeat timeout, and {@code States.TaskFailed} matching everything but timeouts.
     */
    public static boolean matches(List<String> errorEquals, String error) {
        if (isTerminal(error)) {
            return false;
        }
        for (String name : errorEquals) {
            boolean timeout = TIMEOUT.equals(error) || HEARTBEAT_TIMEOUT.equals(error);
            if (name.equals(error)
                    || ALL.equals(name)
                    || (TIMEOUT.equals(name) && HEARTBEAT_TIMEOUT.equals(error))
                    || (TASK_FAILED.equals(name) && !timeout)) {
                return true;
            }
        }
        return false;
    }
}
