package io.aegisops.functions.learn;

import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Deletes the {@code control} item {@code open#<service>#<alertType>} on condition that its
 * {@code incidentId} attribute is this incident: a marker a newer incident already took over stays.
 */
public final class DynamoOpenIncidentRelease implements OpenIncidentRelease {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOpenIncidentRelease(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String keyOf(String service, String alertType) {
        return "open#" + service + "#" + alertType;
    }

    @Override
    public boolean release(String service, String alertType, String incidentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(keyOf(service, alertType))))
                    .conditionExpression("incidentId = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(incidentId))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }
}
