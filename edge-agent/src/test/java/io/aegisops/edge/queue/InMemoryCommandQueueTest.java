package io.aegisops.edge.queue;

import io.aegisops.contracts.Command;

/** The in-memory fake keeps the {@link CommandQueueContract} the DynamoDB adapter keeps. */
class InMemoryCommandQueueTest extends CommandQueueContract {

    private final InMemoryCommandQueue queue = new InMemoryCommandQueue(hostId);

    @Override
    CommandQueue queue() {
        return queue;
    }

    @Override
    Command put(Command command) {
        return queue.put(command);
    }

    @Override
    Command get(Command command) {
        return queue.get(command.commandId());
    }

    @Override
    void putUnknownType(String commandId, String taskToken, String type) {
        queue.putUnreadable(new UnreadableCommand(commandId, taskToken, "unknown command type " + type));
    }
}
