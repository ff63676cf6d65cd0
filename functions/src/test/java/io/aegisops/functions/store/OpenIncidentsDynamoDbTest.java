package io.aegisops.functions.store;

import io.aegisops.functions.pipeline.Fixtures;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import org.junit.jupiter.api.extension.ExtendWith;

/** DynamoDB engine: the adapter keeps the {@link OpenIncidentsContract}. */
@ExtendWith(DynamoDbExtension.class)
class OpenIncidentsDynamoDbTest extends OpenIncidentsContract {

    OpenIncidentsDynamoDbTest(LocalDynamoDb dynamo) {
        super(Fixtures.stores(dynamo));
    }
}
