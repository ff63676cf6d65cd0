package io.aegisops.functions.policy;

import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: the adapter keeps the {@link RestartBudgetStoreContract}. */
@ExtendWith(DynamoDbExtension.class)
class RestartBudgetStoreDynamoDbTest extends RestartBudgetStoreContract {

    RestartBudgetStoreDynamoDbTest(LocalDynamoDb dynamo) {
        super(new DynamoRestartBudgetStore(dynamo.client(), dynamo.table(Tables.CONTROL)));
    }
}
