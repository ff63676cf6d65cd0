package io.aegisops.functions.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB engine: the adapter keeps the {@link AgentRosterContract} over items written as the edge agent writes
 * them (one PutItem of the record's fields, edge-agent's {@code DynamoLiveness}).
 */
@ExtendWith(DynamoDbExtension.class)
class AgentRosterDynamoDbTest extends AgentRosterContract {

    private final LocalDynamoDb dynamo;

    AgentRosterDynamoDbTest(LocalDynamoDb dynamo) {
        super(new DynamoAgentRoster(dynamo.client(), dynamo.table(Tables.AGENTS)));
        this.dynamo = dynamo;
    }

    @Override
    void report(AgentLiveness liveness) {
        dynamo.client().putItem(b -> b.tableName(dynamo.table(Tables.AGENTS)).item(ItemMapper.toItem(liveness)));
    }

    @Test
    void anItemAHostWroteWrongIsLeftOutAndTheOthersListed() {
        report(liveness("unreadable-test-good", Instant.parse("2026-12-06T12:00:00Z"), 1, 0));
        dynamo.client()
                .putItem(b -> b.tableName(dynamo.table(Tables.AGENTS))
                        .item(Map.of(
                                "hostId", AttributeValue.fromS("unreadable-test-bad"),
                                "startedAt", AttributeValue.fromS("not an instant"))));

        assertThat(roster.all())
                .extracting(AgentLiveness::hostId)
                .contains("unreadable-test-good")
                .doesNotContain("unreadable-test-bad");
    }
}
