package io.aegisops.contracts.tables;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Creates the AegisOps tables from {@link Tables} through the DynamoDB API (AegisOps' engine, LocalStack or AWS). */
public final class DynamoTables {

    private DynamoTables() {
    }

    /** Creates every table under {@code prefix}; tables that already exist are left as they are. */
    public static void createAll(DynamoDbClient dynamo, String prefix) {
        for (TableDefinition table : Tables.ALL) {
            create(dynamo, prefix, table);
        }
    }

    public static void create(DynamoDbClient dynamo, String prefix, TableDefinition table) {
        String name = Tables.named(prefix, table);
        try {
            dynamo.createTable(createRequest(name, table));
        } catch (ResourceInUseException alreadyThere) {
            return;
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(name));
        if (table.ttlAttribute() != null) {
            dynamo.updateTimeToLive(b -> b.tableName(name)
                    .timeToLiveSpecification(t -> t.enabled(true).attributeName(table.ttlAttribute())));
        }
    }

    static CreateTableRequest createRequest(String name, TableDefinition table) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        List<KeySchemaElement> keys = keySchema(table.partitionKey(), table.sortKey(), attributes);
        for (IndexDefinition index : table.indexes()) {
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey(), attributes))
                    .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                    .build());
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys)
                .attributeDefinitions(attributes.values());
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes);
        }
        return request.build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute hash, KeyAttribute range,
                                                    Map<String, AttributeDefinition> attributes) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(element(hash, KeyType.HASH, attributes));
        if (range != null) {
            keys.add(element(range, KeyType.RANGE, attributes));
        }
        return keys;
    }

    private static KeySchemaElement element(KeyAttribute key, KeyType role, Map<String, AttributeDefinition> attributes) {
        ScalarAttributeType type = switch (key.type()) {
            case STRING -> ScalarAttributeType.S;
            case NUMBER -> ScalarAttributeType.N;
        };
        attributes.putIfAbsent(key.name(), AttributeDefinition.builder().attributeName(key.name()).attributeType(type).build());
        return KeySchemaElement.builder().attributeName(key.name()).keyType(role).build();
    }
}
