package io.aegisops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.tables.Tables;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: each test class gets its own tables, so items written elsewhere are not visible here. */
@ExtendWith(DynamoDbExtension.class)
class OtherClassIsolationTest {

    @Test
    void freshTablesAreEmpty(LocalDynamoDb dynamo) {
        var scan = dynamo.client().scan(b -> b.tableName(dynamo.table(Tables.COMMANDS)));
        assertThat(scan.items()).isEmpty();

        dynamo.client().putItem(b -> b.tableName(dynamo.table(Tables.COMMANDS)).item(Map.of(
                "hostId", AttributeValue.fromS("edge-9"), "commandId", AttributeValue.fromS("c"))));
        assertThat(dynamo.client().scan(b -> b.tableName(dynamo.table(Tables.COMMANDS))).items()).hasSize(1);
    }
}
