package io.aegisops.edge.actions;

import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;

/**
 * What a command came to: a result the task token is answered with (SendTaskSuccess), or an error and a
 * cause (SendTaskFailure). The result is recorded on the command item either way.
 */
public record Outcome(CommandResult result, AegisError error, String cause) {

    public static Outcome answered(CommandResult result) {
        return new Outcome(result, null, null);
    }

    public static Outcome failed(AegisError error, String cause, CommandResult result) {
        return new Outcome(result, error, cause);
    }

    public boolean isFailure() {
        return error != null;
    }

    /** SUCCEEDED when the action was done and came out well (a restarted container is healthy, a probe answered). */
    public CommandStatus status() {
        return !isFailure() && result.success() ? CommandStatus.SUCCEEDED : CommandStatus.FAILED;
    }
}
