package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import java.util.Optional;

/** The edge agents' inbox: one partition per host, one item per command. */
public interface CommandQueue {

    /**
     * Writes the command unless one with its id is already there (a retried writer): true when written,
     * false when it already existed, in which case nothing changed.
     */
    boolean submit(Command command);

    Optional<Command> find(String hostId, String commandId);
}
