package io.aegisops.functions.store;

import io.aegisops.contracts.Incident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Markers in the {@code control} table: {@code {pk: "open#<service>#<alertType>", incidentId, openedAt, ttl}}.
 * A marker is free when absent, when it names the same incident, or when its {@code ttl} has passed
 * (DynamoDB deletes expired items only eventually, so every condition checks {@code ttl} itself).
 */
public final class DynamoOpenIncidents implements OpenIncidents {

    /** How long a marker blocks new incidents if nobody releases it: longer than any pipeline runs. */
    public static final Duration DEFAULT_EXPIRY = Duration.ofHours(24);

    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String FREE = "attribute_not_exists(pk) OR incidentId = :id OR #ttl < :now";

    private final DynamoDbClient dynamo;
    private final String incidentsTable;
    private final String controlTable;
    private final Duration expiry;

    public DynamoOpenIncidents(DynamoDbClient dynamo, String incidentsTable, String controlTable, Duration expiry) {
        this.dynamo = dynamo;
        this.incidentsTable = incidentsTable;
        this.controlTable = controlTable;
        this.expiry = expiry;
    }

    public DynamoOpenIncidents(DynamoDbClient dynamo, String incidentsTable, String controlTable) {
        this(dynamo, incidentsTable, controlTable, DEFAULT_EXPIRY);
    }

    /**
     * One TransactWriteItems, whose cancellation reasons carry the old items ({@code ALL_OLD}): a failed
     * incident put is the stored incident, a failed marker put the marker. The marker put here fails on any
     * unexpired marker, its own incident's included, so that a redelivery learns who holds the marker without a
     * read (a new incident's id cannot be in a marker unless that incident was deleted).
     */
    @Override
    public Opening open(Incident incident, String service, String alertType, Instant now) {
        String id = incident.incidentId();
        return CompareAndSet.retry("the open-incident marker for " + service + "/" + alertType, () -> {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(incidentsTable)
                                        .item(DynamoIncidentStore.toItem(incident))
                                        .conditionExpression("attribute_not_exists(incidentId)")
                                        .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                        .build())
                                .build(),
                        TransactWriteItem.builder()
                                .put(Put.builder()
                                        .tableName(controlTable)
                                        .item(marker(service, alertType, id, now))
                                        .conditionExpression("attribute_not_exists(pk) OR #ttl < :now")
                                        .expressionAttributeNames(Map.of("#ttl", "ttl"))
                                        .expressionAttributeValues(Map.of(":now", epochSecond(now)))
                                        .returnValuesOnConditionCheckFailure(
                                                ReturnValuesOnConditionCheckFailure.ALL_OLD)
                                        .build())
                                .build()));
                return Opening.opened(id);
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                String holder = failedCondition(reasons, 1) && reasons.get(1).hasItem()
                        ? reasons.get(1).item().get("incidentId").s()
                        : null;
                if (failedCondition(reasons, 0) && reasons.get(0).hasItem()) {
                    return Opening.exists(
                            DynamoIncidentStore.fromItem(reasons.get(0).item()), holder);
                }
                if (!failedCondition(reasons, 0) && holder != null) {
                    if (!holder.equals(id)) {
                        return Opening.heldBy(holder);
                    }
                    release(service, alertType, id); // names this incident, which does not exist: a stale marker
                }
                // a concurrent transaction on the same items
                throw new CompareAndSet.Conflict("opening incident " + id);
            }
        });
    }

    @Override
    public Optional<String> holder(String service, String alertType, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(b ->
                        b.tableName(controlTable).key(key(service, alertType)).consistentRead(true))
                .item();
        if (item == null || item.isEmpty() || Long.parseLong(item.get("ttl").n()) < now.getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(item.get("incidentId").s());
    }

    @Override
    public String claim(String service, String alertType, String incidentId, Instant now) {
        return CompareAndSet.retry("the open-incident marker for " + service + "/" + alertType, () -> {
            try {
                dynamo.putItem(b -> b.tableName(controlTable)
                        .item(marker(service, alertType, incidentId, now))
                        .conditionExpression(FREE)
                        .expressionAttributeNames(Map.of("#ttl", "ttl"))
                        .expressionAttributeValues(freeValues(incidentId, now)));
                return incidentId;
            } catch (ConditionalCheckFailedException held) {
                // held by another incident: that one is the answer; gone meanwhile: try again
                return holder(service, alertType, now).orElseThrow(() -> held);
            }
        });
    }

    @Override
    public boolean release(String service, String alertType, String incidentId) {
        try {
            dynamo.deleteItem(b -> b.tableName(controlTable)
                    .key(key(service, alertType))
                    .conditionExpression("incidentId = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(incidentId))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false; // another incident holds the marker now, or none does: nothing to release
        }
    }

    public static String markerKey(String service, String alertType) {
        return "open#" + service + "#" + alertType;
    }

    private static Map<String, AttributeValue> key(String service, String alertType) {
        return Map.of("pk", AttributeValue.fromS(markerKey(service, alertType)));
    }

    private Map<String, AttributeValue> marker(String service, String alertType, String incidentId, Instant now) {
        return Map.of(
                "pk",
                AttributeValue.fromS(markerKey(service, alertType)),
                "incidentId",
                AttributeValue.fromS(incidentId),
                "openedAt",
                AttributeValue.fromS(now.toString()),
                "ttl",
                AttributeValue.fromN(Long.toString(now.plus(expiry).getEpochSecond())));
    }

    private static Map<String, AttributeValue> freeValues(String incidentId, Instant now) {
        return Map.of(":id", AttributeValue.fromS(incidentId), ":now", epochSecond(now));
    }

    private static AttributeValue epochSecond(Instant now) {
        return AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    }

    private static boolean failedCondition(List<CancellationReason> reasons, int index) {
        return reasons.size() > index
                && CONDITIONAL_CHECK_FAILED.equals(reasons.get(index).code());
    }
}
