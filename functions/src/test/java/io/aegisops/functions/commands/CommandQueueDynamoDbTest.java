package io.aegisops.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: the adapter keeps the {@link CommandQueueContract}, in the item shape the agent reads. */
@ExtendWith(DynamoDbExtension.class)
class CommandQueueDynamoDbTest extends CommandQueueContract {

    private final LocalDynamoDb dynamo;

    CommandQueueDynamoDbTest(LocalDynamoDb dynamo) {
        super(new DynamoCommandQueue(dynamo.client(), dynamo.table(Tables.COMMANDS)));
        this.dynamo = dynamo;
    }

    @Override
    Optional<Command> find(String hostId, String commandId) {
        return Fixtures.command(dynamo, hostId, commandId);
    }

    @Override
    List<Command> commandsOf(String hostId) {
        return dynamo
                .client()
                .query(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                        .consistentRead(true)
                        .keyConditionExpression("hostId = :h")
                        .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hostId))))
                .items()
                .stream()
                .map(item -> ItemMapper.fromItem(item, Command.class))
                .toList();
    }

    @Override
    void claim(String hostId, String commandId, String agentId) {
        dynamo.client()
                .updateItem(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                        .key(Map.of(
                                "hostId", AttributeValue.fromS(hostId), "commandId", AttributeValue.fromS(commandId)))
                        .updateExpression("SET #s = :claimed, claimedBy = :agent")
                        .expressionAttributeNames(Map.of("#s", "status"))
                        .expressionAttributeValues(Map.of(
                                ":claimed", AttributeValue.fromS("CLAIMED"), ":agent", AttributeValue.fromS(agentId))));
    }

    @Test
    void theItemIsTheCommandContractWithNativeAttributes() {
        String incident = "inc-" + UUID.randomUUID();
        Command restart = Commands.remediation(incident, TARGET, Action.RESTART, null, "token-1", 10, true, NOW);
        queue.submit(restart);

        var item = dynamo.client()
                .getItem(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                        .key(Map.of(
                                "hostId",
                                AttributeValue.fromS("edge-1"),
                                "commandId",
                                AttributeValue.fromS(restart.commandId()))))
                .item();
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("type").s()).isEqualTo("RESTART");
        assertThat(item.get("container").s()).isEqualTo("buggy-app-container");
        assertThat(item.get("dryRun").bool()).isTrue();
        assertThat(item.get("params").m().get("stopTimeoutSeconds").s()).isEqualTo("10");
        assertThat(item.get("ttl").n())
                .isEqualTo(Long.toString(NOW.plus(Commands.RETENTION).getEpochSecond()));
        assertThat(item.get("createdAt").s()).isEqualTo("2026-11-21T03:15:00Z");
    }
}
