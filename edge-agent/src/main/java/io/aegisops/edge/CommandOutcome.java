package io.aegisops.edge;

import io.aegisops.contracts.CommandStatus;
import io.aegisops.edge.actions.AegisError;
import io.aegisops.edge.actions.Outcome;
import java.util.Locale;

/** How the agent was done with a command: the {@code outcome} label of its metrics and of "command.finished". */
enum CommandOutcome {
    /** The action was done and came out well. */
    SUCCEEDED,
    /** The action failed, or was done and did not come out well (a restarted container not healthy in time). */
    FAILED,
    /** Nothing ran: the command is not allowed, or not a valid command. */
    REFUSED,
    /** Nothing ran: the command was too old, or its task was already closed. */
    EXPIRED,
    /** Another agent's lease lapsed without an outcome; marked failed here, never re-run. */
    ABANDONED,
    /** Given back to PENDING by a stopping agent before its action began. */
    RELEASED;

    /** What an executed command came to. */
    static CommandOutcome of(Outcome outcome) {
        if (outcome.error() == AegisError.NOT_ALLOWED || outcome.error() == AegisError.INVALID_COMMAND) {
            return REFUSED;
        }
        return outcome.status() == CommandStatus.SUCCEEDED ? SUCCEEDED : FAILED;
    }

    /** The label as metrics and logs write it: the name in lower case. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
