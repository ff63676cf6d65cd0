package io.aegisops.edge;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.edge.actions.AegisError;

/** What every log line and not-run result about a command carries. */
final class CommandFields {

    private CommandFields() {}

    /** The command's identifying log fields, then {@code more} name/value pairs. */
    static Object[] fields(Command command, Object... more) {
        Object[] base = {
            "commandId",
            command.commandId(),
            "incidentId",
            command.incidentId(),
            "type",
            command.type(),
            "container",
            command.container()
        };
        Object[] all = new Object[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /** The result recorded for a command that did not run: the error's name (if any) and the cause. */
    static CommandResult notRun(Command command, AegisError error, String cause) {
        return CommandResult.notRun(
                command.commandId(),
                command.type(),
                command.dryRun(),
                (error == null ? "" : error.wireName() + ": ") + cause);
    }
}
