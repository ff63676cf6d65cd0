package io.aegisops.functions.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.Action;
import io.aegisops.contracts.Command;
import io.aegisops.contracts.CommandStatus;
import io.aegisops.contracts.CommandType;
import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.Target;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.functions.commands.CommandQueue.Submission;
import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.testsupport.LocalDynamoDb;
import io.aegisops.testsupport.DynamoDbExtension;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: a command lands once, in its host's partition, as the agent reads it. */
@ExtendWith(DynamoDbExtension.class)
class CommandQueueDynamoDbTest {

    static final Instant NOW = Instant.parse("2026-11-21T03:15:00Z");
    static final Target TARGET = new Target("buggy-app", "edge-1", "buggy-app-container", "http://127.0.0.1:8080/health",
            Set.of(Action.RESTART), Set.of(), RestartBudget.DEFAULT);

    private final LocalDynamoDb dynamo;
    private final CommandQueue queue;

    CommandQueueDynamoDbTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
        this.queue = new DynamoCommandQueue(dynamo.client(), dynamo.table(Tables.COMMANDS));
    }

    @Nested
    class RetriedWriter {
        @Test
        void neverAddsASecondCommandAndAPendingCommandTakesTheNewTaskToken() {
            String incident = "inc-" + UUID.randomUUID();
            assertThat(queue.submit(Commands.restart(incident, TARGET, "token-1", 10, false, NOW))).isEqualTo(Submission.WRITTEN);
            assertThat(queue.submit(Commands.restart(incident, TARGET, "token-2", 10, true, NOW.plusSeconds(5))))
                    .isEqualTo(Submission.TOKEN_REPLACED);

            var items = itemsOf(incident);
            assertThat(items).hasSize(1);
            assertThat(items.getFirst().get("taskToken").s()).as("the waiting task's token").isEqualTo("token-2");
            assertThat(items.getFirst().get("dryRun").bool()).as("nothing else changes").isFalse();
            assertThat(items.getFirst().get("createdAt").s()).isEqualTo("2026-11-21T03:15:00Z");
        }

        @Test
        void aClaimedCommandKeepsItsToken() {
            String incident = "inc-" + UUID.randomUUID();
            queue.submit(Commands.restart(incident, TARGET, "token-1", 10, false, NOW));
            dynamo.client().updateItem(b -> b.tableName(dynamo.table(Tables.COMMANDS))
                    .key(Map.of("hostId", AttributeValue.fromS("edge-1"), "commandId", AttributeValue.fromS(incident + "#restart#1")))
                    .updateExpression("SET #s = :claimed, claimedBy = :agent")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":claimed", AttributeValue.fromS("CLAIMED"), ":agent", AttributeValue.fromS("agent-1"))));

            assertThat(queue.submit(Commands.restart(incident, TARGET, "token-2", 10, false, NOW))).isEqualTo(Submission.ALREADY_CLAIMED);

            var items = itemsOf(incident);
            assertThat(items).hasSize(1);
            assertThat(items.getFirst().get("taskToken").s()).isEqualTo("token-1");
            assertThat(items.getFirst().get("status").s()).isEqualTo("CLAIMED");
        }
    }

    @Test
    void theItemIsTheCommandContractWithNativeAttributes() {
        String incident = "inc-" + UUID.randomUUID();
        Command restart = Commands.restart(incident, TARGET, "token-1", 10, true, NOW);
        queue.submit(restart);

        assertThat(Fixtures.command(dynamo, "edge-1", incident + "#restart#1")).contains(restart);
        var item = dynamo.client().getItem(b -> b.tableName(dynamo.table(Tables.COMMANDS)).key(Map.of(
                "hostId", AttributeValue.fromS("edge-1"), "commandId", AttributeValue.fromS(restart.commandId())))).item();
        assertThat(item.get("status").s()).isEqualTo("PENDING");
        assertThat(item.get("type").s()).isEqualTo("RESTART");
        assertThat(item.get("container").s()).isEqualTo("buggy-app-container");
        assertThat(item.get("dryRun").bool()).isTrue();
        assertThat(item.get("params").m().get("stopTimeoutSeconds").s()).isEqualTo("10");
        assertThat(item.get("ttl").n()).isEqualTo(Long.toString(NOW.plus(Commands.RETENTION).getEpochSecond()));
        assertThat(item.get("createdAt").s()).isEqualTo("2026-11-21T03:15:00Z");
    }

    @Test
    void probesOfEachAttemptAreSeparateCommands() {
        String incident = "inc-" + UUID.randomUUID();
        assertThat(queue.submit(Commands.probe(incident, TARGET, "t1", 1, 3, NOW))).isEqualTo(Submission.WRITTEN);
        assertThat(queue.submit(Commands.probe(incident, TARGET, "t2", 2, 3, NOW))).isEqualTo(Submission.WRITTEN);

        Command second = Fixtures.command(dynamo, "edge-1", incident + "#probe#2").orElseThrow();
        assertThat(second.type()).isEqualTo(CommandType.PROBE);
        assertThat(second.status()).isEqualTo(CommandStatus.PENDING);
        assertThat(second.params()).containsEntry("healthUrl", "http://127.0.0.1:8080/health").containsEntry("attempts", "3");
    }

    private java.util.List<Map<String, AttributeValue>> itemsOf(String incident) {
        return dynamo.client().query(b -> b.tableName(dynamo.table(Tables.COMMANDS)).consistentRead(true)
                .keyConditionExpression("hostId = :h AND begins_with(commandId, :i)")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS("edge-1"), ":i", AttributeValue.fromS(incident)))).items();
    }
}
