package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;

/** The edge agents' inbox: one partition per host, one item per command. */
public interface CommandQueue {

    /** What {@link #submit} did. */
    enum Submission {
        /** The command was written: the first attempt of this step. */
        WRITTEN,
        /**
         * The command was there already and not yet claimed: it now carries this submission's task token, so the
         * agent answers the task that is waiting now (a retried state has a new token).
         */
        TOKEN_REPLACED,
        /** The command was there already and an agent has claimed it: nothing changed. */
        ALREADY_CLAIMED
    }

    /**
     * Writes the command unless one with its id is already there (a retried writer). An existing command still
     * PENDING takes over the new task token; nothing else about it changes, so there is never a second command.
     */
    Submission submit(Command command);
}
