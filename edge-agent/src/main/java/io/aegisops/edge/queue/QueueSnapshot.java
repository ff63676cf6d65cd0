package io.aegisops.edge.queue;

import io.aegisops.contracts.Command;
import java.util.List;

/**
 * One read of the host's partition: commands waiting to be claimed (oldest first), commands claimed by
 * some agent, and PENDING items that do not read as a {@link Command} (refused without running).
 */
public record QueueSnapshot(List<Command> pending, List<Command> claimed, List<UnreadableCommand> unreadable) {

    public QueueSnapshot {
        pending = List.copyOf(pending);
        claimed = List.copyOf(claimed);
        unreadable = List.copyOf(unreadable);
    }
}
