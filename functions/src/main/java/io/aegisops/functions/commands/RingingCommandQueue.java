package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.logging.EventLog;

/**
 * A {@link CommandQueue} that rings the host's {@link Doorbell} after each write of a command that waits to be
 * claimed (a new one, or one that took over a retried state's token). A doorbell that fails is logged and never
 * fails the write: the command is in the table, and the agent's safety poll finds it.
 */
public final class RingingCommandQueue implements CommandQueue {

    private static final EventLog LOG = EventLog.of(RingingCommandQueue.class);

    private final CommandQueue commands;
    private final Doorbell doorbell;

    public RingingCommandQueue(CommandQueue commands, Doorbell doorbell) {
        this.commands = commands;
        this.doorbell = doorbell;
    }

    @Override
    public Submission submit(Command command) {
        Submission submission = commands.submit(command);
        if (submission != Submission.ALREADY_CLAIMED) {
            try {
                doorbell.ring(command.hostId(), command.commandId());
            } catch (RuntimeException e) {
                LOG.warn(
                        "doorbell.not_rung",
                        "commandId",
                        command.commandId(),
                        "hostId",
                        command.hostId(),
                        "error",
                        e,
                        "detail",
                        "the command is written; the agent's safety poll finds it");
            }
        }
        return submission;
    }
}
