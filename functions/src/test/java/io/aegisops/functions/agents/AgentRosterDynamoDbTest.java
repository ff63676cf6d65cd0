package io.aegisops.functions.agents;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import org.junit.jupiter.api.extension.ExtendWith;

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
}
