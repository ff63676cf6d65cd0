package io.aegisops.functions.commands;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.util.Map;
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
    public Submission submit(Command command) {
        try {
            dynamo.putItem(b -> b.tableName(table)
                    .item(ItemMapper.toItem(command))
                    .conditionExpression("attribute_not_exists(commandId)"));
            return Submission.WRITTEN;
        } catch (ConditionalCheckFailedException exists) {
            return replaceTokenWhilePending(command);
        }
    }

    private Submission replaceTokenWhilePending(Command command) {
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(
                            "hostId",
                            AttributeValue.fromS(command.hostId()),
                            "commandId",
                            AttributeValue.fromS(command.commandId())))
                    .updateExpression("SET taskToken = :token")
                    .conditionExpression("attribute_exists(commandId) AND #status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(
                            ":token",
                            AttributeValue.fromS(command.taskToken()),
                            ":pending",
                            AttributeValue.fromS(CommandStatus.PENDING.name()))));
            return Submission.TOKEN_REPLACED;
        } catch (ConditionalCheckFailedException claimed) {
            return Submission.ALREADY_CLAIMED;
        }
    }
}
