package io.aegisops.edge.queue;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@link CommandQueue} in memory, serving one host's commands among those of any host it holds, with the conditions {@link DynamoCommandQueue} writes (the
 * contract test holds both to them): every change checks the item's state and changes nothing when it is not the
 * expected one. Operations can be made to fail as an unreachable control plane does, and a poll can be followed by
 * another agent's step before its caller acts on what it read.
 */
public final class InMemoryCommandQueue implements CommandQueue {

    /** The queue's operations, for {@link #failNext}. */
    public enum Operation {
        POLL,
        READ,
        CLAIM,
        RENEW,
        RELEASE,
        COMPLETE,
        EXPIRE,
        ABANDON
    }

    /** One item: a command, or a PENDING item that is not one (kept with what a poll reports of it). */
    private static final class Item {
        final Command command;
        final UnreadableCommand unreadable;
        CommandStatus status;
        String claimedBy;
        Long leaseUntil;
        CommandResult result;

        Item(Command command, UnreadableCommand unreadable, CommandStatus status) {
            this.command = command;
            this.unreadable = unreadable;
            this.status = status;
        }

        Command read() {
            return new Command(
                    command.commandId(),
                    command.hostId(),
                    command.incidentId(),
                    command.type(),
                    command.container(),
                    command.params(),
                    command.dryRun(),
                    command.taskToken(),
                    status,
                    claimedBy,
                    leaseUntil,
                    command.createdAt(),
                    result,
                    command.ttl());
        }
    }

    private final String hostId;
    private final Map<String, Item> items = new TreeMap<>();
    private final Map<Operation, Integer> failures = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private Runnable afterNextPoll = () -> {};

    public InMemoryCommandQueue(String hostId) {
        this.hostId = hostId;
    }

    /** Writes a command (of any host) as the pipeline does; refuses a second item with the same id. */
    public synchronized Command put(Command command) {
        if (items.containsKey(command.commandId())) {
            throw new IllegalStateException("command " + command.commandId() + " exists");
        }
        Item item = new Item(command, null, command.status());
        item.claimedBy = command.claimedBy();
        item.leaseUntil = command.leaseUntil();
        item.result = command.result();
        items.put(command.commandId(), item);
        return command;
    }

    /** Writes a PENDING item of this host that does not read as a command (an unknown type, say). */
    public synchronized void putUnreadable(UnreadableCommand unreadable) {
        items.put(unreadable.commandId(), new Item(null, unreadable, CommandStatus.PENDING));
    }

    /** The command as stored now. */
    public synchronized Command get(String commandId) {
        Item item = find(commandId);
        if (item.command == null) {
            throw new IllegalArgumentException(commandId + " is not a readable command; ask status() and result()");
        }
        return item.read();
    }

    public synchronized CommandStatus status(String commandId) {
        return find(commandId).status;
    }

    public synchronized CommandResult result(String commandId) {
        return find(commandId).result;
    }

    /** The next {@code times} calls of {@code operation} throw, as when the control plane does not answer. */
    public synchronized void failNext(Operation operation, int times) {
        failures.put(operation, times);
    }

    /** How often {@code operation} was called (each a request to DynamoDB). */
    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    /** Runs {@code step} after the next poll has read the partition, before its caller acts on what it read. */
    public synchronized void afterNextPoll(Runnable step) {
        afterNextPoll = step;
    }

