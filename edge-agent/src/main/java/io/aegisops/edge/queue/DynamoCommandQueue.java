package io.aegisops.edge.queue;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandResult;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.Json;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** {@link CommandQueue} on the DynamoDB {@code commands} table (pk hostId, sk commandId), items as {@link ItemMapper} writes them. */
public final class DynamoCommandQueue implements CommandQueue {

    private static final Map<String, String> NAMES =
            Map.of("#status", "status", "#claimedBy", "claimedBy", "#leaseUntil", "leaseUntil", "#result", "result");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String hostId;

    public DynamoCommandQueue(DynamoDbClient dynamo, String table, String hostId) {
        this.dynamo = dynamo;
        this.table = table;
        this.hostId = hostId;
    }

    @Override
    public QueueSnapshot poll() {
        List<Command> pending = new ArrayList<>();
        List<Command> claimed = new ArrayList<>();
        List<UnreadableCommand> unreadable = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder request = QueryRequest.builder()
                    .tableName(table)
                    .consistentRead(true)
                    .keyConditionExpression("hostId = :host")
                    .filterExpression("#status IN (:pending, :claimed)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":host", AttributeValue.fromS(hostId),
                            ":pending", status(CommandStatus.PENDING),
                            ":claimed", status(CommandStatus.CLAIMED)));
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            QueryResponse response = dynamo.query(request.build());
            for (Map<String, AttributeValue> item : response.items()) {
                sort(item, pending, claimed, unreadable);
            }
            startKey = response.hasLastEvaluatedKey()
                            && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (startKey != null);
        pending.sort(Comparator.comparing(Command::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Command::commandId));
        return new QueueSnapshot(pending, claimed, unreadable);
    }

    @Override
    public QueueSnapshot read(String commandId) {
        List<Command> pending = new ArrayList<>();
        List<Command> claimed = new ArrayList<>();
        List<UnreadableCommand> unreadable = new ArrayList<>();
        GetItemResponse response =
                dynamo.getItem(b -> b.tableName(table).key(key(commandId)).consistentRead(true));
        if (response.hasItem() && !response.item().isEmpty()) {
            sort(response.item(), pending, claimed, unreadable);
        }
        return new QueueSnapshot(pending, claimed, unreadable);
    }

    /** Files a PENDING or CLAIMED item under what it is; anything else under nothing. */
    private static void sort(
            Map<String, AttributeValue> item,
            List<Command> pending,
            List<Command> claimed,
            List<UnreadableCommand> unreadable) {
        try {
            Command command = ItemMapper.fromItem(item, Command.class);
            if (command.status() == CommandStatus.PENDING) {
                pending.add(command);
            } else if (command.status() == CommandStatus.CLAIMED) {
                claimed.add(command);
            }
        } catch (IllegalArgumentException e) {
            if (status(CommandStatus.PENDING).equals(item.get("status"))) {
                unreadable.add(new UnreadableCommand(text(item, "commandId"), text(item, "taskToken"), e.getMessage()));
            }
        }
    }

    @Override
    public boolean claim(String commandId, String agentId, long leaseUntil) {
        return update(
                commandId,
                "SET #status = :claimed, #claimedBy = :me, #leaseUntil = :lease",
                "#status = :pending",
                Map.of(
                        ":claimed",
                        status(CommandStatus.CLAIMED),
                        ":pending",
                        status(CommandStatus.PENDING),
                        ":me",
                        AttributeValue.fromS(agentId),
                        ":lease",
                        number(leaseUntil)));
    }

    @Override
    public boolean renew(String commandId, String agentId, long leaseUntil) {
        return update(
                commandId,
                "SET #leaseUntil = :lease",
                "#status = :claimed AND #claimedBy = :me",
                Map.of(
                        ":claimed",
                        status(CommandStatus.CLAIMED),
                        ":me",
                        AttributeValue.fromS(agentId),
                        ":lease",
                        number(leaseUntil)));
    }

    @Override
    public boolean release(String commandId, String agentId) {
        return update(
                commandId,
                "SET #status = :pending REMOVE #claimedBy, #leaseUntil",
                "#status = :claimed AND #claimedBy = :me",
                Map.of(
                        ":pending",
                        status(CommandStatus.PENDING),
                        ":claimed",
                        status(CommandStatus.CLAIMED),
                        ":me",
                        AttributeValue.fromS(agentId)));
    }

    @Override
    public boolean complete(String commandId, String agentId, CommandStatus status, CommandResult result) {
        return update(
                commandId,
                "SET #status = :done, #result = :result",
                "#claimedBy = :me",
                Map.of(":done", status(status), ":result", result(result), ":me", AttributeValue.fromS(agentId)));
    }

    @Override
    public boolean expire(String commandId, CommandResult result) {
        return update(
                commandId,
                "SET #status = :expired, #result = :result",
                "#status = :pending",
                Map.of(
                        ":expired",
                        status(CommandStatus.EXPIRED),
                        ":pending",
                        status(CommandStatus.PENDING),
                        ":result",
                        result(result)));
    }

    @Override
    public boolean abandon(String commandId, String claimedBy, Long leaseUntil, CommandResult result) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":failed",
                status(CommandStatus.FAILED),
                ":claimed",
                status(CommandStatus.CLAIMED),
                ":holder",
                AttributeValue.fromS(claimedBy),
                ":result",
                result(result)));
        String leaseCondition = "attribute_not_exists(#leaseUntil)";
        if (leaseUntil != null) {
            values.put(":lease", number(leaseUntil));
            leaseCondition = "#leaseUntil = :lease";
        }
        return update(
                commandId,
                "SET #status = :failed, #result = :result",
                "#status = :claimed AND #claimedBy = :holder AND " + leaseCondition,
                values);
    }

    private boolean update(String commandId, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        NAMES.forEach((placeholder, name) -> {
            if (update.contains(placeholder) || condition.contains(placeholder)) {
                names.put(placeholder, name);
            }
        });
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(key(commandId))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(commandId) AND " + condition)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException notInThatState) {
            return false;
        }
    }

    private static AttributeValue status(CommandStatus status) {
        return AttributeValue.fromS(status.name());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue result(CommandResult result) {
        return ItemMapper.toAttribute(Json.mapper().valueToTree(result));
    }

    private Map<String, AttributeValue> key(String commandId) {
        return Map.of("hostId", AttributeValue.fromS(hostId), "commandId", AttributeValue.fromS(commandId));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
