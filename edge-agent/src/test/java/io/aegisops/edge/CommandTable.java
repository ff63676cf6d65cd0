package io.aegisops.edge;

import static org.awaitility.Awaitility.await;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The {@code commands} table as the pipeline's functions write it: PENDING items put with
 * {@code attribute_not_exists(commandId)} through {@link ItemMapper}, with a task token, the configured
 * container, params, dryRun, createdAt and a ttl.
 */
public final class CommandTable {

    private final DynamoDbClient dynamo;
    private final String table;

    public CommandTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** A PENDING command as the functions write it, created now, living a day. */
    public static Command pending(
            String hostId,
            String container,
            CommandType type,
            String taskToken,
            Map<String, String> params,
            boolean dryRun) {
        return pending(hostId, container, type, taskToken, params, dryRun, Instant.now());
    }

    public static Command pending(
            String hostId,
            String container,
            CommandType type,
            String taskToken,
            Map<String, String> params,
            boolean dryRun,
            Instant createdAt) {
        String incidentId = "inc-test-" + UUID.randomUUID().toString().replace("-", "");
        return new Command(
                Command.idFor(incidentId, type.name().toLowerCase(Locale.ROOT), 1),
                hostId,
                incidentId,
                type,
                container,
                params,
                dryRun,
                taskToken,
                CommandStatus.PENDING,
                null,
                null,
                createdAt,
                null,
                createdAt.plus(Duration.ofDays(1)).getEpochSecond());
    }

    public Command put(Command command) {
        dynamo.putItem(b -> b.tableName(table)
                .item(ItemMapper.toItem(command))
                .conditionExpression("attribute_not_exists(commandId)"));
        return command;
    }

    /** Writes an item as given, for malformed commands the agent must refuse. */
    public void putRaw(Map<String, AttributeValue> item) {
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    public Command get(Command command) {
        return get(command.hostId(), command.commandId());
    }

    public Command get(String hostId, String commandId) {
        return ItemMapper.fromItem(raw(hostId, commandId), Command.class);
    }

    /** The item as stored, for items that are not valid commands. */
    public Map<String, AttributeValue> raw(String hostId, String commandId) {
        return dynamo.getItem(b -> b.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(
                                "hostId", AttributeValue.fromS(hostId), "commandId", AttributeValue.fromS(commandId))))
                .item();
    }

    /** Waits until the command reaches {@code status}; the command as it is then. */
    public Command awaitStatus(Command command, CommandStatus status, Duration timeout) {
        return await().alias("command " + command.commandId() + " " + status)
                .atMost(timeout)
                .until(() -> get(command), current -> current.status() == status);
    }
}
