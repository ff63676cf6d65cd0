package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The agents' inbox in memory, keeping the contract of {@link CommandQueue} as {@link DynamoCommandQueue} keeps it
 * ({@link CommandQueueContract} holds both to it). Commands are held as the items the agent reads, one partition per
 * host in command-id order; {@link #claim} does to an item what an agent's claim does.
 */
public class InMemoryCommandQueue implements CommandQueue {

    private final Map<String, TreeMap<String, Map<String, AttributeValue>>> hosts = new HashMap<>();

    @Override
    public synchronized Submission submit(Command command) {
        Map<String, Map<String, AttributeValue>> partition =
                hosts.computeIfAbsent(command.hostId(), host -> new TreeMap<>());
        Map<String, AttributeValue> item = partition.get(command.commandId());
        if (item == null) {
            partition.put(command.commandId(), new HashMap<>(ItemMapper.toItem(command)));
            return Submission.WRITTEN;
        }
        if (!CommandStatus.PENDING.name().equals(item.get("status").s())) {
            return Submission.ALREADY_CLAIMED;
        }
        item.put("taskToken", AttributeValue.fromS(command.taskToken()));
        return Submission.TOKEN_REPLACED;
    }

    /** An agent claims the command: it is no longer PENDING. */
    public synchronized void claim(String hostId, String commandId, String agentId) {
        Map<String, AttributeValue> item =
                hosts.getOrDefault(hostId, new TreeMap<>()).get(commandId);
        if (item == null) {
            throw new IllegalArgumentException("no command " + commandId + " for " + hostId);
        }
        item.put("status", AttributeValue.fromS(CommandStatus.CLAIMED.name()));
        item.put("claimedBy", AttributeValue.fromS(agentId));
    }

    public synchronized Optional<Command> find(String hostId, String commandId) {
        return Optional.ofNullable(hosts.getOrDefault(hostId, new TreeMap<>()).get(commandId))
                .map(item -> ItemMapper.fromItem(item, Command.class));
    }

    /** The commands of one host, in command-id order. */
    public synchronized List<Command> of(String hostId) {
        return hosts.getOrDefault(hostId, new TreeMap<>()).values().stream()
                .map(item -> ItemMapper.fromItem(item, Command.class))
                .toList();
    }
}
