package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.RunbookToggle;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.functions.store.CompareAndSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Runbook entries as native items of the {@code runbook} table (pk {@code signature}). A lesson is written in one
 * transaction with a {@code control} item {@code lesson#<incidentId>} that must not exist yet: the entry changes
 * (compare-and-set on its version) if and only if that incident was never counted.
 */
public final class DynamoRunbookStore implements RunbookStore {

    /** How long the counted-lesson marker is kept: far beyond any retry of Learn. */
    static final Duration LESSON_MARKER_RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String controlTable;

    public DynamoRunbookStore(DynamoDbClient dynamo, String table, String controlTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.controlTable = controlTable;
    }

    public static String lessonKeyOf(String incidentId) {
        return "lesson#" + incidentId;
    }

    @Override
    public Optional<RunbookEntry> find(String signature) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                        .key(Map.of("signature", AttributeValue.fromS(signature)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty()
                ? Optional.empty()
                : Optional.of(ItemMapper.fromItem(item, RunbookEntry.class));
    }

    @Override
    public List<RunbookEntry> list(int max) {
        List<RunbookEntry> entries = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table)
                    .consistentRead(true)
                    .limit(max - entries.size())
                    .exclusiveStartKey(from));
            page.items().forEach(item -> entries.add(ItemMapper.fromItem(item, RunbookEntry.class)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && entries.size() < max);
        entries.sort(Comparator.comparing(RunbookEntry::signature));
        return entries;
    }

    @Override
    public Optional<RunbookEntry> toggle(String signature, RunbookToggle toggle) {
        return CompareAndSet.retry("runbook entry " + signature, () -> {
            Optional<RunbookEntry> current = find(signature);
            if (current.isEmpty()) {
                return Optional.<RunbookEntry>empty();
            }
            RunbookEntry next = current.get().toggled(toggle);
            // an UpdateItem of the toggle and the version alone: the API's function may touch nothing else (IAM)
            try {
                dynamo.updateItem(b -> b.tableName(table)
                        .key(Map.of("signature", AttributeValue.fromS(signature)))
                        .updateExpression("SET #toggle = :toggle, #version = :next")
                        .conditionExpression("#version = :expected")
                        .expressionAttributeNames(Map.of("#toggle", "toggle", "#version", "version"))
                        .expressionAttributeValues(Map.of(
                                ":toggle", AttributeValue.fromM(ItemMapper.toItem(toggle)),
                                ":next", AttributeValue.fromN(Long.toString(next.version())),
                                ":expected",
                                        AttributeValue.fromN(
                                                Long.toString(current.get().version())))));
            } catch (ConditionalCheckFailedException changed) {
                throw new CompareAndSet.Conflict("runbook entry " + signature + " changed");
            }
            return Optional.of(next);
        });
    }

    @Override
    public Optional<RunbookEntry> learn(Outcome lesson) {
        String signature = lesson.signature();
        return CompareAndSet.retry("runbook entry " + signature, () -> {
            Optional<RunbookEntry> current = find(signature);
            RunbookEntry next = RunbookLearning.stored(current, lesson);
            try {
                dynamo.transactWriteItems(b -> b.transactItems(entryPut(next, current), markerPut(lesson)));
                return Optional.of(next);
            } catch (TransactionCanceledException cancelled) {
                if (failedCondition(cancelled, 1)) {
                    return Optional.<RunbookEntry>empty(); // this incident's lesson is already counted
                }
                throw new CompareAndSet.Conflict("runbook entry " + signature + " changed: " + cancelled.getMessage());
            }
        });
    }

    private TransactWriteItem entryPut(RunbookEntry next, Optional<RunbookEntry> current) {
        return TransactWriteItem.builder().put(versionedPut(next, current)).build();
    }

    /** {@code next} on condition that {@code current} is still what is stored (none: that nothing is). */
    private Put versionedPut(RunbookEntry next, Optional<RunbookEntry> current) {
        Put.Builder put = Put.builder().tableName(table).item(ItemMapper.toItem(next));
        if (current.isEmpty()) {
            put.conditionExpression("attribute_not_exists(signature)");
        } else {
            put.conditionExpression("#version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version"))
                    .expressionAttributeValues(Map.of(
                            ":expected",
                            AttributeValue.fromN(Long.toString(current.get().version()))));
        }
        return put.build();
    }

    private TransactWriteItem markerPut(Outcome lesson) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(controlTable)
                        .item(Map.of(
                                "pk", AttributeValue.fromS(lessonKeyOf(lesson.incidentId())),
                                "signature", AttributeValue.fromS(lesson.signature()),
                                "kind", AttributeValue.fromS(lesson.kind().name()),
                                "ttl",
                                        AttributeValue.fromN(Long.toString(lesson.at()
                                                .plus(LESSON_MARKER_RETENTION)
                                                .getEpochSecond()))))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build();
    }

    private static boolean failedCondition(TransactionCanceledException cancelled, int item) {
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        return reasons != null
                && reasons.size() > item
                && "ConditionalCheckFailed".equals(reasons.get(item).code());
    }
}
