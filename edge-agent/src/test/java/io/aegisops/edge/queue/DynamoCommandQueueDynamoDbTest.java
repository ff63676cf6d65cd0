package io.aegisops.edge.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.edge.CommandTable;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The {@link CommandQueueContract} on the DynamoDB engine, and what only a DynamoDB partition has: pages. */
@ExtendWith(DynamoDbExtension.class)
class DynamoCommandQueueDynamoDbTest extends CommandQueueContract {

    private final CommandTable table;
    private final DynamoCommandQueue queue;

    DynamoCommandQueueDynamoDbTest(LocalDynamoDb dynamo) {
        String name = dynamo.table(Tables.COMMANDS);
        table = new CommandTable(dynamo.client(), name);
        queue = new DynamoCommandQueue(dynamo.client(), name, hostId);
    }

    @Override
    CommandQueue queue() {
        return queue;
    }

    @Override
    Command put(Command command) {
        return table.put(command);
    }

    @Override
    Command get(Command command) {
        return table.get(command);
    }

    @Override
    void putUnknownType(String commandId, String taskToken, String type) {
        table.putRaw(Map.of(
                "hostId", AttributeValue.fromS(hostId),
                "commandId", AttributeValue.fromS(commandId),
                "type", AttributeValue.fromS(type),
                "container", AttributeValue.fromS("web"),
                "taskToken", AttributeValue.fromS(taskToken),
                "status", AttributeValue.fromS("PENDING")));
    }

    @Nested
    class ABusyPartition {

        @Test
        void isReadPageByPage() {
            // ~3.5 KB items: 400 of them are more than DynamoDB's 1 MB page.
            String padding = "x".repeat(3500);
            IntStream.range(0, 400)
                    .forEach(i -> table.put(CommandTable.pending(
                            hostId, "web", CommandType.LOGS, "t" + i, Map.of("note", padding), false)));

            assertThat(queue.poll().pending()).hasSize(400);
        }
    }
}
