package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import java.util.List;
import java.util.Optional;

/** Unit: the fake keeps the {@link CommandQueueContract}, as the DynamoDB adapter does. */
class InMemoryCommandQueueTest extends CommandQueueContract {

    InMemoryCommandQueueTest() {
        super(new InMemoryCommandQueue());
    }

    private InMemoryCommandQueue fake() {
        return (InMemoryCommandQueue) queue;
    }

    @Override
    Optional<Command> find(String hostId, String commandId) {
        return fake().find(hostId, commandId);
    }

    @Override
    List<Command> commandsOf(String hostId) {
        return fake().of(hostId);
    }

    @Override
    void claim(String hostId, String commandId, String agentId) {
        fake().claim(hostId, commandId, agentId);
    }
}