    @Override
    public QueueSnapshot poll() {
        QueueSnapshot snapshot;
        Runnable step;
        synchronized (this) {
            failIfAsked(Operation.POLL);
            List<Command> pending = new ArrayList<>();
            List<Command> claimed = new ArrayList<>();
            List<UnreadableCommand> unreadable = new ArrayList<>();
            for (Item item : items.values()) {
                if (!isOurs(item)) {
                    continue;
                }
                if (item.command == null) {
                    if (item.status == CommandStatus.PENDING) {
                        unreadable.add(item.unreadable);
                    }
                } else if (item.status == CommandStatus.PENDING) {
                    pending.add(item.read());
                } else if (item.status == CommandStatus.CLAIMED) {
                    claimed.add(item.read());
                }
            }
            pending.sort(
                    Comparator.comparing(Command::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                            .thenComparing(Command::commandId));
            snapshot = new QueueSnapshot(pending, claimed, unreadable);
            step = afterNextPoll;
            afterNextPoll = () -> {};
        }
        step.run();
        return snapshot;
    }

    @Override
    public synchronized QueueSnapshot read(String commandId) {
        failIfAsked(Operation.READ);
        Item item = ours(commandId);
        List<Command> pending = new ArrayList<>();
        List<Command> claimed = new ArrayList<>();
        List<UnreadableCommand> unreadable = new ArrayList<>();
        if (item != null && item.command == null && item.status == CommandStatus.PENDING) {
            unreadable.add(item.unreadable);
        } else if (item != null && item.command != null && item.status == CommandStatus.PENDING) {
            pending.add(item.read());
        } else if (item != null && item.command != null && item.status == CommandStatus.CLAIMED) {
            claimed.add(item.read());
        }
        return new QueueSnapshot(pending, claimed, unreadable);
    }

    @Override
    public synchronized boolean claim(String commandId, String agentId, long leaseUntil) {
        failIfAsked(Operation.CLAIM);
        Item item = ours(commandId);
        if (item == null || item.status != CommandStatus.PENDING) {
            return false;
        }
        item.status = CommandStatus.CLAIMED;
        item.claimedBy = agentId;
        item.leaseUntil = leaseUntil;
        return true;
    }

    @Override
    public synchronized boolean renew(String commandId, String agentId, long leaseUntil) {
        failIfAsked(Operation.RENEW);
        Item item = ours(commandId);
        if (!heldBy(item, agentId)) {
            return false;
        }
        item.leaseUntil = leaseUntil;
        return true;
    }

    @Override
    public synchronized boolean release(String commandId, String agentId) {
        failIfAsked(Operation.RELEASE);
        Item item = ours(commandId);
        if (!heldBy(item, agentId)) {
            return false;
        }
        item.status = CommandStatus.PENDING;
        item.claimedBy = null;
        item.leaseUntil = null;
        return true;
    }

    @Override
    public synchronized boolean complete(String commandId, String agentId, CommandStatus status, CommandResult result) {
        failIfAsked(Operation.COMPLETE);
        Item item = ours(commandId);
        if (item == null || !agentId.equals(item.claimedBy)) {
            return false;
        }
        item.status = status;
        item.result = result;
        return true;
    }

    @Override
    public synchronized boolean expire(String commandId, CommandResult result) {
        failIfAsked(Operation.EXPIRE);
        Item item = ours(commandId);
        if (item == null || item.status != CommandStatus.PENDING) {
            return false;
        }
        item.status = CommandStatus.EXPIRED;
        item.result = result;
        return true;
    }

    @Override
    public synchronized boolean abandon(String commandId, String claimedBy, Long leaseUntil, CommandResult result) {
        failIfAsked(Operation.ABANDON);
        Item item = ours(commandId);
        if (!heldBy(item, claimedBy) || !Objects.equals(item.leaseUntil, leaseUntil)) {
            return false;
        }
        item.status = CommandStatus.FAILED;
        item.result = result;
        return true;
    }

    /** The item, if it is this host's: the others are not there for this queue, as in another partition. */
    private Item ours(String commandId) {
        Item item = items.get(commandId);
        return item != null && isOurs(item) ? item : null;
    }

    private boolean isOurs(Item item) {
        return item.command == null || hostId.equals(item.command.hostId());
    }

    private static boolean heldBy(Item item, String agentId) {
        return item != null && item.status == CommandStatus.CLAIMED && agentId.equals(item.claimedBy);
    }

    private Item find(String commandId) {
        Item item = ours(commandId);
        if (item == null) {
            throw new IllegalArgumentException("no command " + commandId);
        }
        return item;
    }

    private void failIfAsked(Operation operation) {
        calls.merge(operation, 1, Integer::sum);
        int left = failures.getOrDefault(operation, 0);
        if (left > 0) {
            failures.put(operation, left - 1);
            throw new IllegalStateException(operation + " failed: control plane unreachable (injected)");
        }
    }
}
