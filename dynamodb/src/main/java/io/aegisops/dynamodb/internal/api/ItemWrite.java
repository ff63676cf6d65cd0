package io.aegisops.dynamodb.internal.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegisops.dynamodb.internal.ApiException;
import io.aegisops.dynamodb.internal.expr.Ast;
import io.aegisops.dynamodb.internal.expr.Evaluator;
import io.aegisops.dynamodb.internal.expr.Expressions;
import io.aegisops.dynamodb.internal.expr.Placeholders;
import io.aegisops.dynamodb.internal.expr.Updater;
import io.aegisops.dynamodb.internal.table.Key;
import io.aegisops.dynamodb.internal.table.Table;
import io.aegisops.dynamodb.internal.value.Value;
import java.util.List;
import java.util.Map;

/**
 * One write to one item (Put, Update, Delete or a transaction's ConditionCheck), parsed before the lock is taken
 * and then planned against the item as it is: the condition checked and the new item computed, so a
 * transaction can check all of its writes before it applies any.
 */
final class ItemWrite {

    enum Kind { PUT, UPDATE, DELETE, CHECK }

    final Kind kind;
    final String tableName;
    final Map<String, Value> item;
    final Map<String, Value> key;
    final Ast.Condition condition;
    final Ast.Update update;
    final boolean returnOldOnFailure;

    private ItemWrite(Kind kind, String tableName, Map<String, Value> item, Map<String, Value> key, Ast.Condition condition,
                      Ast.Update update, boolean returnOldOnFailure) {
        this.kind = kind;
        this.tableName = tableName;
        this.item = item;
        this.key = key;
        this.condition = condition;
        this.update = update;
        this.returnOldOnFailure = returnOldOnFailure;
    }

    static ItemWrite parse(Kind kind, JsonNode request) {
        String table = Requests.requiredText(request, "TableName", "tableName");
        TableCodec.requireTableName(table, "tableName");
        Legacy.requireOneStyle(request, List.of("Expected", "ConditionalOperator", "AttributeUpdates"),
                List.of("ConditionExpression", "UpdateExpression", "ExpressionAttributeNames", "ExpressionAttributeValues"));
        boolean hasCondition = Requests.text(request, "ConditionExpression") != null;
        boolean hasUpdate = kind == Kind.UPDATE && Requests.text(request, "UpdateExpression") != null;
        if (kind == Kind.CHECK && !hasCondition) {
            throw ApiException.validation("1 validation error detected: Value null at 'conditionExpression' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        Placeholders placeholders = Requests.placeholders(request, hasCondition || hasUpdate);
        Ast.Update update = hasUpdate ? Expressions.update(Requests.text(request, "UpdateExpression"), placeholders)
                : kind == Kind.UPDATE ? Legacy.attributeUpdates(request) : null;
        Ast.Condition condition = hasCondition
                ? Requests.condition(request, "ConditionExpression", Expressions.Kind.CONDITION, placeholders)
                : Legacy.expected(request);
        placeholders.requireAllUsed();
        Map<String, Value> item = kind == Kind.PUT ? Requests.requiredItem(request, "Item") : null;
        Map<String, Value> key = kind == Kind.PUT ? null : Requests.requiredItem(request, "Key");
        return new ItemWrite(kind, table, item, key, condition, update, Requests.returnOldOnConditionFailure(request));
    }

    /** What this write would do to {@code table} now; throws a ConditionalCheckFailedException or a validation error. */
    Plan plan(Table table) {
        Key itemKey = kind == Kind.PUT ? table.keyOfItem(item) : table.keyOf(key);
        Map<String, Value> old = table.items().get(itemKey);
        if (condition != null && !new Evaluator(Expressions.Kind.CONDITION).test(condition, old)) {
            throw new ConditionFailed(returnOldOnFailure ? old : null);
        }
        Map<String, Value> next = switch (kind) {
            case PUT -> item;
            case UPDATE -> {
                Map<String, Value> base = old != null ? old : table.keyAttributes(key);
                if (update == null) {
                    yield base;
                }
                for (Ast.Path path : update.paths()) {
                    if (table.schema().isKey(path.first())) {
                        throw ApiException.validation("One or more parameter values were invalid: Cannot update attribute "
                                + path.first() + ". This attribute is part of the key");
                    }
                }
                yield Updater.apply(update, base);
            }
            case DELETE, CHECK -> null;
        };
        if (next != null) {
            table.validate(next);
        }
        return new Plan(table, itemKey, old, next, kind == Kind.CHECK);
    }

    /** The outcome of planning: apply it to make it so. {@code next} is null for a delete. */
    record Plan(Table table, Key key, Map<String, Value> old, Map<String, Value> next, boolean checkOnly) {
        void apply(Database db) {
            if (checkOnly) {
                return;
            }
            if (next == null) {
                db.delete(table, key);
            } else {
                db.put(table, key, next);
            }
        }
    }

    /** A failed condition, carrying the item as it was when the request asked for it. */
    static final class ConditionFailed extends RuntimeException {
        final transient Map<String, Value> old;

        ConditionFailed(Map<String, Value> old) {
            super(null, null, false, false);
            this.old = old;
        }
    }
}
