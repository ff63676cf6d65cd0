package io.aegisops.functions.store;

import io.aegisops.contracts.tables.DynamoTables;
import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: the adapter keeps the {@link IncidentStoreContract}. */
@ExtendWith(DynamoDbExtension.class)
class IncidentStoreDynamoDbTest extends IncidentStoreContract {

    private final LocalDynamoDb dynamo;

    IncidentStoreDynamoDbTest(LocalDynamoDb dynamo) {
        super(new DynamoIncidentStore(dynamo.client(), dynamo.table(Tables.INCIDENTS)));
        this.dynamo = dynamo;
    }

    @Override
    IncidentStore emptyStore() {
        String prefix = "l" + UUID.randomUUID().toString().substring(0, 8) + "-";
        DynamoTables.create(dynamo.client(), prefix, Tables.INCIDENTS);
        return new DynamoIncidentStore(dynamo.client(), Tables.named(prefix, Tables.INCIDENTS));
    }
}
