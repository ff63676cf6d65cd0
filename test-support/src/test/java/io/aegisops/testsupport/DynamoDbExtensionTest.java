package io.aegisops.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aegisops.contracts.tables.TableDefinition;
import io.aegisops.contracts.tables.Tables;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** DynamoDB engine: the extension's tables match the shared definitions, and the engine enforces conditions. */
@ExtendWith(DynamoDbExtension.class)
class DynamoDbExtensionTest {

    private final LocalDynamoDb dynamo;

    DynamoDbExtensionTest(LocalDynamoDb dynamo) {
        this.dynamo = dynamo;
    }

    @Test
    void everySharedTableExistsWithItsKeysAndIndexes() {
        for (TableDefinition definition : Tables.ALL) {
            TableDescription table = dynamo.client().describeTable(b -> b.tableName(dynamo.table(definition))).table();

            assertThat(table.keySchema()).anySatisfy(k -> {
                assertThat(k.attributeName()).isEqualTo(definition.partitionKey().name());
                assertThat(k.keyType()).isEqualTo(KeyType.HASH);
            });
            if (definition.sortKey() != null) {
                assertThat(table.keySchema()).anySatisfy(k -> {
                    assertThat(k.attributeName()).isEqualTo(definition.sortKey().name());
                    assertThat(k.keyType()).isEqualTo(KeyType.RANGE);
                });
            }
            assertThat(table.globalSecondaryIndexes().stream().map(i -> i.indexName()))
                    .containsExactlyInAnyOrderElementsOf(definition.indexes().stream().map(i -> i.name()).toList());
            if (definition.ttlAttribute() != null) {
                var ttl = dynamo.client().describeTimeToLive(b -> b.tableName(dynamo.table(definition))).timeToLiveDescription();
                assertThat(ttl.attributeName()).isEqualTo(definition.ttlAttribute());
                assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            }
        }
    }

    @Test
    void conditionalPutRefusesASecondWriteOfTheSameKey() {
        Map<String, AttributeValue> item = Map.of(
                "hostId", AttributeValue.fromS("edge-1"),
                "commandId", AttributeValue.fromS("inc-1#remediate#1"));
        dynamo.client().putItem(b -> b.tableName(dynamo.table(Tables.COMMANDS)).item(item)
                .conditionExpression("attribute_not_exists(commandId)"));

        assertThatThrownBy(() -> dynamo.client().putItem(b -> b.tableName(dynamo.table(Tables.COMMANDS)).item(item)
                .conditionExpression("attribute_not_exists(commandId)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void everyCallerSeesTheSameTablesWhateverItsCredentials() {
        var otherKeys = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(dynamo.endpoint())
                .region(software.amazon.awssdk.regions.Region.EU_WEST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
        try (otherKeys) {
            assertThat(otherKeys.listTables().tableNames()).contains(dynamo.table(Tables.INCIDENTS));
        }
    }

    @Nested
    class NestedClasses {
        @Test
        void shareTheOuterClassTables(LocalDynamoDb nested) {
            assertThat(nested.tablePrefix()).isEqualTo(dynamo.tablePrefix());
        }
    }
}
