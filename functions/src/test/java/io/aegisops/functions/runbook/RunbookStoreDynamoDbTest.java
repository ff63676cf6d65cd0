package io.aegisops.functions.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegisops.contracts.tables.Tables;
import io.aegisops.testsupport.DynamoDbExtension;
import io.aegisops.testsupport.LocalDynamoDb;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB engine: the adapter keeps the {@link RunbookStoreContract}, with a marker per counted lesson. */
@ExtendWith(DynamoDbExtension.class)
class RunbookStoreDynamoDbTest extends RunbookStoreContract {

    private final LocalDynamoDb dynamo;

    RunbookStoreDynamoDbTest(LocalDynamoDb dynamo) {
        super(new DynamoRunbookStore(dynamo.client(), dynamo.table(Tables.RUNBOOK), dynamo.table(Tables.CONTROL)));
        this.dynamo = dynamo;
    }

    @Test
    void aCountedLessonLeavesAMarkerThatNamesItsSignatureAndExpires() {
        String signature = signature();
        String incident = "inc-" + UUID.randomUUID();
        store.learn(success(signature, incident));

        var marker = dynamo.client()
                .getItem(b -> b.tableName(dynamo.table(Tables.CONTROL))
                        .key(Map.of("pk", AttributeValue.fromS(DynamoRunbookStore.lessonKeyOf(incident)))))
                .item();
        assertThat(marker.get("signature").s()).isEqualTo(signature);
        assertThat(marker).containsKey("ttl");
    }
}
