package io.aegisops.functions.policy;

import io.aegisops.contracts.RestartBudget;
import io.aegisops.contracts.dynamo.ItemMapper;
import io.aegisops.functions.store.CompareAndSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restart ledgers as items {@code budget#<service>} of the {@code control} table:
 * {@code {pk, restarts: [{commandId, at}], version}}, written only with a condition on the version read.
 */
public final class DynamoRestartBudgetStore implements RestartBudgetStore {

    /** The item's shape; {@code restarts} within the window only (the ledger forgets older ones). */
    record BudgetItem(String pk, List<RestartLedger.Restart> restarts, long version) {}

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoRestartBudgetStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static String keyOf(String service) {
        return "budget#" + service;
    }

    @Override
    public RestartLedger ledger(String service) {
        BudgetItem item = read(service);
        return item == null ? RestartLedger.EMPTY : new RestartLedger(item.restarts());
    }

    @Override
    public Consumption consume(
            String service,
            RestartBudget budget,
            String commandId,
            Instant now,
            Function<RestartLedger, PolicyVerdict> decide) {
        return CompareAndSet.retry("restart budget of " + service, () -> {
            BudgetItem current = read(service);
            RestartLedger ledger = current == null ? RestartLedger.EMPTY : new RestartLedger(current.restarts());
            Step step = RestartBudgetStore.consumeOn(ledger, budget, commandId, now, decide);
            if (step.next() != null) {
                write(
                        new BudgetItem(
                                keyOf(service), step.next().restarts(), current == null ? 1 : current.version() + 1),
                        current);
            }
            return step.consumption();
        });
    }

    private BudgetItem read(String service) {
        Map<String, AttributeValue> item = dynamo.getItem(b ->
                        b.tableName(table).consistentRead(true).key(Map.of("pk", AttributeValue.fromS(keyOf(service)))))
                .item();
        return item == null || item.isEmpty() ? null : ItemMapper.fromItem(item, BudgetItem.class);
    }

    private void write(BudgetItem next, BudgetItem current) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition;
        if (current == null) {
            condition = "attribute_not_exists(pk)";
        } else {
            condition = "#version = :expected";
            values.put(":expected", AttributeValue.fromN(Long.toString(current.version())));
        }
        dynamo.putItem(b -> b.tableName(table)
                .item(ItemMapper.toItem(next))
                .conditionExpression(condition)
                .expressionAttributeNames(current == null ? null : Map.of("#version", "version"))
                .expressionAttributeValues(values.isEmpty() ? null : values));
    }
}
