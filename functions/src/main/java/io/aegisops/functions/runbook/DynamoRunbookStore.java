package io.aegisops.functions.runbook;

import io.aegisops.contracts.RunbookEntry;
import io.aegisops.contracts.dynamo.ItemMapper;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Runbook entries as native items of the {@code runbook} table (pk {@code signature}). */
public final class DynamoRunbookStore implements RunbookStore {

    private static final int MAX_ATTEMPTS = 20;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRunbookStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<RunbookEntry> find(String signature) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of("signature", AttributeValue.fromS(signature))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(ItemMapper.fromItem(item, RunbookEntry.class));
    }

    @Override
    public Optional<RunbookEntry> update(String signature, Function<Optional<RunbookEntry>, Optional<RunbookEntry>> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<RunbookEntry> current = find(signature);
            Optional<RunbookEntry> changed = change.apply(current);
            if (changed.isEmpty()) {
                return Optional.empty();
            }
            RunbookEntry next = withVersion(changed.get(), signature, current.map(RunbookEntry::version).orElse(0L) + 1);
            try {
                if (current.isEmpty()) {
                    dynamo.putItem(b -> b.tableName(table).item(ItemMapper.toItem(next))
                            .conditionExpression("attribute_not_exists(signature)"));
                } else {
                    dynamo.putItem(b -> b.tableName(table).item(ItemMapper.toItem(next))
                            .conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", "version"))
                            .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(current.get().version())))));
                }
                return Optional.of(next);
            } catch (ConditionalCheckFailedException raced) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("runbook entry " + signature + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }

    private static RunbookEntry withVersion(RunbookEntry e, String signature, long version) {
        return new RunbookEntry(signature, e.action(), e.rootCause(), e.successes(), e.failures(), e.rejections(),
                e.lastIncidentId(), e.lastSeen(), e.avgRecoveryMs(), version);
    }
}
