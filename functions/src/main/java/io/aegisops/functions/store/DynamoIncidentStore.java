package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Incidents as native DynamoDB items (the JSON contract's fields, see {@link ItemMapper}), plus two
 * store-only attributes: {@code listPartition} for the newest-first index and {@code approvalTaskToken}.
 */
public final class DynamoIncidentStore implements IncidentStore {

    /** Every incident sits in this partition of the {@code byCreated} index, so it lists newest first. */
    public static final String LIST_PARTITION = "INCIDENT";
    private static final String TOKEN = "approvalTaskToken";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoIncidentStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<Incident> get(String incidentId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(incidentId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public boolean create(Incident incident) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(toItem(incident))
                    .conditionExpression("attribute_not_exists(incidentId)"));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public Incident update(String incidentId, UnaryOperator<Incident> change) {
        return CompareAndSet.retry("incident " + incidentId, () -> {
            Incident current = get(incidentId).orElseThrow(() -> new IncidentNotFoundException(incidentId));
            Incident changed = change.apply(current);
            if (changed.equals(current)) {
                return current; // nothing to change: no write, no new version
            }
            Incident next = withVersion(changed, current.version() + 1);
            dynamo.updateItem(replaceFields(incidentId, next, current.version()));
            return next;
        });
    }

    /**
     * An update that sets every field of {@code next} and removes the ones it lacks, if the version is still
     * {@code expected}. An UpdateItem rather than a PutItem, so the approval token is never touched by it.
     */
    private UpdateItemRequest replaceFields(String incidentId, Incident next, long expected) {
        Map<String, AttributeValue> item = ItemMapper.toItem(next);
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> removes = new ArrayList<>();
        for (RecordComponent field : Incident.class.getRecordComponents()) {
            String name = field.getName();
            if (name.equals("incidentId")) {
                continue;
            }
            names.put("#" + name, name);
            AttributeValue value = item.get(name);
            if (value == null) {
                removes.add("#" + name);
            } else {
                values.put(":" + name, value);
                sets.add("#" + name + " = :" + name);
            }
        }
        values.put(":expected", AttributeValue.fromN(Long.toString(expected)));
        String expression = "SET " + String.join(", ", sets) + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        return UpdateItemRequest.builder().tableName(table).key(key(incidentId))
                .updateExpression(expression)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public void putApprovalToken(String incidentId, String taskToken) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(incidentId))
                    .updateExpression("SET " + TOKEN + " = :token")
                    .conditionExpression("attribute_exists(incidentId)")
                    .expressionAttributeValues(Map.of(":token", AttributeValue.fromS(taskToken))));
        } catch (ConditionalCheckFailedException missing) {
            throw new IncidentNotFoundException(incidentId);
        }
    }

    @Override
    public Optional<String> takeApprovalToken(String incidentId) {
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(b -> b.tableName(table).key(key(incidentId))
                    .updateExpression("REMOVE " + TOKEN)
                    .conditionExpression("attribute_exists(" + TOKEN + ")")
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            return Optional.ofNullable(old.get(TOKEN)).map(AttributeValue::s);
        } catch (ConditionalCheckFailedException noToken) {
            return Optional.empty();
        }
    }

    private static Map<String, AttributeValue> key(String incidentId) {
        return Map.of("incidentId", AttributeValue.fromS(incidentId));
    }

    private static Map<String, AttributeValue> toItem(Incident incident) {
        Map<String, AttributeValue> item = new HashMap<>(ItemMapper.toItem(incident));
        item.put("listPartition", AttributeValue.fromS(LIST_PARTITION));
        return item;
    }

    private static Incident fromItem(Map<String, AttributeValue> item) {
        return ItemMapper.fromItem(item, Incident.class);
    }

    private static Incident withVersion(Incident i, long version) {
        return new Incident(i.incidentId(), i.status(), i.alert(), i.alertCount(), i.target(), i.evidence(),
                i.diagnosis(), i.decision(), i.commandResults(), i.verification(), i.timeline(), i.executionArn(),
                i.createdAt(), i.resolvedAt(), i.mttrMs(), version);
    }
}
