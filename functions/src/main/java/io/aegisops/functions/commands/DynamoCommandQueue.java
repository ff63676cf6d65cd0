package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Commands as native items of the {@code commands} table (pk {@code hostId}, sk {@code commandId}). */
public final class DynamoCommandQueue implements CommandQueue {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCommandQueue(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean submit(Command command) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(ItemMapper.toItem(command))
                    .conditionExpression("attribute_not_exists(commandId)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Optional<Command> find(String hostId, String commandId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("hostId", AttributeValue.fromS(hostId), "commandId", AttributeValue.fromS(commandId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.fromItem(item, Command.class));
    }
}
