package io.aegisops.edge.liveness;

import io.aegisops.contracts.AgentLiveness;
import io.aegisops.contracts.dynamo.ItemMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The host's item in the {@code agents} table, replaced whole by one PutItem (its key is the host id, which is all
 * the host's role may write there: {@code dynamodb:LeadingKeys}).
 */
public final class DynamoLiveness implements Liveness {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoLiveness(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void report(AgentLiveness liveness) {
        dynamo.putItem(b -> b.tableName(table).item(ItemMapper.toItem(liveness)));
    }
}
